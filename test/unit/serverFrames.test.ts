import assert from 'node:assert/strict';
import type { WebSocket } from 'ws';
import { WsTransport } from '../../src/core/server/wsTransport';
import { decodeServerFrame, encodeServerFrame, type ServerMessage } from '../../src/protocol';
import { startHarness, TestClient, until } from './helpers/webUiHarness';

/** The part of a ws socket WsTransport touches, recording what it was asked to do. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly calls: string[] = [];
  send(text: string): void {
    this.calls.push(`send ${text}`);
  }
  close(code: number): void {
    this.calls.push(`close ${code}`);
    this.readyState = 2;
  }
  terminate(): void {
    this.calls.push('terminate');
    this.readyState = 3;
  }
}

const info = (seq: number): ServerMessage => ({ type: 'event', operationId: 'op', seq, at: 0, event: { kind: 'info', text: `e${seq}` } });

describe('server frames', () => {
  it('a frame holds one message as an object or several as an array, in order; anything else holds none', () => {
    const one = JSON.stringify(info(1));
    assert.equal(encodeServerFrame([one]), one);
    assert.deepEqual(decodeServerFrame(encodeServerFrame([one])), [info(1)]);
    assert.deepEqual(decodeServerFrame(encodeServerFrame([1, 2, 3].map((i) => JSON.stringify(info(i))))), [info(1), info(2), info(3)]);
    assert.deepEqual(decodeServerFrame('not json'), []);
  });

  it('WsTransport sends what was sent in one go as one frame at the end of the task, and flushes before closing', async () => {
    const socket = new FakeSocket();
    const transport = new WsTransport(socket as unknown as WebSocket, 1 << 20, () => undefined);
    for (let seq = 1; seq <= 3; seq++) transport.send(info(seq));
    assert.equal(socket.calls.length, 0, 'nothing leaves before the burst ends');
    await Promise.resolve();
    assert.equal(socket.calls.length, 1);
    assert.deepEqual(decodeServerFrame(socket.calls[0].slice(5)), [info(1), info(2), info(3)]);

    transport.send(info(4));
    transport.close(1001);
    assert.deepEqual(socket.calls.slice(1), [`send ${JSON.stringify(info(4))}`, 'close 1001'], 'a lone message is a plain object, sent before the close');
  });

  it('WsTransport cuts a long burst into frames of bounded size and still drops a client that stopped reading', () => {
    const socket = new FakeSocket();
    let dropped = 0;
    const transport = new WsTransport(socket as unknown as WebSocket, 256 * 1024, () => dropped++);
    const big = 'x'.repeat(1000);
    for (let seq = 1; seq <= 300; seq++) transport.send({ type: 'event', operationId: 'op', seq, at: 0, event: { kind: 'info', text: big } });
    assert.ok(socket.calls.length >= 4, `${socket.calls.length} frames went out during the burst`);
    for (const call of socket.calls) assert.ok(call.length < 70 * 1024, 'each frame stays near 64 KiB');
    socket.bufferedAmount = 300 * 1024;
    transport.send(info(301));
    for (let seq = 302; seq <= 400; seq++) transport.send({ type: 'event', operationId: 'op', seq, at: 0, event: { kind: 'info', text: big } });
    assert.equal(socket.calls.at(-1), 'terminate');
    assert.equal(dropped, 1);
  });

  it('a replay of 5,000 events reaches a browser client complete and in order, in a few dozen frames', async () => {
    const h = await startHarness({}, { maxEventsPerOperation: 10_000 });
    try {
      const op = h.bus.create({ kind: 'spec', feature: '/ws/specs/001-x', featureName: '001-x', agent: 'scaffold' });
      h.bus.setStatus(op.id, 'running');
      for (let i = 1; i <= 5000; i++) h.bus.publish(op.id, { kind: 'info', text: `e${i}` });
      const client = await TestClient.ready(h, { resume: [{ operationId: op.id, afterSeq: 0 }] });
      const seqs = () => client.received.flatMap((m) => (m.type === 'event' ? [m.seq] : []));
      await until(() => seqs().length === 5000, 'the replay');
      assert.deepEqual(seqs(), Array.from({ length: 5000 }, (_, i) => i + 1));
      assert.ok(client.frames < 100, `${client.frames} frames for 5,000 events`);

      const before = client.frames;
      h.bus.publish(op.id, { kind: 'info', text: 'live' });
      await client.next('event', (m) => m.seq === 5001);
      assert.equal(client.frames, before + 1, 'a live event goes out at once, alone');
      client.socket.close();
    } finally {
      await h.close();
    }
  });
});
