import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'example-workspace.mjs');
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('npm start works on a copy of the example (the clone stays clean)', () => {
  it('serves and generates in .example/photo-app, never in the tracked examples/ tree', () => {
    for (const name of ['start', 'example:chain']) {
      const script = pkg.scripts[name];
      assert.match(script, /scripts\/example-workspace\.mjs/, name);
      assert.doesNotMatch(script, /(--workspace|generate all|check) examples\//, name);
    }
  });

  it('copies the example once, keeps what was generated there, and starts again with --fresh', () => {
    const clone = mkdtempSync(join(tmpdir(), 'sw-clone-'));
    mkdirSync(join(clone, 'examples', 'photo-app', '.specify', 'memory'), { recursive: true });
    writeFileSync(join(clone, 'examples', 'photo-app', '.specify', 'memory', 'constitution.md'), '# Constitution\n');
    const run = (...args: string[]) => execFileSync(process.execPath, [SCRIPT, ...args], { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const copy = run();
    assert.equal(copy, join(clone, '.example', 'photo-app'));
    assert.ok(existsSync(join(copy, '.specify', 'memory', 'constitution.md')));
    mkdirSync(join(copy, 'specs', '001-x'), { recursive: true });
    writeFileSync(join(copy, 'specs', '001-x', 'spec.md'), 'generated');
    run();
    assert.equal(readFileSync(join(copy, 'specs', '001-x', 'spec.md'), 'utf8'), 'generated', 'kept between starts');
    assert.ok(!existsSync(join(clone, 'examples', 'photo-app', 'specs')), 'nothing written into examples/');
    run('--fresh');
    assert.ok(!existsSync(join(copy, 'specs', '001-x')));
    assert.match(readFileSync(join(__dirname, '..', '..', '.gitignore'), 'utf8'), /^\.example\/$/m);
  });
});
