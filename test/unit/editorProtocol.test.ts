import assert from 'node:assert/strict';
import { describeInvalid, EditorClientMessage, EditorHostMessage, MAX_EDITOR_TEXT } from '../../src/protocol';

describe('document editor protocol', () => {
  describe('page → host', () => {
    it('accepts every request the page sends', () => {
      const valid: unknown[] = [
        { type: 'ready' },
        { type: 'rendered', version: 3 },
        { type: 'edit', requestId: 'e1', baseVersion: 2, text: '# Spec\n' },
        { type: 'tick', requestId: 'e2', line: 12, done: true, version: 4 },
        { type: 'tick', requestId: 'e3', line: 0, done: false },
        { type: 'generate', requestId: 'e4', prompt: '' },
        { type: 'cancelGeneration', requestId: 'e5' },
        { type: 'answerClarification', requestId: 'e6', offset: 10, question: 'How long?', answer: '30 days' },
        { type: 'openAsText', requestId: 'e7' },
        { type: 'showHistory', requestId: 'e8' },
        { type: 'reveal', requestId: 'e9', file: '/w/specs/001-a/tasks.md', line: 4 },
      ];
      for (const msg of valid) assert.equal(EditorClientMessage.safeParse(msg).success, true, JSON.stringify(msg));
    });

    it('refuses what would make the host guess: negative lines, missing ids, blank answers, unknown types', () => {
      const invalid: unknown[] = [
        { type: 'tick', requestId: 'x', line: -1, done: true },
        { type: 'tick', requestId: 'x', line: 1.5, done: true },
        { type: 'tick', line: 1, done: true },
        { type: 'tick', requestId: 'x', line: 1, done: 'yes' },
        { type: 'answerClarification', requestId: 'x', offset: 0, question: 'q', answer: '   ' },
        { type: 'edit', requestId: 'x', text: 'no base version' },
        { type: 'deleteEverything', requestId: 'x' },
        { type: 'reveal', requestId: 'x', file: '', line: 0 },
        'tick',
        null,
      ];
      for (const msg of invalid) assert.equal(EditorClientMessage.safeParse(msg).success, false, JSON.stringify(msg));
    });

    it('refuses a text beyond the size limit', () => {
      const parsed = EditorClientMessage.safeParse({ type: 'edit', requestId: 'x', baseVersion: 1, text: 'a'.repeat(MAX_EDITOR_TEXT + 1) });
      assert.equal(parsed.success, false);
    });

    it('describes an invalid message by field, for the error the page gets back', () => {
      const parsed = EditorClientMessage.safeParse({ type: 'tick', requestId: 'x', line: -3, done: 'yes' });
      assert.equal(parsed.success, false);
      if (parsed.success) return;
      const text = describeInvalid(parsed.error);
      assert.match(text, /line: /);
      assert.match(text, /done: /);
    });
  });

  describe('host → page', () => {
    it('accepts a tasks.md document with its tasks and progress', () => {
      const msg = {
        type: 'document', kind: 'tasks', fileName: 'tasks.md', featureName: '001-a', text: '- [ ] T001 a\n', version: 1, dirty: false, trusted: true,
        tasks: [{ line: 0, mark: ' ', done: false, id: 'T001', text: 'T001 a', depth: 0 }],
        phases: [], progress: { done: 0, skipped: 0, total: 1 },
      };
      assert.equal(EditorHostMessage.safeParse(msg).success, true);
    });

    it('refuses a task with a mark that is not a checkbox state, and a result without a request id', () => {
      const task = { line: 0, mark: 'v', done: true, text: 'x', depth: 0 };
      const doc = { type: 'document', kind: 'tasks', fileName: 'tasks.md', featureName: 'f', text: '', version: 1, dirty: false, trusted: true, tasks: [task] };
      assert.equal(EditorHostMessage.safeParse(doc).success, false);
      assert.equal(EditorHostMessage.safeParse({ type: 'result', ok: true }).success, false);
    });

    it('accepts results, operations, findings and errors', () => {
      const valid: unknown[] = [
        { type: 'result', requestId: 'e1', ok: true, version: 5 },
        { type: 'result', requestId: 'e2', ok: false, error: 'No.' },
        { type: 'result', requestId: 'e3', ok: true, operationId: 'op-1' },
        { type: 'operation', operation: null },
        { type: 'operation', operation: { id: 'op', kind: 'spec', status: 'running', agent: 'scaffold', step: 'Writing…' } },
        { type: 'findings', findings: [{ severity: 'warning', code: 'uncovered-requirement', message: 'FR-002 has no task', file: '/w/spec.md', line: 3 }] },
        { type: 'error', message: 'bad' },
      ];
      for (const msg of valid) assert.equal(EditorHostMessage.safeParse(msg).success, true, JSON.stringify(msg));
    });
  });
});
