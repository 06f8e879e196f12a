import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { createCustomAcpAgent } from '../../src/core/agents/customAcp';
import { PermissionBroker } from '../../src/core/agents/permissions';
import { GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { RefineService } from '../../src/core/refine/refineService';
import type { AgentEvent } from '../../src/protocol';

const FAKE = resolve(__dirname, '..', 'fixtures', 'acp', 'fake-acp-memory-agent.mjs');

/** Issue 15.1: an ACP agent continues its session across turns (session/load or session/resume). */
describe('Refine with an ACP agent that keeps context across prompts', function () {
  this.timeout(30_000);
  let root: string;
  let featureDir: string;
  let bus: OperationBus;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-refine-acp-'));
    featureDir = join(root, 'specs', '001-albums');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
  });
  afterEach(async () => {
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  function services(flags: string[]) {
    const agent = createCustomAcpAgent({
      command: process.execPath, args: [FAKE, ...flags],
      runtime: { broker: new PermissionBroker(), policy: () => 'allowEditsInFeature', fileSystem: nodeFileSystem, env: { FAKE_ACP_STATE: join(root, 'agent-state') }, killGraceMs: 500 },
    });
    const versions = new VersionStore(root);
    const resolveAgent = async () => agent;
    const generation = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent });
    return { generation, refine: new RefineService({ bus, generation, resolveAgent }), versions };
  }
  const said = (id: string): string => {
    const out: AgentEvent[] = [];
    bus.subscribe(id, 0, (item) => { if (item.type === 'event') out.push(item.event); }).dispose();
    return out.map((e) => (e.kind === 'message' || e.kind === 'info' ? `${'text' in e ? e.text : ''}\n` : '')).join('');
  };

  async function threeTurns(flags: string[]) {
    const { generation, refine, versions } = services(flags);
    const first = await (await generation.start({ kind: 'spec', featureDir, userPrompt: 'Users organise photos into albums' })).done;
    assert.equal(first.status, 'succeeded', first.reason);
    const second = await refine.start({ feature: featureDir, prompt: 'Make the stories smaller' });
    const secondDone = await second.done;
    assert.equal(secondDone.status, 'succeeded', secondDone.reason + '\n' + said(second.operationId));
    const third = await refine.start({ feature: featureDir, prompt: 'Add an offline requirement' });
    const last = await third.done;
    assert.equal(last.status, 'succeeded', last.reason);
    return { first, second, third, last, versions };
  }

  it('session/load: the agent remembers every earlier prompt; the replayed conversation is not shown again', async () => {
    const { first, third, last, versions } = await threeTurns(['--load-session']);
    assert.equal(first.session?.resumable, true);
    assert.deepEqual(last.refine, { turn: 3, resumed: true });
    assert.equal(last.session?.id, first.session?.id);
    const text = said(third.operationId);
    assert.match(text, /Continuing the Custom ACP agent \(node\) session mem-1 \(session\/load\)/);
    assert.match(text, /I remember 2 earlier prompt\(s\) of mem-1 \(pid \d+\)\./);
    assert.doesNotMatch(text, /REPLAYED/);
    assert.doesNotMatch(text, /given the current document/, 'a continued session gets the short prompt');
    assert.equal(await readFile(join(featureDir, 'spec.md'), 'utf8'), '# Feature Specification\n\n- Users organise photos into albums\n- Make the stories smaller\n- Add an offline requirement\n');
    assert.equal((await versions.list(join(featureDir, 'spec.md'))).length, 3);
  });

  it('session/resume when the agent offers it', async () => {
    const { third, last } = await threeTurns(['--resume-session']);
    assert.equal(last.refine?.resumed, true);
    assert.match(said(third.operationId), /\(session\/resume\)[\s\S]*I remember 2 earlier prompt\(s\) of mem-1 \(pid \d+\)/);
  });

  it('an agent that cannot continue its session gets a new one with the current document as context, and says so', async () => {
    const { third, last } = await threeTurns([]);
    assert.deepEqual(last.refine, { turn: 3, resumed: false });
    const text = said(third.operationId);
    assert.match(text, /cannot continue the earlier session \(its session cannot be resumed\)/);
    assert.match(text, /I remember 0 earlier prompt\(s\) of mem-3 \(pid \d+\), and I was given the current document/);
  });
});
