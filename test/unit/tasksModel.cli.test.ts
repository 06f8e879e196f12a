import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTasks, tasksReport } from '../../src/cli/tasks';

const CORPUS = join(__dirname, '..', 'fixtures', 'tasks-corpus');
const reportOf = (name: string) => tasksReport(name, readFileSync(join(CORPUS, name), 'utf8'));

describe('specwright tasks on the tasks.md model', () => {
  it('reports phases with number, title, priority and MVP, and skipped tasks apart from done ones', () => {
    const report = reportOf('06-skipped-tasks.md');
    assert.deepEqual(report.progress, { done: 2, skipped: 3, total: 6 });
    const story = report.phases[1];
    assert.deepEqual({ ...story, tasks: undefined }, {
      name: 'Phase 2: User Story 1 - Queue edits while offline (Priority: P1)', number: '2', title: 'User Story 1 - Queue edits while offline',
      priority: 'P1', mvp: false, line: 8, done: 1, skipped: 2, total: 4, tasks: undefined,
    });
    assert.deepEqual(story.tasks.map((t) => [t.id, t.state, t.checkbox]), [['T003', 'done', 'x'], ['T004', 'skipped', '-'], ['T005', 'todo', ' '], ['T006', 'skipped', '-']]);
    const text = formatTasks(report);
    assert.match(text, /^06-skipped-tasks\.md: 2\/6 done \(33%\), 3 skipped\n/);
    assert.match(text, /\nPhase 2: User Story 1 - Queue edits while offline \(Priority: P1\)  1\/4, 2 skipped\n {2}\[x\] T003 \[US1\] Store/);
    assert.match(text, /\n {2}\[-\] T006 \[P\] \[US1\] Add a debug screen for the queue\n$/);
  });

  it('prints nested Kiro tasks indented under their parents, optional ones marked', () => {
    const text = formatTasks(reportOf('11-kiro-flat-optional-done.md'));
    assert.match(text, /\nTasks {2}3\/9\n {2}\[x\] 1\. Set up the CLI entry point\n {2}\[x\] 2\. Parse the configuration file\n {4}\[x\] 2\.1 Read config\.toml/);
    assert.match(text, /\n {4}\[ \]\* 2\.3 Write property tests/);
    const json = reportOf('11-kiro-flat-optional-done.md').phases[0].tasks.find((t) => t.id === '2.3');
    assert.deepEqual([json?.parentId, json?.depth, json?.optional, json?.requirements], ['2', 1, true, ['2.2']]);
  });

  it('groups tasks by phase, lists the Validation Checklist apart (not tasks), and leaves out look-alikes', () => {
    const report = reportOf('18-older-speckit-phase-3-1.md');
    assert.deepEqual(report.phases.map((p) => [p.name, p.total]), [
      ['Phase 3.1: Setup', 3], ['Phase 3.2: Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3', 2],
      ['Phase 3.3: Core Implementation (ONLY after tests are failing)', 2], ['Phase 3.4: Polish', 1],
    ]);
    assert.deepEqual([report.checklist?.done, report.checklist?.total, report.checklist?.items[0].checklist], [0, 2, 'Validation Checklist']);
    assert.match(formatTasks(report), /\nChecklist 0\/2 \(not tasks: never run\)\n {2}\[ \] All contracts have corresponding tests/);
    assert.equal(reportOf('20-fenced-code.md').progress.total, 4);
  });
});
