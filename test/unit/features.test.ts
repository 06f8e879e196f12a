import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWrite } from '../../src/core/features/documentWrite';
import { documentPath, featureFromFolder, findFeatures } from '../../src/core/features/features';
import { agentEnv, buildSpecPrompt } from '../../src/core/features/prompt';
import { VersionStore } from '../../src/core/features/versions';

describe('features', () => {
  let root: string;
  beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'sw-feat-')); });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('finds spec-kit feature folders in number order and ignores the rest', async () => {
    for (const d of ['010-export', '002-albums', '1000-late', '20261124-093000-timestamped', 'notes', '02-too-short', '999-last-three']) {
      await mkdir(join(root, 'specs', d), { recursive: true });
    }
    await writeFile(join(root, 'specs', '002-albums', 'spec.md'), '# x');
    await writeFile(join(root, 'specs', 'README.md'), 'not a folder');
    const features = await findFeatures(root);
    assert.deepEqual(features.map((f) => f.name), ['002-albums', '010-export', '999-last-three', '1000-late', '20261124-093000-timestamped']);
    const albums = features[0];
    assert.equal(albums.slug, 'albums');
    assert.equal(albums.number, '002');
    assert.equal(albums.hasSpec, true);
    assert.equal(albums.hasPlan, false);
    assert.equal(documentPath(albums, 'tasks'), join(root, 'specs', '002-albums', 'tasks.md'));
  });

  it('has no features without a specs folder', async () => {
    assert.deepEqual(await findFeatures(root), []);
  });

  it('takes any existing folder as a feature, with clear errors for a file or a missing path', async () => {
    await mkdir(join(root, 'my feature'));
    const f = await featureFromFolder(join(root, 'my feature'));
    assert.equal(f.slug, 'my feature');
    assert.equal(f.number, undefined);
    await writeFile(join(root, 'file.md'), '');
    await assert.rejects(featureFromFolder(join(root, 'file.md')), /is a file, not a feature folder/);
    await assert.rejects(featureFromFolder(join(root, 'nope')), /does not exist/);
  });
});

describe('prompt', () => {
  let root: string;
  beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'sw-prompt-')); });
  afterEach(() => rm(root, { recursive: true, force: true }));
  const input = () => ({ workspaceRoot: root, featureDir: join(root, 'specs', '001-a'), docPath: join(root, 'specs', '001-a', 'spec.md'), userPrompt: 'Users share albums' });

  it('names the file to write, asks for a write not a print, and carries the user description', async () => {
    const p = await buildSpecPrompt(input());
    assert.ok(p.includes(input().docPath));
    assert.match(p, /do not only print it/);
    assert.ok(p.includes('Users share albums'));
    assert.doesNotMatch(p, /constitution/i);
  });

  it('includes the constitution and the spec template when present', async () => {
    await mkdir(join(root, '.specify', 'memory'), { recursive: true });
    await mkdir(join(root, '.specify', 'templates'), { recursive: true });
    await writeFile(join(root, '.specify', 'memory', 'constitution.md'), 'PRINCIPLE: privacy first');
    await writeFile(join(root, '.specify', 'templates', 'spec-template.md'), 'TEMPLATE: ## Heading');
    const p = await buildSpecPrompt(input());
    assert.ok(p.includes('PRINCIPLE: privacy first'));
    assert.ok(p.includes('TEMPLATE: ## Heading'));
  });

  it('sets the spec-kit feature variables for the agent', () => {
    assert.deepEqual(agentEnv('/w/specs/003-x'), { SPECIFY_FEATURE_DIRECTORY: '/w/specs/003-x', SPECIFY_FEATURE: '003-x' });
  });
});

describe('versions', () => {
  let root: string;
  let doc: string;
  let clock: number;
  let store: VersionStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-ver-'));
    doc = join(root, 'specs', '001-a', 'spec.md');
    await mkdir(join(root, 'specs', '001-a'), { recursive: true });
    clock = Date.UTC(2026, 10, 24);
    store = new VersionStore(root, () => (clock += 1000));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('keeps snapshots newest first with their metadata, and skips identical content', async () => {
    assert.equal(await store.snapshot(doc, { reason: 'before-generation' }), undefined, 'no document, no version');
    await writeFile(doc, 'one');
    const v1 = await store.snapshot(doc, { reason: 'before-generation', agent: 'scaffold', prompt: 'p1' });
    assert.ok(v1);
    assert.equal(await store.snapshot(doc, { reason: 'before-generation' }), undefined, 'same content is not kept twice');
    await writeFile(doc, 'two');
    await store.snapshot(doc, { reason: 'before-generation', agent: 'copilot' });
    const list = await store.list(doc);
    assert.deepEqual(list.map((v) => v.agent), ['copilot', 'scaffold']);
    assert.equal(list[1].prompt, 'p1');
    assert.equal(await store.read(doc, list[1].id), 'one');
    assert.ok(store.folderOf(doc).endsWith(join('.specwright', 'versions', '001-a', 'spec.md')));
  });

  it('restores a version after keeping the current content, so restoring can be undone', async () => {
    await writeFile(doc, 'first');
    const first = await store.snapshot(doc, { reason: 'manual' });
    await writeFile(doc, 'second');
    await store.restore(doc, first!.id);
    assert.equal(await readFile(doc, 'utf8'), 'first');
    const contents = await Promise.all((await store.list(doc)).map((v) => store.read(doc, v.id)));
    assert.deepEqual(contents.sort(), ['first', 'second']);
  });

  it('skips a damaged index line and refuses ids that are not version ids', async () => {
    await writeFile(doc, 'a');
    await store.snapshot(doc, { reason: 'manual' });
    await writeFile(join(store.folderOf(doc), 'index.jsonl'), '{"truncated', { flag: 'a' });
    assert.equal((await store.list(doc)).length, 1);
    await assert.rejects(store.read(doc, '../../etc/passwd'), /Invalid version id/);
  });

  it('writes atomically without leaving temp files behind', async () => {
    const target = join(root, 'out', 'file.md');
    await atomicWrite(target, 'x');
    await atomicWrite(target, 'y');
    assert.equal(await readFile(target, 'utf8'), 'y');
    assert.deepEqual(await readdir(join(root, 'out')), ['file.md']);
  });
});
