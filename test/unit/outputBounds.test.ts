import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperationBus, type OperationItem } from '../../src/core/operations/bus';
import { Journal, MAX_JOURNAL_LINE_CHARS } from '../../src/core/operations/journal';
import { DEFAULT_OUTPUT_LIMITS, clipText } from '../../src/core/operations/outputBudget';
import { createCustomAgent } from '../../src/core/agents/custom';
import { GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import type { AgentEvent } from '../../src/protocol';

const init = { kind: 'spec' as const, feature: '/ws/specs/001-a', featureName: '001-a', agent: 'custom' };
const FLOOD = join(__dirname, '..', 'fixtures', 'bin', 'fake-flood.js');

function kept(bus: OperationBus, id: string): AgentEvent[] {
  const items: OperationItem[] = [];
  bus.subscribe(id, 0, (item) => items.push(item)).dispose();
  return items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
}

const textOf = (e: AgentEvent): string => ('text' in e ? e.text : e.kind === 'error' ? e.message : '');
const chars = (events: AgentEvent[]): number => events.reduce((n, e) => n + textOf(e).length + (e.kind === 'tool' ? (e.output?.length ?? 0) : 0), 0);

describe('Output bounds: what one operation keeps of an agent that never stops printing', () => {
  it('keeps at most the budget of 20 MB of messages, and says in the conversation that output was truncated', () => {
    const bus = new OperationBus({ coalesceMs: 1_000_000 });
    const op = bus.create(init);
    bus.setStatus(op.id, 'running');
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 20 * 1024; i++) bus.publish(op.id, { kind: 'message', text: line, stream: 'stdout' });
    bus.publish(op.id, { kind: 'error', message: 'The command exited with code 1' });
    bus.setStatus(op.id, 'failed', 'exit 1');
    const events = kept(bus, op.id);
    assert.ok(chars(events) <= DEFAULT_OUTPUT_LIMITS.maxOutputChars + 64 * 1024, `kept ${chars(events)} characters`);
    const notices = events.filter((e) => e.kind === 'info' && e.text.startsWith('Output truncated'));
    assert.equal(notices.length, 2, 'one notice when it starts, one total at the end');
    assert.match(textOf(notices[1]), /^Output truncated: 12(\.\d)? MB of agent output \([\d,]+ lines or pieces\) were not kept/);
    // What matters is never dropped: the error is there, after the first notice.
    assert.ok(events.some((e) => e.kind === 'error'));
  });

  it('cuts one 10 MB line (message, log, tool output) to the per-event limit', () => {
    const bus = new OperationBus({ coalesceMs: 1_000_000 });
    const op = bus.create(init);
    const huge = 'y'.repeat(10 * 1024 * 1024);
    bus.publish(op.id, { kind: 'message', text: huge });
    bus.publish(op.id, { kind: 'log', text: huge });
    bus.publish(op.id, { kind: 'tool', phase: 'update', id: 't1', status: 'running', output: huge });
    bus.flush(op.id);
    const events = kept(bus, op.id);
    assert.equal(events.length, 3);
    for (const e of events) {
      const text = e.kind === 'tool' ? e.output ?? '' : textOf(e);
      assert.ok(text.length < DEFAULT_OUTPUT_LIMITS.maxEventChars + 100, `${e.kind} kept ${text.length}`);
      assert.match(text, /more characters not kept\]$/);
    }
  });

  it('bounds a flood of empty lines too (each kept event costs something)', () => {
    const bus = new OperationBus({ output: { maxOutputChars: 32 * 1000 }, maxEventsPerOperation: 1_000_000 });
    const op = bus.create(init);
    for (let i = 0; i < 100_000; i++) bus.publish(op.id, { kind: 'log', text: '' });
    const logs = kept(bus, op.id).filter((e) => e.kind === 'log');
    assert.ok(logs.length <= 1000, `kept ${logs.length}`);
  });

  it('never cuts an emoji in half', () => {
    assert.equal(clipText('ab😀cd', 3).startsWith('ab…'), true);
  });

  it('the journal never writes a line longer than its limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-bounds-'));
    // A bus that would keep a 3 MB event: the journal still cuts it.
    const bus = new OperationBus({ output: { maxEventChars: 8 * 1024 * 1024 }, coalesceMs: 0 });
    const journal = new Journal({ dirOf: () => dir });
    journal.attach(bus);
    const op = bus.create(init);
    bus.publish(op.id, { kind: 'log', text: 'z'.repeat(3 * 1024 * 1024) });
    bus.setStatus(op.id, 'succeeded');
    await journal.flushed();
    const [file] = readdirSync(dir);
    const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
    for (const line of lines) assert.ok(line.length <= MAX_JOURNAL_LINE_CHARS, `a line of ${line.length}`);
    const entry = await journal.read(dir, op.id);
    const log = entry?.events.find((e) => e.event.kind === 'log');
    assert.match(log ? textOf(log.event) : '', /more characters not kept\]$/);
  });

  it('a real agent printing 200 MB: the run ends, the conversation keeps a bounded amount and says it was cut', async function () {
    this.timeout(120_000);
    const root = mkdtempSync(join(tmpdir(), 'sw-flood-'));
    const featureDir = join(root, 'specs', '001-a');
    mkdirSync(featureDir, { recursive: true });
    writeFileSync(join(featureDir, 'spec.md'), '# Feature Specification: A\n\nMine.\n');
    const bus = new OperationBus();
    const agent = createCustomAgent({ command: process.execPath, args: [FLOOD, '200'] });
    const service = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: (r) => new VersionStore(r), resolveAgent: async () => agent });
    const { operationId, done } = await service.start({ kind: 'spec', featureDir, userPrompt: 'x' });
    const summary = await done;
    assert.equal(summary.status, 'failed');
    const events = kept(bus, operationId);
    assert.ok(chars(events) <= DEFAULT_OUTPUT_LIMITS.maxOutputChars + 64 * 1024, `kept ${chars(events)} characters`);
    assert.ok(events.some((e) => e.kind === 'info' && /^Output truncated: .* were not kept/.test(e.text)));
    assert.equal(readFileSync(join(featureDir, 'spec.md'), 'utf8'), '# Feature Specification: A\n\nMine.\n');
  });
});
