/**
 * `npm run bench`: figures, never pass/fail. Throughput and latency from a bus publish to receipt
 * by web UI sockets (1, 10, 100 clients) against raw `ws` sends of the same messages in the same
 * run; replay of 10,000 events; server memory with 100 clients; a 50,000-event conversation in
 * chromium. BENCH_QUICK=1 runs smaller sizes; BENCH_SKIP_BROWSER=1 skips chromium.
 */
import { browserConversation } from './browser';
import { bundleSizes } from './bundles';
import { serverMemory } from './memory';
import { replayTime } from './replay';
import { mib, ms, perSecond, table } from './stats';
import { rawWsThroughput, specwrightThroughput } from './throughput';

const quick = process.env.BENCH_QUICK === '1';

async function main(): Promise<void> {
  const log = (text: string) => process.stdout.write(`${text}\n`);
  log(`Specwright web UI benchmark — Node ${process.version}, ${quick ? 'quick sizes' : 'full sizes'}\n`);

  // First, while the heap holds nothing from the other measurements.
  const memory = await serverMemory(100, quick ? 200 : 1000);
  const rows: string[][] = [];
  for (const clients of [1, 10, 100]) {
    const events = quick ? Math.max(200, 2000 / clients) : Math.max(1000, 20_000 / clients);
    const ours = await specwrightThroughput(clients, events);
    const raw = await rawWsThroughput(clients, events);
    rows.push([
      String(clients), String(events),
      perSecond(ours.deliveriesPerSecond), ms(ours.p50), ms(ours.p99),
      perSecond(raw.deliveriesPerSecond), ms(raw.p50), ms(raw.p99),
      `${(ours.deliveriesPerSecond / raw.deliveriesPerSecond).toFixed(2)}×`,
    ]);
  }
  log('Live events: bus.publish → ws client receipt (events delivered per second, all clients together)');
  log(table(['clients', 'events', 'specwright', 'p50', 'p99', 'raw ws', 'p50', 'p99', 'ratio'], rows));

  const replay = await replayTime(10_000);
  log('');
  log(table(['measure', 'result'], [
    [`replay of ${replay.events.toLocaleString('en-US')} events after a reconnect`, ms(replay.ms)],
    [`server heap, ${memory.clients} clients connected and idle`, `+${mib(memory.idleHeapDelta)} (${(memory.idleHeapDelta / memory.clients / 1024).toFixed(1)} KiB each)`],
    [`server heap peak, ${memory.events} events live to ${memory.clients} clients`, `+${mib(memory.peakHeapDelta)}`],
    [`server RSS afterwards`, `+${mib(memory.rssDelta)}`],
  ]));

  if (process.env.BENCH_SKIP_BROWSER !== '1') {
    // The target is 50,000; the smaller sizes show how the time grows with the length.
    const sizes = quick ? [1_000] : [1_000, 5_000, 50_000];
    const browserRows: string[][] = [];
    for (const events of sizes) {
      const result = await browserConversation(events, 1_000, 120_000);
      if (typeof result === 'string') browserRows.push([events.toLocaleString('en-US'), result, '', '']);
      else browserRows.push([events.toLocaleString('en-US'), ms(result.openMs), ms(result.appendMs), result.rowsInDom.toLocaleString('en-US')]);
    }
    log('');
    log('Browser (chromium, headless): open a conversation, then append 1,000 events live');
    log(table(['events', 'open', 'append 1,000', 'rows in DOM'], browserRows));
  }
  log(`\n${bundleSizes()}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
