/**
 * Issue 13.9: spec-kit's design documents reach the agent where spec-kit's commands read them —
 * the plan is written from the spec; the tasks from the plan, the spec, research.md,
 * data-model.md, quickstart.md and contracts/; a task run (spec-kit's implement) reads them too.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_INLINE_LIMIT } from '../../src/core/features/designContext';
import { buildPrompt } from '../../src/core/features/prompt';
import { parseTasks } from '../../src/core/features/tasks';
import { buildTaskPrompt } from '../../src/core/tasks/taskPrompt';

describe('design documents as agent context', () => {
  let root: string;
  let featureDir: string;
  const tasks = '# Tasks\n\n## Phase 1: Setup\n\n- [ ] T001 Create the invite model in src/invite.ts\n';

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-design-'));
    featureDir = join(root, 'specs', '001-invites');
    await mkdir(join(featureDir, 'contracts'), { recursive: true });
    await writeFile(join(featureDir, 'spec.md'), '# Spec\n\nSPEC-TEXT\n');
    await writeFile(join(featureDir, 'plan.md'), '# Plan\n\nPLAN-TEXT\n');
    await writeFile(join(featureDir, 'research.md'), 'RESEARCH-TEXT\n');
    await writeFile(join(featureDir, 'data-model.md'), 'DATA-MODEL-TEXT\n');
    await writeFile(join(featureDir, 'quickstart.md'), '   \n');
    await writeFile(join(featureDir, 'contracts', 'invites.yaml'), 'openapi: 3.0.0 # CONTRACT-TEXT\n');
    await writeFile(join(featureDir, 'contracts', 'huge.json'), `{"x":"${'y'.repeat(CONTRACT_INLINE_LIMIT)}"}`);
    await writeFile(join(featureDir, 'tasks.md'), tasks);
  });
  after(() => rm(root, { recursive: true, force: true }));

  const input = () => ({ workspaceRoot: root, featureDir, docPath: join(featureDir, 'x.md'), userPrompt: '' });

  it('gives a plan run the spec and no design documents', async () => {
    const prompt = await buildPrompt('plan', input());
    assert.match(prompt, /SPEC-TEXT/);
    assert.doesNotMatch(prompt, /RESEARCH-TEXT|DATA-MODEL-TEXT|CONTRACT-TEXT/);
  });

  it('gives a tasks run the plan, the spec, the design documents with text and each contract', async () => {
    const prompt = await buildPrompt('tasks', input());
    for (const text of ['SPEC-TEXT', 'PLAN-TEXT', 'RESEARCH-TEXT', 'DATA-MODEL-TEXT', 'CONTRACT-TEXT']) assert.match(prompt, new RegExp(text));
    assert.match(prompt, /<<< Design document data-model\.md \(specs\/001-invites\/data-model\.md\) >>>/);
    assert.match(prompt, /<<< Contract contracts\/invites\.yaml \(specs\/001-invites\/contracts\/invites\.yaml\) >>>/);
    assert.doesNotMatch(prompt, /Design document quickstart\.md/, 'a blank document is left out');
    assert.match(prompt, /specs\/001-invites\/contracts\/huge\.json \(64 KiB: read it from disk\)/);
    assert.doesNotMatch(prompt, /y{1000}/, 'a contract over the limit is named, not inlined');
  });

  it('gives a task run the design documents and contracts, as spec-kit implement reads them', async () => {
    const doc = parseTasks(tasks);
    const prompt = await buildTaskPrompt({ workspaceRoot: root, featureDir, tasksPath: join(featureDir, 'tasks.md'), doc, task: doc.tasks[0] });
    for (const text of ['SPEC-TEXT', 'PLAN-TEXT', 'RESEARCH-TEXT', 'DATA-MODEL-TEXT', 'CONTRACT-TEXT']) assert.match(prompt, new RegExp(text));
  });
});
