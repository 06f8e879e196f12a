import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { KeptAcpSessions } from '../../src/core/agents/acp/keptSessions';
import { createCustomAcpAgent } from '../../src/core/agents/customAcp';
import { PermissionBroker } from '../../src/core/agents/permissions';
import { GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { RefineService } from '../../src/core/refine/refineService';
import type { AgentEvent } from '../../src/protocol';

const FAKE = resolve(__dirname, '..', 'fixtures', 'acp', 'fake-acp-memory-agent.mjs');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return process.platform !== 'linux';
  }
};
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  return !alive(pid);
}

/** Issue 15.1: a refine turn continues the ACP session on the agent process that is still running. */
describe('Refine on the kept ACP agent process (session/prompt on the same session)', function () {
  this.timeout(30_000);
  let root: string;
  let featureDir: string;
  let bus: OperationBus;
  let kept: KeptAcpSessions | undefined;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-refine-kept-'));
    featureDir = join(root, 'specs', '001-albums');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
  });
  afterEach(async () => {
    await kept?.dispose();
    kept = undefined;
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  function services(flags: string[], pool: KeptAcpSessions | undefined) {
    kept = pool;
    const agent = createCustomAcpAgent({
      command: process.execPath, args: [FAKE, ...flags],
      runtime: {
        broker: new PermissionBroker(), policy: () => 'allowEditsInFeature', fileSystem: nodeFileSystem,
        env: { FAKE_ACP_STATE: join(root, 'agent-state') }, killGraceMs: 500, cancelGraceMs: 300, ...(pool ? { kept: pool } : {}),
      },
    });
    const versions = new VersionStore(root);
    const resolveAgent = async () => agent;
    const generation = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent });
    return { generation, refine: new RefineService({ bus, generation, resolveAgent }) };
  }
  const said = (id: string): string => {
    const out: AgentEvent[] = [];
    bus.subscribe(id, 0, (item) => { if (item.type === 'event') out.push(item.event); }).dispose();
    return out.map((e) => (e.kind === 'message' || e.kind === 'info' ? `${'text' in e ? e.text : ''}\n` : '')).join('');
  };
  const pidIn = (text: string): number => Number(/\(pid (\d+)\)/.exec(text)?.[1]);

  async function generateThenRefine(flags: string[], pool: KeptAcpSessions | undefined, followUp = 'Make the stories smaller') {
    const { generation, refine } = services(flags, pool);
    const first = await (await generation.start({ kind: 'spec', featureDir, userPrompt: 'Users organise photos into albums' })).done;
    assert.equal(first.status, 'succeeded', first.reason);
    const second = await refine.start({ feature: featureDir, prompt: followUp });
    return { first, second, generation };
  }

  it('one process, two prompts: the second turn is sent to the same session of the same process, which remembers the first', async () => {
    // --in-memory: the agent cannot load a session; only the process that holds it remembers.
    const { first, second } = await generateThenRefine(['--in-memory'], new KeptAcpSessions());
    const done = await second.done;
    assert.equal(done.status, 'succeeded', done.reason);
    assert.equal(second.resumed, true);
    assert.equal(done.session?.id, first.session?.id);
    const one = said(first.id);
    const two = said(second.operationId);
    assert.match(two, /Continuing the Custom ACP agent \(node\) session mem-\d+-1 in the agent process still running since the last turn \(session\/prompt\)/);
    assert.match(two, /I remember 1 earlier prompt\(s\) of mem-\d+-1 \(pid \d+\)\./);
    assert.equal(pidIn(two), pidIn(one), 'the same agent process answered both turns');
    assert.doesNotMatch(two, /given the current document/, 'a continued session gets the short prompt');
    assert.doesNotMatch(two, /Fake Memory Agent 1\.0\.0 \(ACP\)/, 'no new initialize');
    assert.equal(await readFile(join(featureDir, 'spec.md'), 'utf8'), '# Feature Specification\n\n- Users organise photos into albums\n- Make the stories smaller\n');
    assert.ok(alive(pidIn(two)), 'still waiting for the next turn');
    await kept?.dispose();
    assert.ok(await gone(pidIn(two)), 'dispose ends the kept process');
  });

  it('without a pool every turn ends its process: the same agent cannot continue and says so', async () => {
    const { first, second } = await generateThenRefine(['--in-memory'], undefined);
    const done = await second.done;
    assert.equal(done.status, 'succeeded', done.reason);
    assert.equal(second.resumed, false);
    assert.ok(await gone(pidIn(said(first.id))));
    assert.match(said(second.operationId), /I remember 0 earlier prompt\(s\)[^\n]*, and I was given the current document/);
  });

  it('the kept process is gone (idle limit): the turn falls back to session/load in a new process', async () => {
    const { generation, refine } = services(['--load-session'], new KeptAcpSessions(200));
    const first = await (await generation.start({ kind: 'spec', featureDir, userPrompt: 'Users organise photos into albums' })).done;
    const firstPid = pidIn(said(first.id));
    assert.ok(await gone(firstPid), 'ended after the idle limit');
    const second = await refine.start({ feature: featureDir, prompt: 'Make the stories smaller' });
    const done = await second.done;
    assert.equal(done.status, 'succeeded', done.reason);
    const two = said(second.operationId);
    assert.match(two, /Continuing the Custom ACP agent \(node\) session mem-1 \(session\/load\)/);
    assert.match(two, /I remember 1 earlier prompt\(s\) of mem-1/);
    assert.notEqual(pidIn(two), firstPid);
  });

  it('cancel of a turn on the kept process really stops it, and the previous document stays', async () => {
    const { first, second, generation } = await generateThenRefine(['--in-memory'], new KeptAcpSessions(), 'please hang');
    const pid = pidIn(said(first.id));
    for (let i = 0; i < 200 && !said(second.operationId).includes('(pid '); i++) await sleep(20);
    assert.equal(pidIn(said(second.operationId)), pid, 'the turn runs on the kept process');
    const before = await readFile(join(featureDir, 'spec.md'), 'utf8');
    assert.equal(generation.cancel(second.operationId), true);
    const done = await second.done;
    assert.equal(done.status, 'cancelled');
    assert.ok(await gone(pid), 'the agent process is ended, not kept');
    assert.equal(kept?.has('custom', first.session?.id ?? ''), false);
    assert.equal(await readFile(join(featureDir, 'spec.md'), 'utf8'), before);
  });
});
