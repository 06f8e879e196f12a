import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperationSummary } from '../../src/protocol';
import { featureStatus, lastOperationOf, nextStepOf, progressOf, stageOf, workspaceStatus } from '../../src/core/features/status';

const FIXTURES = join(__dirname, '..', 'fixtures', 'traceability');

const op = (feature: string, createdAt: number, status: OperationSummary['status'], kind: OperationSummary['kind'] = 'spec'): OperationSummary => ({
  id: `op-${createdAt}`, kind, feature, featureName: 'x', agent: 'scaffold', status, createdAt, lastSeq: 0,
});

describe('feature status', () => {
  let root: string;
  beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'sw-status-')); });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('gives stage, documents, per-phase progress, open clarifications, last operation and next step', async () => {
    const dir = join(root, 'specs', '003-team-chat');
    await cp(join(FIXTURES, 'clean'), dir, { recursive: true });
    const operations = [op(dir, 3, 'failed', 'tasks'), op(join(root, 'specs', '004-other'), 9, 'running'), op(dir, 1, 'succeeded')];
    const status = await featureStatus(dir, { operations: () => operations });
    assert.equal(status.name, '003-team-chat');
    assert.equal(status.root, root);
    assert.equal(status.stage, 'tasks');
    assert.deepEqual(status.documents, { spec: true, plan: false, tasks: true });
    assert.equal(status.nextStep, 'plan', 'a missing plan is the next step even when tasks exist');
    assert.equal(status.openClarifications, 1);
    assert.equal(status.lastOperation?.id, 'op-3');
    assert.equal(status.lastOperation?.status, 'failed');
    assert.deepEqual(status.progress, {
      done: 2, total: 10,
      phases: [
        { name: 'Phase 1: Setup', done: 2, total: 3 },
        { name: 'Phase 2: User Story 1 - Post messages (Priority: P1)', done: 0, total: 4 },
        { name: 'Phase 3: Polish', done: 0, total: 3 },
      ],
    });
  });

  it('lists every feature of every workspace folder', async () => {
    const other = await mkdtemp(join(tmpdir(), 'sw-status2-'));
    try {
      await mkdir(join(root, 'specs', '001-new'), { recursive: true });
      await mkdir(join(root, 'specs', '002-specced'), { recursive: true });
      await writeFile(join(root, 'specs', '002-specced', 'spec.md'), '# Spec\n');
      await mkdir(join(other, 'specs', '001-planned'), { recursive: true });
      await writeFile(join(other, 'specs', '001-planned', 'spec.md'), '# Spec\n');
      await writeFile(join(other, 'specs', '001-planned', 'plan.md'), '# Plan\n');
      const all = await workspaceStatus([root, other, join(root, 'missing')]);
      assert.deepEqual(all.map((s) => [s.name, s.stage, s.nextStep, s.root === other]), [
        ['001-new', 'new', 'spec', false],
        ['002-specced', 'spec', 'plan', false],
        ['001-planned', 'plan', 'tasks', true],
      ]);
      assert.equal(all[0].progress, undefined);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('has small pure helpers for the view', () => {
    assert.equal(stageOf({ spec: true, plan: true, tasks: false }), 'plan');
    assert.equal(nextStepOf({ spec: true, plan: true, tasks: true }), undefined);
    assert.deepEqual(progressOf('- [x] T001 a\n- [ ] T002 b\n'), { done: 1, total: 2, phases: [{ name: 'Tasks', done: 1, total: 2 }] });
    assert.equal(lastOperationOf('/w/specs/001-a', [op('/w/specs/001-a/', 5, 'succeeded'), op('/w/specs/001-a', 7, 'running')])?.id, 'op-7');
  });
});
