import assert from 'node:assert/strict';
import { finishedNotice } from '../../src/vscode/refine/finishedNotice';
import type { OperationSummary } from '../../src/protocol';
import { impactedPrompt, isRefinable, threadTurns } from '../../webview/state/threads';

const op = (patch: Partial<OperationSummary>): OperationSummary => ({
  id: 'op', kind: 'spec', feature: '/ws/specs/001-a', featureName: '001-a', agent: 'scaffold', status: 'succeeded', createdAt: 1, lastSeq: 3,
  document: '/ws/specs/001-a/spec.md', ...patch,
});

/** Issue 15.1: a notification when a run finishes while the Conversation view is hidden, none when visible. */
describe('Run finished notification (Conversation view hidden)', () => {
  it('offers Open and Show changes for a finished refine turn when the view is hidden', () => {
    assert.deepEqual(finishedNotice(op({ refine: { turn: 2, resumed: true } }), true, false), {
      message: 'Refine turn 2 of spec.md (001-a) is ready.', actions: ['Open', 'Show changes'], document: '/ws/specs/001-a/spec.md',
    });
  });
  it('says nothing while the view is visible, for runs it did not watch start, for running ones and for task runs', () => {
    assert.equal(finishedNotice(op({}), true, true), undefined);
    assert.equal(finishedNotice(op({}), false, false), undefined);
    assert.equal(finishedNotice(op({ status: 'running' }), true, false), undefined);
    assert.equal(finishedNotice(op({ kind: 'task', document: undefined }), true, false), undefined);
  });
  it('a cancelled or failed run says the previous document was kept, and offers only Open', () => {
    const notice = finishedNotice(op({ status: 'cancelled', reason: 'Cancelled.' }), true, false);
    assert.equal(notice?.message, 'spec.md (001-a) was cancelled: Cancelled. The previous document was kept.');
    assert.deepEqual(notice?.actions, ['Open']);
  });
});

describe('Conversation view: refine threads', () => {
  it('puts the turns of a thread in order, whichever turn is shown; a task run is not refinable', () => {
    const ops = {
      a: op({ id: 'a', createdAt: 1 }), b: op({ id: 'b', createdAt: 3, parentOperationId: 'a', refine: { turn: 3, resumed: true } }),
      c: op({ id: 'c', createdAt: 2, parentOperationId: 'a', refine: { turn: 2, resumed: true } }), d: op({ id: 'd', createdAt: 4 }),
    };
    assert.deepEqual(threadTurns(ops, 'b').map((o) => o.id), ['a', 'c', 'b']);
    assert.deepEqual(threadTurns(ops, 'a').map((o) => o.id), ['a', 'c', 'b']);
    assert.deepEqual(threadTurns(ops, 'd').map((o) => o.id), ['d']);
    assert.equal(isRefinable(op({ kind: 'task', document: undefined })), false);
  });
  it('Refine tasks names each impacted task and what changed under it', () => {
    const text = impactedPrompt([{ key: 'T016', id: 'T016', line: 9, title: 'Share link', done: false, requirements: [{ id: 'FR-003', change: 'modified', before: 'a', after: 'Links can be revoked' }] }]);
    assert.match(text, /leave every other task as it is/);
    assert.match(text, /- T016: FR-003 modified \(now: "Links can be revoked"\)/);
  });
});
