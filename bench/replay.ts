import { performance } from 'node:perf_hooks';
import { benchClient, runningOperation, startBenchServer } from './setup';

/** A client that reconnects after missing `events` events: hello with resume → the last replayed event arrives. */
export async function replayTime(events: number): Promise<{ events: number; ms: number }> {
  const s = await startBenchServer({ maxEvents: events + 10 });
  try {
    const op = runningOperation(s.bus);
    for (let i = 1; i <= events; i++) s.bus.publish(op, { kind: 'info', text: `event ${i} ${'x'.repeat(200)}` });
    s.bus.setStatus(op, 'succeeded');
    const start = performance.now();
    let got = 0;
    await new Promise<void>((resolve, reject) => {
      benchClient(s.address, op, (msg) => {
        if (msg.type === 'event') got++;
        if (msg.type === 'finished') resolve();
      }).catch(reject);
    });
    const ms = performance.now() - start;
    if (got !== events) throw new Error(`replay delivered ${got} of ${events} events`);
    return { events, ms };
  } finally {
    await s.stop();
  }
}
