import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { circles, importGraph } from './helpers/importGraph';

/**
 * The layers of DESIGN.md ("Layers"), lowest first. A file may import files of its own folder and
 * of lower layers only; folders that share a layer do not import each other. A file's folder is
 * the longest prefix below that matches its path. The table is the design: a new folder is added
 * here on purpose, and a file that fits no entry fails the test. A unit is a folder, or a list of
 * paths that count as one folder.
 */
type Unit = string | readonly string[];
const LAYERS: readonly (readonly Unit[])[] = [
  ['src/protocol/', 'src/core/util/'],
  ['src/core/settings/'],
  ['src/core/runner/', 'src/core/git/'],
  ['src/core/operations/'],
  ['src/core/ports/'],
  ['src/core/features/'],
  ['src/core/agents/'],
  ['src/core/tasks/', 'src/core/github/', 'src/core/refine/'],
  ['src/core/hub/'],
  ['src/core/handlers/'],
  ['src/core/app/'],
  ['src/core/server/'],
  // A shell's entry file belongs to its folder.
  [['src/vscode/', 'src/extension.ts'], ['src/cli/', 'src/cli.ts']],
];

/** The webview is its own program: it reaches the host only through the protocol. */
const WEBVIEW = 'webview/';

const repo = join(__dirname, '..', '..');
const graph = importGraph(repo, ['src', 'webview']);

function folderOf(file: string): { folder: string; layer: number } | undefined {
  let best: { folder: string; layer: number; match: number } | undefined;
  LAYERS.forEach((units, layer) => {
    for (const unit of units) {
      const paths = typeof unit === 'string' ? [unit] : unit;
      for (const path of paths) {
        if (file.startsWith(path) && (!best || path.length > best.match)) best = { folder: paths[0], layer, match: path.length };
      }
    }
  });
  return best && { folder: best.folder, layer: best.layer };
}

describe('layers (the import graph of src/ and webview/)', () => {
  it('reads the imports (the graph is not empty)', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files found`);
    assert.ok(graph.get('src/extension.ts')?.length, 'extension.ts imports nothing?');
  });

  it('has no import circles', () => {
    assert.deepEqual(circles(graph), []);
  });

  it('places every file of src/ in a layer', () => {
    const unplaced = [...graph.keys()].filter((f) => f.startsWith('src/') && !folderOf(f));
    assert.deepEqual(unplaced, []);
  });

  it('never imports upward or sideways between folders of one layer', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      if (!from) continue;
      for (const target of targets) {
        const to = folderOf(target);
        if (!to) wrong.push(`${file} → ${target} (in no layer)`);
        else if (to.folder !== from.folder && to.layer >= from.layer) wrong.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps the protocol split by concern: no file of src/protocol over 400 lines', () => {
    const long = [...graph.keys()]
      .filter((f) => f.startsWith('src/protocol/'))
      .map((f) => ({ f, lines: readFileSync(join(repo, f), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    assert.deepEqual(long, []);
  });

  it('lets the webview import only itself and src/protocol', () => {
    const wrong = [...graph]
      .filter(([file]) => file.startsWith(WEBVIEW))
      .flatMap(([file, targets]) => targets.filter((t) => !t.startsWith(WEBVIEW) && !t.startsWith('src/protocol/')).map((t) => `${file} → ${t}`));
    assert.deepEqual(wrong, []);
  });
});
