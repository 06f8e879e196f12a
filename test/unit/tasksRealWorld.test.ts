import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/core/features/traceability';
import { applyEdits, parseTasks, serializeTasks, tickEdit } from '../../src/core/features/tasks';
import { buildTaskGraph } from '../../src/core/tasks/graph';

/**
 * Real-world shapes of tasks.md (issue 13, items 1–5), on fixtures written for the purpose: odd
 * ids, Kiro's marks, phase headings people write, checklists that are not tasks, documents that
 * are not source files, heading-style tasks.
 */
const corpus = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'tasks-corpus', name), 'utf8');
const real = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'tasks-real', name), 'utf8');

describe('tasks.md as people write it', () => {
  it('reads M001, W001, T035A, T231.1 and SEC01 as ids and keeps their [P] and [USn] tags', () => {
    const doc = parseTasks(corpus('38-odd-task-ids.md'));
    const byId = new Map(doc.tasks.map((t) => [t.id, t]));
    assert.deepEqual(doc.tasks.map((t) => t.id), ['M001', 'M002', 'W001', 'W002', 'T035', 'T035A', 'T035B', 'T231.1', 'T231.2', 'SEC01']);
    assert.deepEqual(byId.get('W001')?.tags, ['P', 'US1']);
    assert.equal(byId.get('W001')?.parallel, true);
    assert.equal(byId.get('T035A')?.story, 'US1');
    assert.equal(byId.get('T035A')?.description, 'Add the IndexedDB fallback in web/src/sync/idb.ts');
    assert.deepEqual(byId.get('T035B')?.dependsOn, ['T035A']);
    assert.deepEqual(byId.get('T231.1')?.dependsOn, ['T035', 'M002']);
    assert.equal(byId.get('T231.2')?.parallel, true);
    assert.equal(doc.progress.done, 2);
    assert.deepEqual(buildTaskGraph(doc).problems, []);
  });

  it('keeps the front matter out of the tasks and still round-trips it', () => {
    const text = corpus('38-odd-task-ids.md');
    const doc = parseTasks(text);
    assert.equal(doc.title, '离线同步 Offline Sync');
    assert.equal(serializeTasks(doc), text);
    assert.equal(parseTasks('---\ntitle: x\n- [ ] T001 not a task\n---\n- [ ] T002 a task\n').tasks.map((t) => t.id).join(), 'T002');
  });

  it("reads Kiro's [-] (in progress), [~] (queued) and - [ ]\\* (optional) with Kiro's meaning", () => {
    const doc = parseTasks(corpus('39-kiro-marks.md'));
    const state = Object.fromEntries(doc.tasks.map((t) => [t.id, t.state]));
    assert.deepEqual(state, { 1: 'done', 2: 'inProgress', 2.1: 'done', 2.2: 'inProgress', 2.3: 'queued', 2.4: 'todo', 3: 'queued', 3.1: 'todo', 3.2: 'todo' });
    assert.equal(doc.progress.skipped, 0, 'nothing in a Kiro file is skipped');
    assert.deepEqual(doc.tasks.filter((t) => t.optional).map((t) => t.id), ['2.4', '3.2']);
    const graph = buildTaskGraph(doc);
    assert.equal(graph.nodes.get('2.2')?.closed, false, 'in progress is not finished');
    assert.equal(graph.nodes.get('2.3')?.closed, false, 'queued is not finished');
    const text = corpus('39-kiro-marks.md');
    const line = doc.tasks.find((t) => t.id === '2.4')?.line ?? -1;
    const edit = tickEdit(text, line, true);
    assert.ok(edit);
    assert.equal(applyEdits(text, [edit]).split('\n')[line], '- [x]\\* 2.4 Write property tests for refill timing');
  });

  it('still reads [-] as skipped in a spec-kit file', () => {
    const doc = parseTasks('## Phase 1: Setup\n\n- [-] T001 Dropped\n- [ ] T002 Open\n');
    assert.equal(doc.tasks[0].state, 'skipped');
    assert.equal(doc.progress.skipped, 1);
  });

  it('takes Phase 1M, Phase 3.1, Final Phase and Phase N: Convergence as phases', () => {
    const doc = parseTasks(corpus('40-phase-shapes.md'));
    assert.deepEqual(doc.phases.map((p) => [p.number, p.name]), [
      ['1', 'Setup'], ['1M', 'Migration'], ['3.1', 'Contract tests'], ['3.2', 'Core'], ['Final', 'Polish'], ['N', 'Convergence'],
    ]);
    assert.deepEqual(doc.tasks.map((t) => t.phase), doc.phases.map((p) => p.key));
  });

  it('reads ### T001 — title headings as tasks, their lines below as details', () => {
    const doc = parseTasks(real('heading-tasks.md'));
    assert.deepEqual(doc.tasks.map((t) => [t.id, t.description, t.done, t.checkbox]), [
      ['T001', 'Create the audit module', false, false],
      ['T002', 'Add the audit_events table', true, false],
      ['T003', 'List events per record', false, false],
    ]);
    const [t1, t2, t3] = doc.tasks;
    assert.deepEqual(t1.files, ['src/audit/index.ts']);
    assert.deepEqual(t1.requirements, ['FR-001']);
    assert.equal(t2.parallel, true);
    assert.equal(t3.story, 'US1');
    assert.deepEqual(t3.dependsOn, ['T001']);
    assert.equal(t3.phase, 'Phase 2: User Story 1 - See who changed what (Priority: P1)');
    assert.equal(tickEdit(real('heading-tasks.md'), t1.line, true), undefined, 'no checkbox to tick');
    assert.equal(serializeTasks(doc), real('heading-tasks.md'));
  });

  it('counts checklists apart: shown and tickable, never tasks, never phases, never scheduled', () => {
    const text = corpus('41-checklists-not-tasks.md');
    const doc = parseTasks(text);
    assert.deepEqual(doc.tasks.map((t) => t.id), ['T001', 'T002', 'T003', 'T004', 'T005']);
    assert.deepEqual(doc.progress, { done: 2, skipped: 0, total: 5 });
    assert.deepEqual(doc.checklistProgress, { done: 3, skipped: 0, total: 9 });
    assert.deepEqual([...new Set(doc.checklist.map((c) => c.heading))], ['Phase 0 gate — research approved', 'DoD', 'Validation Checklist', 'Acceptance checklist']);
    assert.deepEqual(doc.phases.map((p) => p.number), ['0', '1', '2'], 'a gate heading is not a phase');
    assert.equal(doc.tasks.find((t) => t.id === 'T003')?.phase, 'Phase 1: Setup');
    assert.equal(buildTaskGraph(doc).order.length, 5, 'Run All sees the tasks only');
    const item = doc.checklist.find((c) => c.description === 'Lint and typecheck clean');
    assert.ok(item);
    const edit = tickEdit(text, item.line, true);
    assert.ok(edit);
    assert.equal(parseTasks(applyEdits(text, [edit])).checklistProgress.done, 4);
  });

  it('does not count documents a task reads as files it touches in the [P] check', () => {
    const doc = parseTasks(corpus('42-documents-not-sources.md'));
    assert.deepEqual(doc.tasks[0].files, ['src/models/filter.py']);
    assert.deepEqual(doc.tasks[0].documents, ['data-model.md']);
    assert.deepEqual(doc.tasks[4].documents, ['contracts/search.yaml']);
    const findings = analyse({ tasks: { path: '/w/specs/001-search/tasks.md', text: corpus('42-documents-not-sources.md') } });
    assert.deepEqual(findings.filter((f) => f.code === 'parallel-file-conflict'), []);
  });
});
