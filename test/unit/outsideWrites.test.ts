import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCustomAgent } from '../../src/core/agents/custom';
import { outsideChanges, snapshotOutside } from '../../src/core/agents/outsideWrites';
import type { AgentRequest, RunReport } from '../../src/core/ports/agent';
import type { AgentEvent } from '../../src/protocol';

/** Issue 17.5: a custom command that writes outside the feature folder is named, with the files. */
describe('A custom command that writes outside the feature folder', function () {
  this.timeout(20_000);
  let root: string;
  let featureDir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-outside-'));
    featureDir = join(root, 'specs', '001-albums');
    await mkdir(featureDir, { recursive: true });
    await mkdir(join(root, 'node_modules', 'pkg'), { recursive: true });
    await mkdir(join(root, '.specwright'), { recursive: true });
    await writeFile(join(root, 'README.md'), 'mine\n');
    await writeFile(join(root, 'old.txt'), 'to be deleted\n');
    await writeFile(join(featureDir, 'spec.md'), '# Spec\n');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** The agent: `node -e <code>` with the feature folder as its argument. */
  async function run(code: string, env: Record<string, string> = {}) {
    const agent = createCustomAgent({ command: process.execPath, args: ['-e', code, '{featureDir}'] });
    const events: AgentEvent[] = [];
    const reports: RunReport[] = [];
    const request: AgentRequest = {
      kind: 'spec', workspaceRoot: root, featureDir, docPath: join(featureDir, 'spec.md'), userPrompt: 'x', prompt: 'x', env,
    };
    const outcome = await agent.run(request, { emit: (e) => events.push(e), signal: new AbortController().signal, report: (f) => reports.push(f) });
    return { outcome, events, touched: reports.flatMap((r) => r.touched ?? []) };
  }

  const WRITES_EVERYWHERE = `
    const fs = require('node:fs'); const path = require('node:path');
    const feature = process.argv[1]; const root = path.join(feature, '..', '..');
    fs.writeFileSync(path.join(feature, 'spec.md'), '# Spec\\n\\nnew\\n');
    fs.appendFileSync(path.join(root, 'README.md'), 'changed by the agent\\n');
    fs.mkdirSync(path.join(root, 'specs', '002-other'), { recursive: true });
    fs.writeFileSync(path.join(root, 'specs', '002-other', 'spec.md'), 'not this feature');
    fs.rmSync(path.join(root, 'old.txt'));
    fs.writeFileSync(path.join(root, 'node_modules', 'pkg', 'index.js'), 'ignored');
    fs.writeFileSync(path.join(root, '.specwright', 'own.json'), 'ignored');
  `;

  it('names the agent and every file it created, changed or deleted there, and restores nothing', async () => {
    const { outcome, events, touched } = await run(WRITES_EVERYWHERE);
    assert.equal(outcome.status, 'succeeded');
    const said = events.find((e) => e.kind === 'error' && e.code === 'wrote_outside_feature');
    assert.ok(said && said.kind === 'error', JSON.stringify(events));
    assert.match(said.message, /^Custom command \(node\) wrote 3 files outside the feature folder while it ran: created specs\/002-other\/spec\.md; changed README\.md; deleted old\.txt\.$/);
    assert.match(said.hint ?? '', /undid none of it/);
    assert.deepEqual(touched, ['specs/002-other/spec.md', 'README.md', 'old.txt']);
    assert.equal(await readFile(join(root, 'README.md'), 'utf8'), 'mine\nchanged by the agent\n', 'nothing restored silently');
  });

  it('says nothing when it wrote only in the feature folder', async () => {
    const { events, touched } = await run(`require('node:fs').writeFileSync(require('node:path').join(process.argv[1], 'plan.md'), '# Plan\\n')`);
    assert.equal(events.filter((e) => e.kind === 'error').length, 0, JSON.stringify(events));
    assert.deepEqual(touched, []);
  });

  it('lets a task run change the code (it lists what it changed itself)', async () => {
    const { events } = await run(WRITES_EVERYWHERE, { SPECWRIGHT_TASK: 'T001' });
    assert.equal(events.filter((e) => e.kind === 'error').length, 0, JSON.stringify(events));
  });

  it('stays bounded: past the limit the picture is partial and no file looks created or deleted', async () => {
    for (let i = 0; i < 30; i++) await writeFile(join(root, `f${i}.txt`), String(i));
    const before = await snapshotOutside(root, featureDir, 10);
    assert.equal(before.files.size, 10);
    assert.equal(before.partial, true);
    await writeFile(join(root, 'new.txt'), 'new');
    const changes = outsideChanges(before, await snapshotOutside(root, featureDir, 10));
    assert.equal(changes.partial, true);
    assert.deepEqual([...changes.created, ...changes.deleted], []);
  });
});
