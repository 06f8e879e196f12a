import assert from 'node:assert/strict';
import { initialState, reducer } from '../../webview/state/reducer';
import type { UiState } from '../../webview/state/types';

describe('webview state: History → Compare', () => {
  it('a showCompare message from the host names the sides to show, once per ask', () => {
    const state = reducer(initialState, { type: 'server', now: 10, message: { type: 'showCompare', feature: '/w/specs/001-a', document: 'spec', from: 'v1' } });
    assert.deepEqual(state.compareTarget, { feature: '/w/specs/001-a', document: 'spec', from: 'v1', at: 10 });
    const again = reducer(state, { type: 'server', now: 20, message: { type: 'showCompare', feature: '/w/specs/001-a', document: 'tasks' } });
    assert.deepEqual(again.compareTarget, { feature: '/w/specs/001-a', document: 'tasks', at: 20 });
  });

  it('keeps the answers of listVersions, diffVersions and impactedTasks with the request they answer', () => {
    let state: UiState = initialState;
    for (const [id, method] of [['a', 'listVersions'], ['b', 'diffVersions'], ['c', 'impactedTasks']] as const) {
      state = reducer(state, { type: 'requestSent', request: { id, method, params: {}, sentAt: 0 } });
      state = reducer(state, { type: 'server', now: 1, message: { type: 'response', id, ok: true, result: { method } } });
      assert.deepEqual(state.runResults?.[method], { requestId: id, result: { method } });
    }
  });
});
