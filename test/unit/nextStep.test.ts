import assert from 'node:assert/strict';
import type { OperationSummary } from '../../src/protocol';
import { nextStepFor } from '../../webview/components/nextStepRule';

const op = (over: Partial<OperationSummary>): OperationSummary => ({
  id: 'op1', kind: 'spec', feature: '/w/specs/001-a', featureName: '001-a', agent: 'scaffold', status: 'succeeded',
  createdAt: 1, lastSeq: 3, ...over,
} as OperationSummary);

describe('next step offered in the conversation', () => {
  it('offers the plan after a spec and the tasks after a plan, nothing after tasks', () => {
    assert.equal(nextStepFor(op({}), []), 'plan');
    assert.equal(nextStepFor(op({ kind: 'plan' }), []), 'tasks');
    assert.equal(nextStepFor(op({ kind: 'tasks' }), []), undefined);
  });

  it('offers nothing for a stage that did not succeed', () => {
    for (const status of ['failed', 'cancelled', 'timedOut', 'running', 'queued'] as const) {
      assert.equal(nextStepFor(op({ status }), []), undefined, status);
    }
  });

  it('offers nothing when a chain already went on from it or the feature is busy', () => {
    const spec = op({});
    assert.equal(nextStepFor(spec, [spec, op({ id: 'op2', kind: 'plan', parentId: 'op1', status: 'succeeded' })]), undefined);
    assert.equal(nextStepFor(spec, [spec, op({ id: 'op3', kind: 'spec', status: 'running' })]), undefined);
    // Something running for another feature does not matter.
    assert.equal(nextStepFor(spec, [spec, op({ id: 'op4', feature: '/w/specs/002-b', status: 'running' })]), 'plan');
  });
});
