import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainService } from '../../src/core/features/chain';
import { GenerationError, GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { PROTOCOL_VERSION, type ServerMessage } from '../../src/protocol';
import { writesDocument } from '../fixtures/agents/fakeAgents';
import { FakeTransport } from './helpers/fakeTransport';

/** The "unsaved edits" guard: every generation asks the shell before it may overwrite a document. */
describe('overwrite guard (confirmOverwrite)', () => {
  let root: string;
  let featureDir: string;
  let bus: OperationBus;
  let versions: VersionStore;
  let asked: string[][];
  let answer: boolean;

  const confirmOverwrite = async (paths: readonly string[]) => {
    asked.push([...paths]);
    return answer;
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-guard-'));
    featureDir = join(root, 'specs', '001-albums');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
    versions = new VersionStore(root);
    asked = [];
    answer = true;
  });
  afterEach(async () => {
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  const service = (content: string) => {
    const agent = writesDocument(content);
    const generation = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent: async () => agent, confirmOverwrite });
    return { agent, generation };
  };

  it('a declined overwrite starts nothing: no operation, no agent run, the document untouched', async () => {
    const specPath = join(featureDir, 'spec.md');
    await writeFile(specPath, 'my spec, with edits on disk');
    answer = false;
    const { agent, generation } = service('# Feature Specification: new\n');
    await assert.rejects(
      generation.start({ kind: 'spec', featureDir, userPrompt: 'again' }),
      (error: unknown) => error instanceof GenerationError && error.code === 'busy' && /unsaved edits/.test(error.message),
    );
    assert.deepEqual(asked, [[specPath]]);
    assert.equal(agent.runs, 0);
    assert.equal(bus.list().length, 0);
    assert.equal(await readFile(specPath, 'utf8'), 'my spec, with edits on disk');
    assert.deepEqual(await versions.list(specPath), []);
  });

  it('an accepted overwrite runs as usual, asking once about the document it writes', async () => {
    const { agent, generation } = service('# Feature Specification: new\n');
    const { done } = await generation.start({ kind: 'spec', featureDir, userPrompt: 'first' });
    assert.equal((await done).status, 'succeeded');
    assert.deepEqual(asked, [[join(featureDir, 'spec.md')]]);
    assert.equal(agent.runs, 1);
  });

  it('a plan run asks about plan.md and the design documents it may rewrite', async () => {
    await writeFile(join(featureDir, 'spec.md'), '# Feature Specification: Albums\n');
    const { generation } = service('# Implementation Plan: Albums\n');
    await (await generation.start({ kind: 'plan', featureDir, userPrompt: '' })).done;
    assert.deepEqual(asked, [['plan.md', 'research.md', 'data-model.md', 'quickstart.md'].map((n) => join(featureDir, n))]);
  });

  it('every stage of Generate All asks before it starts; a declined stage stops the chain there', async () => {
    let calls = 0;
    const guarded = new GenerationService({
      bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent: async () => writesDocument('# a document\n'),
      confirmOverwrite: async (paths) => { asked.push([...paths]); return ++calls < 2; },
    });
    const result = await (await new ChainService(guarded).start({ featureDir, prompt: 'albums' })).done;
    assert.equal(result.status, 'failed');
    assert.equal(result.stoppedAt, 'plan');
    assert.match(result.reason ?? '', /unsaved edits/);
    assert.deepEqual(asked.map((paths) => paths[0]), [join(featureDir, 'spec.md'), join(featureDir, 'plan.md')]);
  });
});

describe('overwrite guard through the hub (the panel\'s generate request)', () => {
  let root: string;
  let core: Specwright;
  let client: FakeTransport;
  let asked: string[][];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-guardhub-'));
    await mkdir(join(root, 'specs', '001-albums'), { recursive: true });
    asked = [];
    core = createSpecwright({
      roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS, agent: 'scaffold' }), isTrusted: () => true, log: () => undefined,
      confirmOverwrite: async (paths) => { asked.push([...paths]); return false; },
    });
    client = new FakeTransport();
    core.hub.connect(client, { client: 'test' });
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
  });
  afterEach(async () => {
    core.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('a generate request the user declines answers with an error and writes nothing', async () => {
    const featureDir = join(root, 'specs', '001-albums');
    client.deliver({ type: 'request', id: 'g1', method: 'generate', params: { kind: 'spec', feature: featureDir, prompt: 'Users share albums' } });
    let response: Extract<ServerMessage, { type: 'response' }> | undefined;
    for (let i = 0; i < 500 && !response; i++) {
      response = client.ofType('response').find((r) => r.id === 'g1');
      if (!response) await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(response, 'the hub answered');
    assert.equal(response.ok, false);
    assert.equal(response.error?.code, 'busy');
    assert.match(response.error?.message ?? '', /unsaved edits/);
    assert.deepEqual(asked, [[join(featureDir, 'spec.md')]]);
    await assert.rejects(readFile(join(featureDir, 'spec.md'), 'utf8'), /ENOENT/);
    assert.equal(core.bus.list().length, 0);
  });
});
