// The words the VS Code shell shows about agents and task failures (issue 12 items 3, 6, 10):
// what `auto` runs, versions, the failed-task lens reason, and each operation logged once.
import assert from 'node:assert/strict';
import type { AgentInfo } from '../../src/protocol';
import { autoChoice, autoLabel } from '../../src/protocol';
import { agentDescription, versionText } from '../../src/vscode/agentText';
import { shortReason } from '../../src/vscode/tasks/shortReason';
import { pipeAgentLogs } from '../../src/vscode/agentLog';
import { OperationBus } from '../../src/core/operations/bus';

const scaffold: AgentInfo = { id: 'scaffold', label: 'Offline scaffold (no AI)', available: true, version: 'built-in', protocol: 'builtin' };
const copilotMissing: AgentInfo = { id: 'copilot', label: 'GitHub Copilot CLI', available: false, hint: 'Not found on PATH.', installCommand: 'npm install -g @github/copilot' };

describe('What auto runs (agent picker, Agents line, Select Agent)', () => {
  it('names the scaffold when Copilot is missing, with one line on how to get it', () => {
    const choice = autoChoice([copilotMissing, scaffold]);
    assert.equal(choice.id, 'scaffold');
    assert.equal(autoLabel(choice), 'Auto — Offline scaffold (no AI)');
    assert.match(choice.better ?? '', /install GitHub Copilot CLI \(npm install -g @github\/copilot\) and sign in/);
  });

  it('names Copilot when it is installed, and says to sign in when it is signed out', () => {
    assert.deepEqual(autoChoice([{ ...copilotMissing, available: true, version: '1.0.102' }, scaffold]), { id: 'copilot', label: 'GitHub Copilot CLI' });
    const signedOut = autoChoice([{ ...copilotMissing, available: true, signedIn: false, loginCommand: 'copilot login' }, scaffold]);
    assert.equal(signedOut.id, 'copilot');
    assert.match(signedOut.better ?? '', /not signed in: run copilot login/);
  });

  it('does not nag while Copilot is still being checked', () => {
    assert.equal(autoChoice([{ ...copilotMissing, hint: 'Checking…' }, scaffold]).better, undefined);
  });
});

describe('Select Agent descriptions', () => {
  it('puts a v before version numbers only ("built-in", not "vbuilt-in")', () => {
    assert.equal(versionText('1.0.102'), 'v1.0.102');
    assert.equal(versionText('built-in'), 'built-in');
    assert.equal(agentDescription(scaffold), 'built-in');
    assert.equal(agentDescription(copilotMissing), 'not installed');
  });
});

describe('Failed-task CodeLens reason', () => {
  it('is the first line, at most 40 characters, cut at a word', () => {
    const long = 'Custom command (node) exited with code 1: task-agent: T001 cannot be done\nstack…';
    const short = shortReason(long);
    assert.ok(short.length <= 40, short);
    assert.equal(short, 'Custom command (node) exited with code…');
    assert.equal(shortReason('Timed out'), 'Timed out');
    assert.equal(shortReason('\n  second line first\n'), 'second line first');
  });
});

describe('Specwright log', () => {
  it('logs each operation once, not again when its final summary is announced', () => {
    const bus = new OperationBus({ coalesceMs: 0 });
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m), trace: (m: string) => lines.push(m) };
    const pipe = pipeAgentLogs(bus, log as never);
    const op = bus.create({ kind: 'spec', feature: '/w/specs/001-a', featureName: '001-a', agent: 'scaffold' });
    bus.setStatus(op.id, 'running');
    bus.publish(op.id, { kind: 'error', message: 'the agent stopped' });
    bus.flush();
    bus.setStatus(op.id, 'failed', 'the agent stopped');
    bus.flush();
    pipe.dispose();
    bus.dispose();
    assert.equal(lines.filter((l) => l.includes('spec of 001-a with scaffold')).length, 1, lines.join('\n'));
    assert.equal(lines.filter((l) => l.includes('the agent stopped') && !l.includes('failed')).length, 1, lines.join('\n'));
  });
});
