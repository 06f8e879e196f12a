// Benchmark helper, run as a child process so the server's heap holds only the server's side:
// opens N web UI sockets, resumes one operation on each, and reports on stdout.
import WebSocket from 'ws';

const [port, token, operationId, count, expected] = process.argv.slice(2);
const host = `127.0.0.1:${port}`;
let welcomed = 0;
let complete = 0;
for (let i = 0; i < Number(count); i++) {
  const socket = new WebSocket(`ws://${host}/ws`, ['specwright.v1', `specwright.token.${token}`], { origin: `http://${host}` });
  let events = 0;
  socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: 1, client: 'bench', resume: [{ operationId, afterSeq: 0 }] })));
  socket.on('message', (data) => {
    // A server frame holds one message or an array of them (src/protocol/frames.ts).
    const parsed = JSON.parse(String(data));
    for (const msg of Array.isArray(parsed) ? parsed : [parsed]) {
      if (msg.type === 'welcome' && ++welcomed === Number(count)) process.stdout.write('ready\n');
      if (msg.type === 'event' && ++events === Number(expected) && ++complete === Number(count)) process.stdout.write('done\n');
    }
  });
  socket.on('error', (error) => process.stderr.write(`client ${i}: ${error.message}\n`));
}
