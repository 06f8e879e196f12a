import assert from 'node:assert/strict';
import { describeDocument, documentKindOf } from '../../src/vscode/documentEditor/editorModel';
import { EditorHostMessage } from '../../src/protocol';

const TASKS = [
  '# Tasks: Albums',
  '',
  '## Format: `[ID] [P?] [Story] Description`',
  '',
  '- **[P]**: Can run in parallel',
  '',
  '## Phase 1: Setup',
  '',
  '- [x] T001 Create the project structure',
  '- [ ] T002 [P] Configure **linting** in `eslint.config.js`',
  '',
  '## Phase 2: User Story 1 - Browse (Priority: P1)',
  '',
  '- [-] T003 [US1] Skipped for now',
  '',
  '```markdown',
  '- [ ] T999 an example in a code fence is not a task',
  '```',
  '',
  '- [ ] 4. Kiro-style parent',
  '  - [X] 4.1 Child done',
  '    - _Requirements: 1.1_',
].join('\r\n');

describe('document editor: what the page is told about a document', () => {
  it('knows the three documents by name, and nothing else', () => {
    assert.equal(documentKindOf('/w/specs/001-a/spec.md'), 'spec');
    assert.equal(documentKindOf('C:\\w\\specs\\001-a\\plan.md'), 'plan');
    assert.equal(documentKindOf('/w/specs/001-a/tasks.md'), 'tasks');
    assert.equal(documentKindOf('/w/specs/001-a/research.md'), undefined);
  });

  it('tells each task what its task run says (status and reason), matched by line', () => {
    const msg = describeDocument({
      kind: 'tasks', path: '/w/specs/001-albums/tasks.md', text: TASKS, version: 7, dirty: false, trusted: true,
      runs: [{ line: 9, status: 'failed', reason: 'exit code 1' }, { line: 19, status: 'running' }, { line: 4, status: 'queued' }],
    });
    assert.equal(EditorHostMessage.safeParse(msg).success, true);
    assert.deepEqual(msg.tasks?.map((t) => t.run), [undefined, { status: 'failed', reason: 'exit code 1' }, undefined, { status: 'running' }, undefined]);
  });

  it('lists the real tasks of a tasks.md with their lines, marks, ids, text and nesting', () => {
    const msg = describeDocument({ kind: 'tasks', path: '/w/specs/001-albums/tasks.md', text: TASKS, version: 7, dirty: true, trusted: true });
    assert.equal(EditorHostMessage.safeParse(msg).success, true, 'a valid protocol message');
    assert.equal(msg.fileName, 'tasks.md');
    assert.equal(msg.featureName, '001-albums');
    assert.equal(msg.version, 7);
    assert.equal(msg.dirty, true);
    assert.equal(msg.text.includes('\r'), false, 'the page gets \\n line endings, as its textarea would');
    assert.deepEqual(msg.tasks?.map((t) => [t.line, t.mark, t.done, t.id, t.depth]), [
      [8, 'x', true, 'T001', 0],
      [9, ' ', false, 'T002', 0],
      [13, '-', false, 'T003', 0],
      [19, ' ', false, '4', 0],
      [20, 'X', true, '4.1', 1],
    ]);
    assert.equal(msg.tasks?.[1].text, 'T002 [P] Configure **linting** in `eslint.config.js`');
    assert.deepEqual(msg.progress, { done: 2, skipped: 1, total: 5 });
    assert.ok(msg.phases && msg.phases.length >= 2);
    assert.equal(msg.clarifications, undefined);
  });

  it('lists the open clarification markers of a spec.md', () => {
    const spec = '# Spec\n\n- **FR-001**: keep links for [NEEDS CLARIFICATION: how long?].\n\n```\n[NEEDS CLARIFICATION: not this one]\n```\n';
    const msg = describeDocument({ kind: 'spec', path: '/w/specs/001-a/spec.md', text: spec, version: 1, dirty: false, trusted: false });
    assert.equal(msg.trusted, false);
    assert.deepEqual(msg.clarifications?.map((c) => [c.question, c.line]), [['how long?', 2]]);
    assert.equal(msg.tasks, undefined);
  });

  it('sends a plan.md as text only', () => {
    const msg = describeDocument({ kind: 'plan', path: '/w/specs/001-a/plan.md', text: '# Plan\n- [ ] not a task list\n', version: 2, dirty: false, trusted: true });
    assert.equal(msg.tasks, undefined);
    assert.equal(msg.clarifications, undefined);
    assert.equal(msg.text, '# Plan\n- [ ] not a task list\n');
  });
});
