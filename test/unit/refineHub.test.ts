import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { ExportOperationResult, PROTOCOL_VERSION, RefineResult, type OperationSummary, type ServerMessage } from '../../src/protocol';
import { FakeTransport, settle } from './helpers/fakeTransport';

/** Issue 15.1: the hub's `refine` request; the journal keeps the thread, export gives all of it. */
describe('Refine through the hub, the journal and export', () => {
  let root: string;
  let feature: string;
  const cores: Specwright[] = [];
  let n = 0;

  const core = () => {
    const made = createSpecwright({ roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS, agent: 'scaffold' }), isTrusted: () => true, log: () => undefined });
    cores.push(made);
    return made;
  };
  async function connect(c: Specwright) {
    const client = new FakeTransport();
    c.hub.connect(client);
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
    await settle();
    return client;
  }
  async function request(client: FakeTransport, method: string, params: unknown): Promise<Extract<ServerMessage, { type: 'response' }>> {
    const id = `r${++n}`;
    client.deliver({ type: 'request', id, method, params });
    for (let i = 0; i < 500; i++) {
      const response = client.ofType('response').find((r) => r.id === id);
      if (response) return response;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no response to ${method}`);
  }
  const finished = async (c: Specwright, id: string): Promise<OperationSummary> => {
    for (let i = 0; i < 500; i++) {
      const op = c.bus.get(id);
      if (op && ['succeeded', 'failed', 'cancelled', 'timedOut'].includes(op.status)) return op;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`${id} did not finish`);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sw-refine-hub-'));
    feature = join(root, 'specs', '001-photo-albums');
    mkdirSync(feature, { recursive: true });
  });
  afterEach(() => {
    for (const c of cores.splice(0)) c.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('refines twice through the hub; after a restart the journal has one thread of three turns, and export gives all of it', async () => {
    const first = core();
    const client = await connect(first);
    const generated = await request(client, 'generate', { kind: 'spec', feature, prompt: 'Users organise photos into albums by date' });
    assert.ok(generated.ok, JSON.stringify(generated.error));
    const rootId = (generated.result as { operationId: string }).operationId;
    await finished(first, rootId);
    for (const [i, prompt] of ['Users share an album with a read-only link', 'Albums can be viewed offline'].entries()) {
      const response = await request(client, 'refine', { feature, doc: 'spec', prompt });
      assert.ok(response.ok, JSON.stringify(response.error));
      const result = RefineResult.parse(response.result);
      assert.deepEqual({ parent: result.parentOperationId, turn: result.turn, resumed: result.resumed }, { parent: rootId, turn: i + 2, resumed: false });
      assert.equal((await finished(first, result.operationId)).status, 'succeeded');
    }
    const refused = await request(client, 'refine', { feature, doc: 'tasks', prompt: 'x' });
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.code, 'not_found');
    await first.journal.flushed();
    first.dispose();

    const second = core();
    await second.historyLoaded;
    const turns = second.bus.list().filter((o) => o.id === rootId || o.parentOperationId === rootId).sort((a, b) => a.createdAt - b.createdAt);
    assert.deepEqual(turns.map((t) => [t.refine?.turn ?? 1, t.prompt]), [
      [1, 'Users organise photos into albums by date'], [2, 'Users share an album with a read-only link'], [3, 'Albums can be viewed offline'],
    ]);
    // A new turn after the restart continues the same thread.
    const again = await request(await connect(second), 'refine', { feature, prompt: 'Keep albums private by default' });
    assert.equal(RefineResult.parse(again.result).turn, 4);
    await finished(second, RefineResult.parse(again.result).operationId);

    const exported = ExportOperationResult.parse((await request(await connect(second), 'exportOperation', { operationId: turns[1].id, format: 'markdown' })).result);
    assert.match(exported.fileName, /thread/);
    assert.match(exported.content, /^# spec\.md of 001-photo-albums: 4 turns/);
    for (const words of ['Users organise photos into albums by date', 'read-only link', 'viewed offline', 'private by default']) assert.ok(exported.content.includes(words), words);
    assert.match(exported.content, /## Turn 1 \(generation\)[\s\S]*## Turn 2 \(refine, new session\)[\s\S]*## Turn 4/);
    const json = JSON.parse(ExportOperationResult.parse((await request(await connect(second), 'exportOperation', { operationId: rootId, format: 'json' })).result).content) as { turns: unknown[] };
    assert.equal(json.turns.length, 4);
  });
});
