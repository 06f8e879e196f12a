import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCustomAgent } from '../../src/core/agents/custom';
import { GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { cliSettingHints } from '../../src/cli/cliSettings';

const AGENT = join(__dirname, '..', 'faults', 'agent.mjs');
const MINE = '# Feature Specification: Albums\n\nMine.\n';

async function run(mode: string[], timeoutMs?: number) {
  const root = mkdtempSync(join(tmpdir(), 'sw-agent-faults-'));
  const featureDir = join(root, 'specs', '001-albums');
  mkdirSync(featureDir, { recursive: true });
  writeFileSync(join(featureDir, 'spec.md'), MINE);
  const agent = createCustomAgent({ command: process.execPath, args: [AGENT, ...mode] });
  const service = new GenerationService({
    bus: new OperationBus(), workspaceRootFor: () => root, versionsFor: (r) => new VersionStore(r), resolveAgent: async () => agent,
    hints: cliSettingHints, ...(timeoutMs ? { timeoutMs: () => timeoutMs } : {}),
  });
  const { done } = await service.start({ kind: 'spec', featureDir, userPrompt: 'x' });
  const summary = await done;
  return { summary, doc: readFileSync(join(featureDir, 'spec.md'), 'utf8') };
}

describe('Agent faults: one line that names the agent, says the document is kept, and what to do', () => {
  it('a crash mid-stream after half a spec.md', async () => {
    const { summary, doc } = await run(['crash']);
    assert.equal(summary.status, 'failed');
    assert.equal(doc, MINE);
    assert.equal(summary.reason, 'Custom command (node) exited with code 3: fatal: the fault agent crashed on purpose. The previous spec.md is kept; fix what it reported and run again.');
  });

  it('a hang past the time limit names the shell\'s way to give it longer', async function () {
    this.timeout(30_000);
    const { summary, doc } = await run(['hang'], 500);
    assert.equal(summary.status, 'timedOut');
    assert.equal(doc, MINE);
    assert.match(summary.reason ?? '', /^Custom command \(node\) did not finish within 500 ms\. The previous spec\.md is kept\. If it needs longer: Pass --timeout <minutes>/);
  });

  it('a command that prints nothing names itself', async () => {
    const { summary } = await run(['outside']);
    assert.match(summary.reason ?? '', /^Custom command \(node\) printed nothing and did not write spec\.md; nothing was changed\. Check its command and arguments/);
  });
});
