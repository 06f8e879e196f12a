import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROTOCOL_VERSION, type AgentEvent, type ServerMessage } from '../../src/protocol';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { DEFAULT_SETTINGS, type CoreSettings } from '../../src/core/settings/coreSettings';
import { FakeTransport } from './helpers/fakeTransport';

/**
 * A permission question from an ACP agent travels through the hub like everything else: the
 * client sees a `permission` event, answers with `answerPermission`, and the agent gets it.
 */
const FAKE_ACP = path.resolve(__dirname, '..', 'fixtures', 'acp', 'fake-acp-agent.mjs');

describe('Permissions through the hub (fake ACP agent as the custom agent)', function () {
  this.timeout(20_000);
  let root: string;
  let feature: string;
  let core: Specwright;
  let settings: CoreSettings;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'specwright-acphub-'));
    feature = path.join(root, 'specs', '001-albums');
    mkdirSync(feature, { recursive: true });
    settings = { ...DEFAULT_SETTINGS, agent: 'custom', customProtocol: 'acp', customCommand: process.execPath, customArgs: [FAKE_ACP], permissionPolicy: 'ask' };
    core = createSpecwright({ roots: () => [root], settings: () => settings, isTrusted: () => true, log: () => undefined });
  });
  afterEach(() => {
    core.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
    for (let i = 0; i < 400; i++) {
      const value = probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('shows the question to the client, sends its answer to the agent, and records model and stop reason', async () => {
    const client = new FakeTransport();
    core.hub.connect(client, { client: 'test' });
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
    const welcome = await until(() => client.ofType('welcome')[0], 'welcome');
    const custom = welcome.snapshot.agents.find((a) => a.id === 'custom');
    assert.equal(custom?.protocol, 'acp');

    const notes = path.join(feature, 'notes.md');
    const doc = path.join(feature, 'spec.md');
    client.deliver({ type: 'request', id: 'g1', method: 'generate', params: { kind: 'spec', feature, prompt: `scenario=permission path=${notes} doc=${doc}` } });
    const started = await until(() => client.ofType('response').find((r) => r.id === 'g1'), 'generate response');
    assert.equal(started.ok, true, JSON.stringify(started.error));
    const operationId = (started.result as { operationId: string }).operationId;
    client.deliver({ type: 'subscribe', operationId });

    const events = () => client.ofType('event').filter((e) => e.operationId === operationId).map((e) => e.event);
    const question = await until(() => events().find((e): e is Extract<AgentEvent, { kind: 'permission' }> => e.kind === 'permission'), 'permission event');
    assert.deepEqual(question.options.map((o) => o.label), ['Allow once', 'Reject']);

    client.deliver({ type: 'request', id: 'bad', method: 'answerPermission', params: { operationId, permissionId: question.id, optionId: 'nope' } });
    client.deliver({ type: 'request', id: 'a1', method: 'answerPermission', params: { operationId, permissionId: question.id, optionId: 'allow-once' } });
    const answered = await until(() => client.ofType('response').find((r) => r.id === 'a1'), 'answer response');
    assert.deepEqual(answered.result, { accepted: true });
    const bad = client.ofType('response').find((r) => r.id === 'bad');
    assert.equal(bad?.error?.code, 'invalid_params');

    const finished = await until(() => client.ofType('finished').find((f) => f.operationId === operationId), 'finished');
    assert.equal(finished.status, 'succeeded', finished.reason);
    assert.equal(readFileSync(notes, 'utf8'), 'allowed\n');
    const text = events().filter((e) => e.kind === 'message').map((e) => (e as { text: string }).text).join('');
    assert.match(text, /permission: allow-once/);

    const summary = core.bus.get(operationId);
    assert.equal(summary?.model, 'fake-model-1');
    assert.equal(summary?.stopReason, 'end_turn');
    const summaries = client.ofType('operation').map((m: Extract<ServerMessage, { type: 'operation' }>) => m.summary).filter((s) => s.id === operationId);
    assert.ok(summaries.some((s) => s.model === 'fake-model-1'), 'clients hear about the model as it is known');

    client.deliver({ type: 'request', id: 'late', method: 'answerPermission', params: { operationId, permissionId: question.id, optionId: 'allow-once' } });
    const late = await until(() => client.ofType('response').find((r) => r.id === 'late'), 'late response');
    assert.equal(late.error?.code, 'not_found', 'an answered question cannot be answered again');
  });
});
