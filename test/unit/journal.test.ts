import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperationBus } from '../../src/core/operations/bus';
import { Journal } from '../../src/core/operations/journal';
import { exportOperation } from '../../src/core/operations/journalExport';
import { INTERRUPTED_REASON, journalDirOf, journalFileName } from '../../src/core/operations/journalFormat';
import { createSpecwright } from '../../src/core/app/specwright';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import type { AgentEvent, OperationSummary } from '../../src/protocol';

const DAY = 24 * 60 * 60 * 1000;

function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'sw-journal-'));
  return { root, dir: journalDirOf(root) };
}

/** A bus whose operations are journaled into `dir`; ids op-1, op-2 … and a clock the test moves. */
function journaled(dir: string, retention = { maxOperations: 200, maxAgeDays: 30 }, start = Date.now()) {
  let now = start;
  let n = 0;
  const bus = new OperationBus({ newId: () => `op-${++n}`, now: () => now, coalesceMs: 0 });
  const journal = new Journal({ dirOf: () => dir, retention: () => retention, now: () => now });
  journal.attach(bus);
  const run = (events: AgentEvent[], status: 'succeeded' | 'failed' = 'succeeded', kind: OperationSummary['kind'] = 'spec') => {
    const op = bus.create({ kind, feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'copilot' });
    bus.setStatus(op.id, 'running');
    for (const e of events) bus.publish(op.id, e);
    bus.flush(op.id);
    bus.setStatus(op.id, status, status === 'failed' ? 'exit code 1' : undefined);
    now += 1000;
    return op.id;
  };
  return { bus, journal, run, tick: (ms: number) => { now += ms; }, now: () => now };
}

const events = (bus: OperationBus, id: string) => {
  const out: { seq: number; event: AgentEvent }[] = [];
  bus.subscribe(id, 0, (item) => { if (item.type === 'event') out.push({ seq: item.seq, event: item.event }); }).dispose();
  return out;
};

