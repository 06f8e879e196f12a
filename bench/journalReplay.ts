import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Journal } from '../src/core/operations/journal';
import { lineWatcher } from './lines';
import { runningOperation, startBenchServer, tick } from './setup';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const payload = (i: number) => ({ kind: 'info' as const, text: `event ${i} ${'x'.repeat(100)}` });

/** The product's bus window (1,000 events in memory) with the journal attached in a fresh folder. */
async function journaledServer() {
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-journal-'));
  const s = await startBenchServer({ maxEvents: 1_000 });
  const journal = new Journal({ dirOf: () => dir, retention: () => ({ maxOperations: 1_000, maxAgeDays: 0 }) });
  const attached = journal.attach(s.bus);
  return {
    s, journal,
    stop: async () => {
      attached.dispose();
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A client (a child process, as a browser is) that opens a finished run of `events` events from
 * the start over the web UI socket: all but the last 1,000 come from the journal on disk.
 * Time from connect to `finished`, measured by the client, and the host's CPU time meanwhile
 * (which, unlike the time, another program on the machine hardly changes).
 */
export async function journalReplay(events: number): Promise<{ events: number; ms: number; gaps: number; hostCpuMs: number }> {
  const { s, journal, stop } = await journaledServer();
  try {
    const op = runningOperation(s.bus);
    for (let i = 1; i <= events; i++) {
      s.bus.publish(op, payload(i));
      if (i % 1_000 === 0) await tick();
    }
    s.bus.setStatus(op, 'succeeded');
    await journal.flushed();
    gc();
    const child = spawn(process.execPath, [join(__dirname, 'replayClient.mjs'), String(s.address.port), s.address.token, op], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const printed = lineWatcher(child.stdout);
      await printed.waitFor('ready');
      const cpu = process.cpuUsage();
      child.stdin.write('go\n');
      const result = JSON.parse(await printed.next((line) => line.startsWith('{'))) as { ms: number; events: number; gaps: number; duplicates: number };
      const used = process.cpuUsage(cpu);
      if (result.events !== events || result.duplicates) throw new Error(`journal replay delivered ${result.events} of ${events} events, ${result.duplicates} twice`);
      return { events, ms: result.ms, gaps: result.gaps, hostCpuMs: (used.user + used.system) / 1000 };
    } finally {
      child.kill();
    }
  } finally {
    await stop();
  }
}

/**
 * Host heap while `runs` operations of `events` events each are published (one after another,
 * journaled, one browser socket in a child process following live, so the host's heap holds only
 * the host's side), and after they all finished: what the bus keeps is bounded by its window,
 * the rest is on disk.
 */
export async function longRunsHeap(runs: number, events: number): Promise<{ runs: number; events: number; peak: number; retained: number; after: number }> {
  const { s, journal, stop } = await journaledServer();
  try {
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let retained = 0;
    const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
    for (let r = 0; r < runs; r++) {
      const op = runningOperation(s.bus);
      const child = spawn(process.execPath, [join(__dirname, 'clients.mjs'), String(s.address.port), s.address.token, op, '1', String(events)], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const printed = lineWatcher(child.stdout);
        await printed.waitFor('ready');
        for (let i = 1; i <= events; i++) {
          s.bus.publish(op, payload(i));
          if (i % 500 === 0) await tick();
        }
        s.bus.setStatus(op, 'succeeded');
        await printed.waitFor('done');
      } finally {
        child.kill();
      }
      await journal.flushed();
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed - before);
    }
    clearInterval(sample);
    gc();
    gc();
    const after = process.memoryUsage().heapUsed;
    return { runs, events, peak: peak - before, retained, after: after - before };
  } finally {
    await stop();
  }
}
