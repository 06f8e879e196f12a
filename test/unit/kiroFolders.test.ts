import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFeatures, workspaceRootAbove } from '../../src/core/features/features';
import { acceptanceCriteria, expandKiroReference } from '../../src/core/features/kiro';
import { checkFeature, FINDING_CODES } from '../../src/core/features/traceability';
import { checkAll, countOf } from '../../src/cli/check';

/** Issue 13.6: Kiro's `.kiro/specs/<name>/` folders, found and checked like spec-kit's. */
const ROOT = join(__dirname, '..', 'fixtures', 'kiro-workspace');
const KIRO = join(ROOT, '.kiro', 'specs');

describe('Kiro spec folders', () => {
  it('belong to the workspace that holds .kiro/, as specs/NNN-slug/ belong to the one holding specs/', () => {
    const ws = join(tmpdir(), 'ws');
    assert.equal(workspaceRootAbove(join(ws, '.kiro', 'specs', 'rate-limiter')), ws);
    assert.equal(workspaceRootAbove(join(ws, 'specs', '001-albums')), ws);
    assert.equal(workspaceRootAbove(join(ws, 'docs', 'feature')), join(ws, 'docs'));
    assert.equal(workspaceRootAbove(join(ws, 'specs', '001-albums') + '/'), ws);
  });

  it('keep a CLI run\'s journal in the workspace, not in .kiro/ (the folder named without --workspace)', function () {
    this.timeout(60_000);
    const ws = mkdtempSync(join(tmpdir(), 'sw-kiro-cli-'));
    try {
      const feature = join(ws, '.kiro', 'specs', 'photo-albums');
      mkdirSync(feature, { recursive: true });
      const repo = join(__dirname, '..', '..');
      const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(repo, 'src', 'cli.ts'), 'generate', 'spec', feature, '--agent', 'scaffold', '--prompt', 'Users organise photos into albums'], {
        cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, SPECIFY_FEATURE_DIRECTORY: '', NODE_PATH: join(repo, 'node_modules') },
      });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(existsSync(join(ws, '.specwright', 'journal')), 'the journal is in <workspace>/.specwright');
      assert.ok(!existsSync(join(ws, '.kiro', '.specwright')), 'nothing in .kiro/.specwright');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('are found next to specs/NNN-slug/, with requirements.md and design.md as their spec and plan', async () => {
    const features = await findFeatures(ROOT);
    assert.deepEqual(features.map((f) => [f.name, f.layout, f.hasSpec, f.hasPlan, f.hasTasks]), [
      ['001-base', 'speckit', true, false, true],
      ['rate-limiter', 'kiro', true, true, true],
      ['通知中心', 'kiro', true, false, true],
    ]);
  });

  it('numbers the acceptance criteria of requirements.md, in English and Chinese', async () => {
    const { readFile } = await import('node:fs/promises');
    const en = acceptanceCriteria(await readFile(join(KIRO, 'rate-limiter', 'requirements.md'), 'utf8'));
    assert.deepEqual(en.map((c) => c.id), ['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2']);
    const zh = acceptanceCriteria(await readFile(join(KIRO, '通知中心', 'requirements.md'), 'utf8'));
    assert.deepEqual(zh.map((c) => c.id), ['1.1', '1.2', '2.1']);
    assert.deepEqual(expandKiroReference('1.1-1.3', en), ['1.1', '1.2', '1.3']);
    assert.deepEqual(expandKiroReference('2', en), ['2.1', '2.2']);
    assert.equal(expandKiroReference('All', en)?.length, 7);
  });

  it('reports uncovered criteria on requirements.md and unknown references on tasks.md', async () => {
    const findings = await checkFeature(join(KIRO, 'rate-limiter'));
    assert.deepEqual(findings.map((f) => [f.severity, f.code, f.file.split(/[\\/]/).pop(), f.line + 1]), [
      ['error', FINDING_CODES.unknownRequirement, 'tasks.md', 11],
      ['warning', FINDING_CODES.uncoveredRequirement, 'requirements.md', 35],
    ]);
    assert.match(findings[0].message, /2\.2 refers to requirement 2\.4, which requirements\.md does not define/);
    assert.match(findings[1].message, /Acceptance criterion 3\.2 is not covered/);
  });

  it('reads _需求：1.1、1.2_ and _需求: All_: a correct Chinese Kiro folder checks clean', async () => {
    assert.deepEqual(await checkFeature(join(KIRO, '通知中心')), []);
  });

  it('are all checked by check --all', async () => {
    const results = await checkAll(await findFeatures(ROOT));
    assert.deepEqual(results.map((r) => [r.name, countOf(r.findings).errors]), [['001-base', 0], ['rate-limiter', 1], ['通知中心', 0]]);
  });
});
