import assert from 'node:assert/strict';
import type { AgentEvent, ServerMessage } from '../../src/protocol';
import { PermissionBroker, type PermissionQuestion } from '../../src/core/agents/permissions';
import { reduceMessages } from '../../webview/state';

const question: PermissionQuestion = {
  question: 'Write outside the feature folder?',
  options: [
    { id: 'yes', label: 'Allow once', kind: 'allow_once' },
    { id: 'no', label: 'Reject', kind: 'reject_once' },
  ],
};

describe('permission questions are settled for every client', () => {
  const ask = (broker: PermissionBroker, signal = new AbortController().signal) => {
    const events: AgentEvent[] = [];
    const answer = broker.ask(question, { emit: (e) => events.push(e), signal });
    const asked = events.find((e) => e.kind === 'permission');
    assert.ok(asked && asked.kind === 'permission');
    return { events, answer, id: asked.id };
  };

  it('announces the answer a client gave', async () => {
    const broker = new PermissionBroker();
    const { events, answer, id } = ask(broker);
    assert.equal(broker.answer(id, 'yes'), 'accepted');
    assert.deepEqual(await answer, { outcome: 'selected', optionId: 'yes' });
    assert.deepEqual(events.at(-1), { kind: 'permissionResolved', id, outcome: 'selected', optionId: 'yes', label: 'Allow once' });
    assert.equal(broker.answer(id, 'no'), 'unknown', 'a second answer from another client is refused');
  });

  it('announces a timeout and a cancelled run', async () => {
    const timed = ask(new PermissionBroker({ timeoutMs: () => 10 }));
    await timed.answer;
    assert.deepEqual(timed.events.at(-1), { kind: 'permissionResolved', id: timed.id, outcome: 'timedOut', optionId: 'no', label: 'Reject' });

    const controller = new AbortController();
    const cancelled = ask(new PermissionBroker(), controller.signal);
    controller.abort();
    await cancelled.answer;
    assert.deepEqual(cancelled.events.at(-1), { kind: 'permissionResolved', id: cancelled.id, outcome: 'cancelled' });
  });

  it('a client that did not answer sees the question settled, with the answer', () => {
    const ev = (seq: number, event: AgentEvent): ServerMessage => ({ type: 'event', operationId: 'op1', seq, at: seq, event });
    const state = reduceMessages([
      ev(1, { kind: 'permission', id: 'q1', question: question.question, options: [{ id: 'yes', label: 'Allow once' }] }),
      ev(2, { kind: 'permissionResolved', id: 'q1', outcome: 'selected', optionId: 'yes', label: 'Allow once' }),
    ]);
    const items = state.timelines.op1?.items ?? [];
    assert.equal(items.length, 1);
    const item = items[0];
    assert.ok(item.type === 'permission');
    assert.deepEqual(item.resolved, { outcome: 'selected', optionId: 'yes', label: 'Allow once' });
  });
});
