import assert from 'node:assert/strict';
import { client, methods, ndJsonStream, RequestError } from '../../src/core/agents/acp/acpClient';

/** An agent end written by hand: the lines Specwright sends, and a way to write lines back. */
function peer() {
  const toAgent = new TransformStream<Uint8Array, Uint8Array>();
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const sent: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const reader = toAgent.readable.getReader();
    const decoder = new TextDecoder();
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) sent.push(JSON.parse(line) as Record<string, unknown>);
      waiters.splice(0).forEach((w) => w());
    }
  })();
  const writer = toClient.writable.getWriter();
  const encoder = new TextEncoder();
  return {
    stream: ndJsonStream(toAgent.writable, toClient.readable),
    sent,
    write: (text: string) => writer.write(encoder.encode(text)),
    close: () => writer.close(),
    /** Waits until a sent message matches. */
    async sentWhere(test: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
      for (;;) {
        const found = sent.find(test);
        if (found) return found;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}

const line = (message: unknown) => `${JSON.stringify({ jsonrpc: '2.0', ...(message as object) })}\n`;

describe('ACP client (JSON-RPC over ndjson)', () => {
  it('answers a line that is not JSON with a parse error, a batch and an unknown method with theirs, and goes on', async () => {
    const agent = peer();
    const run = client().connectWith(agent.stream, (conn) => conn.request(methods.agent.initialize, { protocolVersion: 1 }));
    await agent.write('{not json\n[1,2]\n');
    await agent.write(line({ id: 'x', method: 'terminal/create', params: {} }));
    const parse = await agent.sentWhere((m) => (m.error as { code?: number } | undefined)?.code === -32700);
    assert.equal(parse.id, null);
    await agent.sentWhere((m) => (m.error as { message?: string } | undefined)?.message?.includes('batches') === true);
    const unknown = await agent.sentWhere((m) => m.id === 'x');
    assert.equal((unknown.error as { code: number }).code, -32601);
    const init = await agent.sentWhere((m) => m.method === 'initialize');
    await agent.write(line({ id: init.id, result: { protocolVersion: 1 } }));
    assert.deepEqual(await run, { protocolVersion: 1 });
  });

  it('checks the params of what the agent asks: invalid ones are answered -32602 and the handler never sees them', async () => {
    const agent = peer();
    const seen: unknown[] = [];
    const app = client().onRequest(methods.client.fs.readTextFile, ({ params }) => {
      seen.push(params);
      return { content: 'hello' };
    });
    const run = app.connectWith(agent.stream, () => new Promise(() => undefined));
    await agent.write(line({ id: 1, method: 'fs/read_text_file', params: { sessionId: 's', line: -1 } }));
    await agent.write(line({ id: 2, method: 'fs/read_text_file', params: { sessionId: 's', path: '/w/a.md' } }));
    const bad = await agent.sentWhere((m) => m.id === 1);
    assert.equal((bad.error as { code: number }).code, -32602);
    const good = await agent.sentWhere((m) => m.id === 2);
    assert.deepEqual(good.result, { content: 'hello' });
    assert.equal(seen.length, 1);
    await agent.close();
    await assert.rejects(run, /ACP connection closed/);
  });

  it('drops a session/update that does not parse, keeps the valid items of a list, and hands the rest over in order', async () => {
    const agent = peer();
    const updates: unknown[] = [];
    const app = client().onNotification(methods.client.session.update, ({ params }) => updates.push(params.update));
    const run = app.connectWith(agent.stream, (conn) => conn.request(methods.agent.session.prompt, { sessionId: 's', prompt: [] }));
    await agent.write(line({ method: 'session/update', params: { sessionId: 's', update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text' } } } }));
    await agent.write(line({ method: 'session/update', params: { sessionId: 's', update: { sessionUpdate: 'plan', entries: [{ content: 'a', priority: 'high', status: 'pending' }, { content: 1 }] } } }));
    await agent.write(line({ method: 'session/update', params: { sessionId: 's', update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'hi' }, messageId: 7 } } }));
    const prompt = await agent.sentWhere((m) => m.method === 'session/prompt');
    await agent.write(line({ id: prompt.id, result: { stopReason: 'end_turn' } }));
    assert.deepEqual(await run, { stopReason: 'end_turn' });
    assert.deepEqual(updates, [
      { sessionUpdate: 'plan', entries: [{ content: 'a', priority: 'high', status: 'pending' }] },
      // A messageId of the wrong type is dropped, the chunk is kept.
      { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'hi' }, messageId: undefined },
    ]);
  });

  it('rejects an agent error as a RequestError with its code and data, and what is still waiting when the agent goes away', async () => {
    const agent = peer();
    let failed: unknown;
    let waiting: Promise<unknown> | undefined;
    const run = client().connectWith(agent.stream, async (conn) => {
      failed = await conn.request(methods.agent.session.new, { cwd: '/w', mcpServers: [] }).catch((e: unknown) => e);
      waiting = conn.request(methods.agent.session.prompt, { sessionId: 's', prompt: [] });
      return waiting;
    });
    const created = await agent.sentWhere((m) => m.method === 'session/new');
    await agent.write(line({ id: created.id, error: { code: -32000, message: 'Authentication required', data: { details: 'sign in' } } }));
    await agent.sentWhere((m) => m.method === 'session/prompt');
    await agent.close();
    await assert.rejects(run, /ACP connection closed/);
    assert.ok(failed instanceof RequestError);
    assert.deepEqual([failed.code, failed.message, failed.data], [-32000, 'Authentication required', { details: 'sign in' }]);
    await assert.rejects(waiting!, /ACP connection closed/);
  });
});
