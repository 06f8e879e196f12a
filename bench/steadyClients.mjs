// Benchmark helper, run as a child process so the clients' work is not on the host's event loop:
// opens N web UI sockets following one operation, and for every event computes the latency from
// the wall-clock time written in its text (`<seq> <sent at, ms since the epoch>`) to receipt.
// Prints `ready` once every socket is welcomed, then one JSON line when every socket saw `finished`.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const [port, token, operationId, count] = process.argv.slice(2);
const host = `127.0.0.1:${port}`;
const clients = Number(count);
/** Latency histogram, 10 µs buckets up to 10 s. */
const BUCKET_MS = 0.01;
const histogram = new Uint32Array(1_000_000);
let samples = 0;
let max = 0;
let welcomed = 0;
let finished = 0;
let lost = 0;
let duplicates = 0;
let received = 0;
const now = () => performance.timeOrigin + performance.now();

for (let i = 0; i < clients; i++) {
  const socket = new WebSocket(`ws://${host}/ws`, ['specwright.v1', `specwright.token.${token}`], { origin: `http://${host}` });
  let last = 0;
  socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: 1, client: 'bench', resume: [{ operationId, afterSeq: 0 }] })));
  socket.on('message', (data) => {
    const at = now();
    const parsed = JSON.parse(String(data));
    for (const msg of Array.isArray(parsed) ? parsed : [parsed]) {
      if (msg.type === 'welcome' && ++welcomed === clients) process.stdout.write('ready\n');
      if (msg.type === 'gap') lost += msg.missed;
      if (msg.type === 'event') {
        received += 1;
        if (msg.seq <= last) duplicates += 1;
        else lost += msg.seq - last - 1;
        last = Math.max(last, msg.seq);
        const latency = Math.max(0, at - Number(msg.event.text.split(' ')[1]));
        max = Math.max(max, latency);
        histogram[Math.min(histogram.length - 1, Math.floor(latency / BUCKET_MS))] += 1;
        samples += 1;
      }
      if (msg.type === 'finished') {
        lost += Math.max(0, msg.lastSeq - last);
        if (++finished === clients) report();
      }
    }
  });
  socket.on('error', (error) => process.stderr.write(`client ${i}: ${error.message}\n`));
}

/** The histogram's non-empty buckets as [upper bound in ms, count], for the host to merge across processes. */
function report() {
  const buckets = [];
  for (let b = 0; b < histogram.length; b++) if (histogram[b]) buckets.push([(b + 1) * BUCKET_MS, histogram[b]]);
  // A pipe is written asynchronously: exit only once the whole line is out.
  process.stdout.write(`${JSON.stringify({ received, lost, duplicates, samples, max, buckets })}\n`, () => process.exit(0));
}
