import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runningOperation, startBenchServer, tick } from './setup';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledHeap(): { heap: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/** The lines a child printed so far, and a way to wait for one. */
function lineWatcher(stream: NodeJS.ReadableStream): (line: string) => Promise<void> {
  const seen = new Set<string>();
  let buffer = '';
  stream.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) seen.add(line);
  });
  return async (line) => {
    while (!seen.has(line)) await new Promise((resolve) => setTimeout(resolve, 10));
  };
}

export interface MemoryResult {
  clients: number;
  events: number;
  /** Heap growth with the clients connected and idle, after a full GC. */
  idleHeapDelta: number;
  /** Highest heap growth seen while the events streamed live to every client. */
  peakHeapDelta: number;
  rssDelta: number;
}

/** Server memory with `clients` browser sockets (in a child process) following one operation live. */
export async function serverMemory(clients: number, events: number): Promise<MemoryResult> {
  const s = await startBenchServer({ maxEvents: events + 10 });
  const op = runningOperation(s.bus);
  const before = settledHeap();
  const child = spawn(process.execPath, [join(__dirname, 'clients.mjs'), String(s.address.port), s.address.token, op, String(clients), String(events)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const printed = lineWatcher(child.stdout);
    await printed('ready');
    for (let i = 0; i < 10; i++) await tick();
    const idle = settledHeap();
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 2);
    for (let i = 1; i <= events; i++) {
      s.bus.publish(op, { kind: 'info', text: `event ${i} ${'x'.repeat(200)}` });
      if (i % 50 === 0) await tick();
    }
    await printed('done');
    clearInterval(sampler);
    const after = settledHeap();
    return { clients, events, idleHeapDelta: idle.heap - before.heap, peakHeapDelta: peak - before.heap, rssDelta: after.rss - before.rss };
  } finally {
    child.kill();
    await s.stop();
  }
}
