import assert from 'node:assert/strict';
import type { AgentInfo } from '../../src/protocol';
import { formatAgents } from '../../src/cli/agents';
import { agentState, stopReasonText, usageText } from '../../webview/components/agentStatus';

const agents: AgentInfo[] = [
  { id: 'copilot', label: 'GitHub Copilot CLI', available: true, version: '1.0.102', path: '/bin/copilot', signedIn: false, protocol: 'jsonl', loginCommand: 'copilot login', hint: 'Sign in: run `copilot login`.' },
  { id: 'gemini', label: 'Gemini CLI', available: true, version: '0.61.0', path: '/bin/gemini', signedIn: true, protocol: 'acp' },
  { id: 'codex', label: 'Codex CLI', available: false, installCommand: 'npm install -g @openai/codex', hint: 'Not installed. Install: npm install -g @openai/codex', protocol: 'jsonl' },
  { id: 'qwen', label: 'Qwen Code', available: false, hint: 'Checking whether it is installed…' },
  { id: 'scaffold', label: 'Offline scaffold (no AI)', available: true, version: 'built-in' },
];

describe('How agents are shown', () => {
  it('`specwright agents` prints a table, then what to do for the agents that are not ready', () => {
    const text = formatAgents(agents);
    const [header, copilot, gemini, codex] = text.split('\n');
    assert.match(header, /^ID\s+INSTALLED\s+VERSION\s+SIGNED IN\s+VIA\s+PATH$/);
    assert.match(copilot, /^copilot\s+yes\s+1\.0\.102\s+no\s+jsonl\s+\/bin\/copilot$/);
    assert.match(gemini, /^gemini\s+yes\s+0\.61\.0\s+yes\s+acp/);
    assert.match(codex, /^codex\s+no\s+jsonl$/);
    assert.match(text, /To do:\n {2}copilot: not signed in\. Sign in: run `copilot login`\.\n {2}codex: Not installed\. Install: npm install -g @openai\/codex/);
    assert.doesNotMatch(text, /gemini:/, 'a ready agent needs nothing');
  });

  it('tells "not installed", "not signed in", "ready" and "checking" apart in the Agents section', () => {
    assert.deepEqual(agents.map(agentState), ['signedOut', 'ready', 'missing', 'checking', 'ready']);
  });

  it('words usage and stop reasons for the operation header', () => {
    assert.equal(usageText({ inputTokens: 13513, outputTokens: 165, costUsd: 0.0421 }), '13.5k in · 165 out · $0.04');
    assert.equal(usageText({ inputTokens: 0, outputTokens: 0, costUsd: 0.003 }), '$0.0030');
    assert.equal(stopReasonText('end_turn'), 'finished its turn');
    assert.equal(stopReasonText('some_new_reason'), 'some new reason');
  });
});
