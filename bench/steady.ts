import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lineWatcher } from './lines';
import type { OperationBus } from '../src/core/operations/bus';
import { runningOperation, startBenchServer } from './setup';

export interface SteadyResult {
  clients: number;
  rate: number;
  seconds: number;
  published: number;
  /** Events received by all clients together. */
  received: number;
  /** Events some client never got (a seq skipped, a gap, or missing at `finished`), summed over clients. */
  lost: number;
  duplicates: number;
  p50: number;
  p99: number;
  max: number;
  /** Host CPU (user + system) over the run, in cores (1 = one core busy all the time). */
  hostCpu: number;
}

interface ChildReport {
  received: number;
  lost: number;
  duplicates: number;
  samples: number;
  max: number;
  buckets: [number, number][];
}

const wallClock = (): number => performance.timeOrigin + performance.now();

/**
 * A producer at a fixed rate (not a burst): every millisecond or so it publishes the events due by
 * then, each carrying its publish time; `clients` sockets in a child process follow the operation
 * and measure publish → receipt on the same wall clock. The clients are split over `processes`
 * children (one per core by default): parsing every frame 100 times is more than one core can do.
 */
export function steadyRate(clients: number, rate: number, seconds: number, processes = Math.min(2, clients)): Promise<SteadyResult> {
  const total = Math.round(rate * seconds);
  return followLatency(clients, rate, seconds, processes, async (bus, op) => {
    const start = performance.now();
    let published = 0;
    while (published < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; published < due; ) {
        published += 1;
        bus.publish(op, { kind: 'info', text: `${published} ${wallClock()}` });
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return published;
  });
}

/**
 * `clients` sockets (in `processes` child processes) follow one operation while `produce` puts
 * events on it whose text is `<n> <wall-clock ms>`; latency is from that time to receipt.
 */
export async function followLatency(clients: number, rate: number, seconds: number, processes: number, produce: (bus: OperationBus, op: string) => Promise<number>): Promise<SteadyResult> {
  const s = await startBenchServer({ maxEvents: 1_000 });
  const op = runningOperation(s.bus);
  const shares = Array.from({ length: processes }, (_, i) => Math.floor(clients / processes) + (i < clients % processes ? 1 : 0));
  const children = shares.map((n) => spawn(process.execPath, [join(__dirname, 'steadyClients.mjs'), String(s.address.port), s.address.token, op, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  try {
    const printed = children.map((child) => lineWatcher(child.stdout));
    await Promise.all(printed.map((p) => p.waitFor('ready')));
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const published = await produce(s.bus, op);
    s.bus.setStatus(op, 'succeeded');
    const lines = await Promise.all(printed.map((p) => p.next((l) => l.startsWith('{'))));
    const cpu = process.cpuUsage(cpuStart);
    const elapsed = (performance.now() - start) / 1000;
    const parts = lines.map((l) => JSON.parse(l) as ChildReport);
    const buckets = parts.flatMap((p) => p.buckets).sort((a, b) => a[0] - b[0]);
    const samples = parts.reduce((n, p) => n + p.samples, 0);
    const quantile = (q: number): number => {
      const rank = Math.max(1, Math.ceil(q * samples));
      let seen = 0;
      for (const [bound, count] of buckets) if ((seen += count) >= rank) return bound;
      return Number.NaN;
    };
    const sum = (key: 'received' | 'lost' | 'duplicates') => parts.reduce((n, p) => n + p[key], 0);
    return {
      clients, rate, seconds, published, received: sum('received'), lost: sum('lost'), duplicates: sum('duplicates'),
      p50: quantile(0.5), p99: quantile(0.99), max: Math.max(...parts.map((p) => p.max)), hostCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
    };
  } finally {
    for (const child of children) child.kill();
    await s.stop();
  }
}