describe('Journal', () => {
  it('appends each operation and its events as JSONL, one file per operation', async () => {
    const { dir } = workspace();
    const { journal, run } = journaled(dir);
    const id = run([{ kind: 'info', text: 'Asking Copilot' }, { kind: 'message', text: 'Wrote spec.md' }]);
    await journal.flushed();
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0], new RegExp(`^\\d{15}-${id}\\.jsonl$`));
    const lines = readFileSync(join(dir, files[0]), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => (l.t === 'op' ? `op:${l.summary.status}` : `ev:${l.seq}`)), ['op:queued', 'op:running', 'ev:1', 'ev:2', 'op:succeeded']);
  });

  it('a reload restores the history list and each operation\'s events in order', async () => {
    const { dir } = workspace();
    const first = journaled(dir);
    const a = first.run([{ kind: 'info', text: 'one' }, { kind: 'message', text: 'two' }, { kind: 'complete', summary: 'three' }]);
    const b = first.run([{ kind: 'error', message: 'boom' }], 'failed', 'task');
    await first.journal.flushed();
    const original = first.bus.list();

    // A new window: a fresh bus, the journal loaded back onto it.
    const bus = new OperationBus();
    const restored = bus.restore(await new Journal({ dirOf: () => dir }).load(dir));
    assert.equal(restored, 2);
    assert.deepEqual(bus.list().map((op) => op.id), [b, a], 'newest first, as before');
    assert.deepEqual(bus.list(), original);
    assert.deepEqual(events(bus, a).map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(events(bus, a).map((e) => e.event.kind), ['info', 'message', 'complete']);
    assert.deepEqual(events(bus, b).map((e) => e.event), [{ kind: 'error', message: 'boom' }]);
    // New operations go in front of the restored ones.
    const c = bus.create({ kind: 'plan', feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'copilot' });
    assert.deepEqual(bus.list().map((op) => op.id), [c.id, b, a]);
  });

  it('skips a last line cut short by a crash, and an operation that never ended comes back as interrupted', async () => {
    const { dir } = workspace();
    const { bus, journal } = journaled(dir);
    const op = bus.create({ kind: 'task', feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'claude' });
    bus.setStatus(op.id, 'running');
    bus.publish(op.id, { kind: 'info', text: 'started' });
    bus.publish(op.id, { kind: 'tool', phase: 'start', id: 't1', title: 'Edit src/a.ts', status: 'running' });
    await journal.flushed();
    const file = join(dir, readdirSync(dir)[0]);
    appendFileSync(file, '{"t":"ev","seq":3,"at":1,"event":{"kind":"mess');
    const loaded = await new Journal({ dirOf: () => dir }).load(dir);
    assert.equal(loaded.length, 1);
    assert.equal(loaded[0].skippedLines, 1);
    assert.deepEqual(loaded[0].events.map((e) => e.seq), [1, 2]);
    assert.equal(loaded[0].summary.status, 'failed');
    assert.equal(loaded[0].summary.reason, INTERRUPTED_REASON);
    assert.equal(loaded[0].summary.lastSeq, 2);
  });

  it('a line whose check does not match is skipped on load even when it still parses; lines of the older format, without a check, are read', async () => {
    const { dir } = workspace();
    const { bus, journal } = journaled(dir);
    const op = bus.create({ kind: 'spec', feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'claude' });
    bus.setStatus(op.id, 'running');
    for (const text of ['one', 'two', 'three']) bus.publish(op.id, { kind: 'info', text });
    bus.setStatus(op.id, 'succeeded');
    await journal.flushed();
    const file = join(dir, readdirSync(dir)[0]);
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.ok(lines.filter((l) => l.includes('"t":"ev"')).every((l) => /,"crc":\d+\}$/.test(l)), 'every event line ends with its check');
    // One letter changed: still valid JSON and a valid event, but not what was written.
    // And two lines as the journal wrote them before the check existed.
    const text = lines.join('\n').replace('"text":"two"', '"text":"twO"')
      + `${JSON.stringify({ t: 'ev', seq: 4, at: 4, event: { kind: 'info', text: 'old four' } })}\n`
      + `${JSON.stringify({ t: 'ev', seq: 5, at: 5, event: { kind: 'message', text: 'old five é' } })}\n`;
    writeFileSync(file, text);
    const loaded = await new Journal({ dirOf: () => dir }).load(dir);
    assert.equal(loaded[0].skippedLines, 1);
    assert.deepEqual(loaded[0].events.map((e) => [e.seq, e.event]), [
      [1, { kind: 'info', text: 'one' }],
      [3, { kind: 'info', text: 'three' }],
      [4, { kind: 'info', text: 'old four' }],
      [5, { kind: 'message', text: 'old five é' }],
    ]);
    assert.match(exportOperation(loaded[0].summary, loaded[0].events, 'markdown').content, /old five é/);
  });

  it('a garbled file is skipped, not fatal', async () => {
    const { dir } = workspace();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, journalFileName({ createdAt: 5, id: 'broken' })), 'not json at all\n\u0000\u0001');
    writeFileSync(join(dir, 'README.txt'), 'not a journal file');
    assert.deepEqual(await new Journal({ dirOf: () => dir }).load(dir), []);
  });

  it('retention keeps the newest operations by count, trimming the oldest as operations end', async () => {
    const { dir } = workspace();
    const { journal, run } = journaled(dir, { maxOperations: 3, maxAgeDays: 0 });
    const ids = [1, 2, 3, 4, 5].map((i) => run([{ kind: 'info', text: `run ${i}` }]));
    await journal.flushed();
    const left = readdirSync(dir).sort();
    assert.equal(left.length, 3);
    assert.deepEqual(left.map((f) => f.replace(/^\d+-|\.jsonl$/g, '')), ids.slice(2));
    const loaded = await journal.load(dir);
    assert.deepEqual(loaded.map((e) => e.summary.id), [ids[4], ids[3], ids[2]]);
  });

  it('retention drops operations older than the age limit when loading', async () => {
    const { dir } = workspace();
    const first = journaled(dir, { maxOperations: 100, maxAgeDays: 7 });
    const old = first.run([{ kind: 'info', text: 'old' }]);
    first.tick(10 * DAY);
    const recent = first.run([{ kind: 'info', text: 'recent' }]);
    await first.journal.flushed();
    const later = new Journal({ dirOf: () => dir, retention: () => ({ maxOperations: 100, maxAgeDays: 7 }), now: () => first.now() });
    const loaded = await later.load(dir);
    assert.deepEqual(loaded.map((e) => e.summary.id), [recent]);
    assert.ok(!readdirSync(dir).some((f) => f.includes(old)), 'the old file is deleted');
  });

  it('exports an operation as Markdown (the conversation) and as JSON', async () => {
    const { dir } = workspace();
    const { bus, run } = journaled(dir);
    const id = run([
      { kind: 'info', text: 'Asking Copilot to write spec.md' },
      { kind: 'thinking', text: 'Reading the ', stream: 't' },
      { kind: 'thinking', text: 'description', stream: 't' },
      { kind: 'tool', phase: 'start', id: 'w', title: 'Write spec.md', status: 'running' },
      { kind: 'tool', phase: 'end', id: 'w', title: 'Write spec.md', status: 'succeeded' },
      { kind: 'message', text: 'Done: 3 stories.' },
    ]);
    const summary = bus.get(id) as OperationSummary;
    const evs = events(bus, id).map((e, i) => ({ ...e, at: i }));
    const md = exportOperation(summary, evs, 'markdown');
    assert.match(md.fileName, /^specwright-001-albums-spec-op-1\.md$/);
    assert.match(md.content, /^# spec\.md of 001-albums/);
    assert.match(md.content, /\*\*Status:\*\* succeeded/);
    assert.match(md.content, /> Reading the description/);
    assert.match(md.content, /- ⚙ \*\*Write spec\.md\*\*\n\n- ✔ \*\*Write spec\.md\*\*/);
    assert.match(md.content, /Done: 3 stories\./);
    const json = exportOperation(summary, evs, 'json');
    assert.deepEqual(JSON.parse(json.content).summary, summary);
    assert.equal(JSON.parse(json.content).events.length, 5);
  });

  it('the core journals its operations under .specwright/journal/ and loads them back on start', async () => {
    const { root, dir } = workspace();
    const make = () => createSpecwright({ roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS, agent: 'scaffold' }), isTrusted: () => true, log: () => undefined });
    const featureDir = join(root, 'specs', '001-albums');
    mkdirSync(featureDir, { recursive: true });
    const first = make();
    const { operationId, done } = await first.generation.start({ kind: 'spec', featureDir, userPrompt: 'Users organise photos into albums' });
    await done;
    await first.journal.flushed();
    const before = events(first.bus, operationId);
    first.dispose();
    assert.equal(readdirSync(dir).length, 1);

    const second = make();
    assert.equal(await second.historyLoaded, 1);
    assert.equal(second.bus.get(operationId)?.status, 'succeeded');
    assert.deepEqual(events(second.bus, operationId), before);
    assert.deepEqual((await second.snapshot()).operations.map((op) => op.id), [operationId]);
    second.dispose();
  });
});
