// Benchmark helper, run as a child process as a browser is: waits for a line on stdin, then
// opens one web UI socket, resumes one operation from seq 0 and times connect → `finished`.
// Prints one JSON line: the time, events received, gaps, duplicates.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const [port, token, operationId] = process.argv.slice(2);
const host = `127.0.0.1:${port}`;

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const start = performance.now();
  const socket = new WebSocket(`ws://${host}/ws`, ['specwright.v1', `specwright.token.${token}`], { origin: `http://${host}` });
  let events = 0;
  let gaps = 0;
  let duplicates = 0;
  let last = 0;
  socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: 1, client: 'bench', resume: [{ operationId, afterSeq: 0 }] })));
  socket.on('message', (data) => {
    // A server frame holds one message or an array of them (src/protocol/frames.ts).
    const parsed = JSON.parse(String(data));
    for (const msg of Array.isArray(parsed) ? parsed : [parsed]) {
      if (msg.type === 'gap') gaps += 1;
      if (msg.type === 'event') {
        events += 1;
        if (msg.seq <= last) duplicates += 1;
        last = Math.max(last, msg.seq);
      }
      if (msg.type === 'finished') {
        const ms = performance.now() - start;
        socket.terminate();
        process.stdout.write(`${JSON.stringify({ ms, events, gaps, duplicates })}\n`, () => process.exit(0));
      }
    }
  });
  socket.on('error', (error) => process.stderr.write(`replay client: ${error.message}\n`));
});
