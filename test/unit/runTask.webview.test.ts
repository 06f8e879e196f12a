import * as assert from 'node:assert/strict';
import { ServerMessage, type OperationSummary, type Snapshot, type TaskRun } from '../../src/protocol';
import { activeBoards, historyFacets, historyOf, initialState, reduceMessages, reducer, type UiState } from '../../webview/state';

const op = (id: string, patch: Partial<OperationSummary> = {}): OperationSummary => ({
  id, kind: 'task', feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'claude', status: 'succeeded',
  createdAt: 1000, lastSeq: 3, ...patch,
});
const snapshot = (operations: OperationSummary[]): Snapshot => ({ operations, features: [], agents: [], defaultAgent: 'claude', trusted: true });
const run: TaskRun = {
  id: 'run-1', feature: '/ws/specs/001-albums', state: 'paused', pauseReason: 'failure', concurrency: 2, continueOnFailure: false,
  pauseEvery: 0, done: 1, failed: 1, skipped: 0, total: 3, startedAt: 5,
};

describe('panel state: task statuses and the history', () => {
  it('keeps the latest task statuses of each feature from `tasks` messages (validated by the protocol)', () => {
    const message = ServerMessage.parse({
      type: 'tasks', feature: '/ws/specs/001-albums', run,
      tasks: [{ key: 'T001', id: 'T001', line: 3, title: 'Album model', status: 'done' }, { key: 'T002', id: 'T002', line: 4, title: 'Photo model', status: 'failed', reason: 'exit code 1' }],
    });
    const state = reduceMessages([message]);
    assert.equal(state.taskBoards?.['/ws/specs/001-albums']?.run?.state, 'paused');
    assert.deepEqual(state.taskBoards?.['/ws/specs/001-albums']?.tasks.map((t) => t.status), ['done', 'failed']);
    assert.deepEqual(activeBoards(state).map((b) => b.feature), ['/ws/specs/001-albums']);
    const calm = reduceMessages([{ type: 'tasks', feature: '/ws/specs/001-albums', tasks: [{ key: 'T001', line: 3, title: 'x', status: 'done' }] }], state);
    assert.deepEqual(activeBoards(calm), [], 'nothing to act on once every status is done and no run is live');
    assert.equal(ServerMessage.safeParse({ type: 'tasks', feature: 'f', tasks: [{ key: 'T1', line: 0, title: '', status: 'exploded' }] }).success, false);
  });

  it('filters the history by feature, kind, status and agent, newest first', () => {
    const state: UiState = reduceMessages([{ type: 'welcome', clientId: 'c', protocol: 1, snapshot: snapshot([
      op('a', { createdAt: 1, kind: 'spec' }),
      op('b', { createdAt: 2, status: 'failed', agent: 'copilot' }),
      op('c', { createdAt: 3, feature: '/ws/specs/002-share', featureName: '002-share' }),
    ]) }], initialState);
    assert.deepEqual(historyOf(state, {}).map((o) => o.id), ['c', 'b', 'a']);
    assert.deepEqual(historyOf(state, { kind: 'task' }).map((o) => o.id), ['c', 'b']);
    assert.deepEqual(historyOf(state, { status: 'failed' }).map((o) => o.id), ['b']);
    assert.deepEqual(historyOf(state, { agent: 'claude', feature: '/ws/specs/001-albums' }).map((o) => o.id), ['a']);
    assert.deepEqual(historyFacets(state), {
      features: [{ path: '/ws/specs/001-albums', name: '001-albums' }, { path: '/ws/specs/002-share', name: '002-share' }],
      kinds: ['spec', 'task'], statuses: ['failed', 'succeeded'], agents: ['claude', 'copilot'],
    });
  });

  it('keeps the result of an export request for the view that asked', () => {
    let state = reducer(initialState, { type: 'requestSent', request: { id: 'q1', method: 'exportOperation', params: {}, sentAt: 0 } });
    state = reduceMessages([{ type: 'response', id: 'q1', ok: true, result: { fileName: 'x.md', content: '# x' } }], state);
    assert.deepEqual(state.runResults?.exportOperation, { requestId: 'q1', result: { fileName: 'x.md', content: '# x' } });
    assert.deepEqual(state.pending, {});
  });
});
