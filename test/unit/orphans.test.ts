import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentEvent } from '../../src/protocol';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { buildLineup } from '../../src/core/agents/agentLineup';
import { PermissionBroker } from '../../src/core/agents/permissions';
import type { Agent, AgentRequest } from '../../src/core/ports/agent';
import { DEFAULT_SETTINGS, type CoreSettings } from '../../src/core/settings/coreSettings';
import { credentialFreeEnv, NODE_BIN } from './helpers/agentEnv';

/**
 * Start and cancel every kind of agent 20 times, then read the process table: not one process
 * of theirs may be left. Every agent process (and whatever it starts) inherits a marker
 * variable, so the check finds them by their environment, whatever their name or parent.
 * Real CLIs where they are installed (Copilot, Gemini); fakes for the others.
 */
const FAKES = path.resolve(__dirname, '..', 'fixtures', 'fake-agents');
const FAKE_ACP = path.resolve(__dirname, '..', 'fixtures', 'acp', 'fake-acp-agent.mjs');
const FAKE_HANG = path.resolve(__dirname, '..', 'fixtures', 'bin', 'fake-hang.js');
const ROUNDS = 20;
const MARK = 'SPECWRIGHT_ORPHAN_MARK';

interface Kind {
  name: string;
  agentId: string;
  settings: Partial<CoreSettings>;
  prompt: string;
  /** Real CLIs start slowly and heavily: fewer at once. */
  concurrency: number;
}

const KINDS: Kind[] = [
  { name: 'Copilot CLI, JSONL (real)', agentId: 'copilot', settings: { copilotMode: 'jsonl' }, prompt: 'hello', concurrency: 5 },
  { name: 'Copilot CLI, ACP (real)', agentId: 'copilot', settings: { copilotMode: 'acp' }, prompt: 'hello', concurrency: 5 },
  { name: 'Gemini CLI, ACP (real)', agentId: 'gemini', settings: { geminiMode: 'acp' }, prompt: 'hello', concurrency: 4 },
  { name: 'Gemini CLI, stream-json (real)', agentId: 'gemini', settings: { geminiMode: 'stream-json' }, prompt: 'hello', concurrency: 4 },
  { name: 'Claude Code, stream-json (fake)', agentId: 'claude', settings: { claudeMode: 'stream-json' }, prompt: 'scenario=hang', concurrency: 4 },
  { name: 'Claude Code, ACP adapter (fake)', agentId: 'claude', settings: { claudeMode: 'acp' }, prompt: 'scenario=hang', concurrency: 4 },
  { name: 'Codex CLI, exec (fake)', agentId: 'codex', settings: {}, prompt: 'scenario=hang', concurrency: 4 },
  { name: 'OpenCode, ACP (fake)', agentId: 'opencode', settings: {}, prompt: 'scenario=deaf', concurrency: 4 },
  { name: 'Qwen Code, ACP (fake)', agentId: 'qwen', settings: {}, prompt: 'scenario=hang', concurrency: 4 },
  { name: 'custom command (fake)', agentId: 'custom', settings: { customCommand: FAKE_HANG, customArgs: ['{prompt}'] }, prompt: 'x', concurrency: 4 },
  { name: 'custom ACP command (fake)', agentId: 'custom', settings: { customProtocol: 'acp', customCommand: process.execPath, customArgs: [FAKE_ACP] }, prompt: 'scenario=hang', concurrency: 4 },
];

/** Processes (not zombies) whose environment carries the marker: Linux /proc only. */
function marked(value: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (/\) [ZX] /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`${MARK}=${value}`)) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  });
  await Promise.all(workers);
}

(process.platform === 'linux' ? describe : describe.skip)('No orphan processes after cancel (every kind of agent, 20 times each)', function () {
  this.timeout(120_000);
  let home: string;
  let root: string;
  const mark = randomUUID();

  before(() => {
    home = mkdtempSync(path.join(tmpdir(), 'specwright-orphans-home-'));
    root = mkdtempSync(path.join(tmpdir(), 'specwright-orphans-ws-'));
    mkdirSync(path.join(root, 'specs', '001-demo'), { recursive: true });
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  const env = () => credentialFreeEnv(home);

  function agentFor(kind: Kind): Agent {
    const runtime = { broker: new PermissionBroker(), policy: () => 'ask' as const, fileSystem: nodeFileSystem, env: env(), cancelGraceMs: 300, killGraceMs: 500 };
    const lineup = buildLineup({ ...DEFAULT_SETTINGS, ...kind.settings }, { runtime, extraPaths: kind.name.includes('(real)') ? [NODE_BIN] : [FAKES], env: env(), searchInstallFolders: false });
    const agent = lineup.find((a) => a.id === kind.agentId);
    assert.ok(agent, kind.agentId);
    return agent;
  }

  const request = (prompt: string): AgentRequest => ({
    kind: 'spec', workspaceRoot: root, featureDir: path.join(root, 'specs', '001-demo'), docPath: path.join(root, 'specs', '001-demo', 'spec.md'),
    // The marker rides in the request's environment, which every kind of agent passes on.
    userPrompt: prompt, prompt, env: { [MARK]: mark, FAKE_ACP_CHILD: '1' }, timeoutMs: 30_000,
  });

  for (const kind of KINDS) {
    it(kind.name, async () => {
      const agent = agentFor(kind);
      const detection = await agent.detect();
      assert.equal(detection.available, true, detection.hint);
      if (kind.name.includes('(real)')) assert.ok(!detection.path?.startsWith(FAKES), 'the real CLI, not a fake');
      let sawOwnProcesses = false;
      await pool(ROUNDS, kind.concurrency, async (i) => {
        const controller = new AbortController();
        // Cancel at a different moment each round: while starting, during the handshake, mid-stream.
        const delay = 30 + ((i * 37) % 250);
        const timer = setTimeout(() => {
          if (marked(mark).length > 0) sawOwnProcesses = true;
          controller.abort();
        }, delay);
        const events: AgentEvent[] = [];
        const outcome = await agent.run(request(kind.prompt), { emit: (e) => events.push(e), signal: controller.signal });
        clearTimeout(timer);
        assert.ok(['cancelled', 'failed'].includes(outcome.status), `${kind.name} round ${i}: ${JSON.stringify(outcome)}`);
      });
      assert.ok(sawOwnProcesses, 'the check sees the agent processes while they run (it is not vacuous)');
      // A process tree is gone when run() returns; a short grace covers reaping by init.
      let left = marked(mark);
      for (let n = 0; n < 10 && left.length > 0; n++) {
        await sleep(100);
        left = marked(mark);
      }
      assert.deepEqual(left, [], `left behind: ${left.map((pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return String(pid); } }).join('; ')}`);
    });
  }
});
