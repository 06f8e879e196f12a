import assert from 'node:assert/strict';
import type { AgentEvent } from '../../src/protocol';
import { OperationBus } from '../../src/core/operations/bus';
import { buildTimeline, type TimelineEntry } from '../../webview/state/timeline';

const entries = (events: AgentEvent[]): TimelineEntry[] => events.map((event, i) => ({ kind: 'event', seq: i + 1, at: 1000 + i, event }));

/** Issue 14 item 4: a sub-agent's work shows under its step; shell output streams into its step. */
describe('Timeline: sub-agent groups and live tool output', () => {
  it('marks a sub-agent\'s messages and tools with their step and its title, and never merges them with the main agent\'s text', () => {
    const { items } = buildTimeline(entries([
      { kind: 'tool', phase: 'start', id: 'task-1', title: 'Sub-agent Explore: Reads the codebase', status: 'running' },
      { kind: 'message', text: 'Found ', stream: 's', group: 'task-1' },
      { kind: 'message', text: 'the models.', stream: 's', group: 'task-1' },
      { kind: 'tool', phase: 'start', id: 'sh', title: 'bash ls', status: 'running', group: 'task-1' },
      { kind: 'tool', phase: 'end', id: 'task-1', status: 'succeeded' },
      { kind: 'message', text: 'Done.', stream: 's' },
    ]));
    assert.deepEqual(items.map((i) => [i.type, i.group, i.groupTitle]), [
      ['tool', undefined, undefined],
      ['message', 'task-1', 'Sub-agent Explore: Reads the codebase'],
      ['tool', 'task-1', 'Sub-agent Explore: Reads the codebase'],
      ['message', undefined, undefined],
    ]);
    assert.equal(items[1].type === 'message' && items[1].text, 'Found the models.');
  });

  it('appends a step\'s live output chunk by chunk into the step, keeping the tail of a long one', () => {
    const chunks = Array.from({ length: 40 }, (_, i) => ({ kind: 'tool' as const, phase: 'update' as const, id: 'sh', status: 'running' as const, output: `${String(i).padStart(2, '0')} ${'x'.repeat(1020)}\n` }));
    const { items } = buildTimeline(entries([
      { kind: 'tool', phase: 'start', id: 'sh', title: 'npm test', status: 'running' },
      ...chunks,
      { kind: 'tool', phase: 'end', id: 'sh', status: 'succeeded' },
    ]));
    assert.equal(items.length, 1, 'one step, not a log row per chunk');
    const tool = items[0];
    assert.ok(tool.type === 'tool');
    assert.ok(tool.output?.endsWith(`39 ${'x'.repeat(1020)}\n`));
    assert.ok((tool.output?.length ?? 0) <= 32 * 1024 + 1);
    assert.ok(tool.output?.startsWith('…'));
  });
});

describe('OperationBus keeps a sub-agent\'s text in its group when it merges deltas', () => {
  it('merges the deltas of one group, never across groups', () => {
    const bus = new OperationBus({ coalesceMs: 10_000 });
    const op = bus.create({ kind: 'spec', feature: '/ws/specs/001-a', featureName: '001-a', agent: 'copilot' });
    bus.setStatus(op.id, 'running');
    bus.publish(op.id, { kind: 'message', text: 'Found ', stream: 's', group: 'task-1' });
    bus.publish(op.id, { kind: 'message', text: 'it.', stream: 's', group: 'task-1' });
    bus.publish(op.id, { kind: 'message', text: 'Main.', stream: 's' });
    bus.flush(op.id);
    const events: AgentEvent[] = [];
    bus.subscribe(op.id, 0, (item) => { if (item.type === 'event') events.push(item.event); }).dispose();
    assert.deepEqual(events, [{ kind: 'message', text: 'Found it.', stream: 's', group: 'task-1' }, { kind: 'message', text: 'Main.', stream: 's' }]);
  });
});
