import { dirname, basename, relative } from 'node:path';
import type { AgentEvent, OperationKind, OperationSummary } from '../protocol';
import { createSpecwright } from '../core/specwright';
import { DEFAULT_SETTINGS } from '../core/settings';
import { formatEvent } from './format';
import { ProgressLine } from './progressLine';
import { askOnTerminal } from './permissionPrompt';
import type { PermissionPolicy } from '../core/agents/permissions';

export interface GenerateCommand {
  kind: OperationKind;
  featureDir: string;
  prompt: string;
  agent?: string;
  workspace?: string;
  timeoutMinutes?: number;
  /** What the agent may do without asking; questions are asked on the terminal when there is one. */
  permissions?: PermissionPolicy;
  json: boolean;
}

/** `specwright generate spec <dir>`: one operation, its events printed live; exit 0 only on success. */
export async function runGenerate(cmd: GenerateCommand): Promise<number> {
  const root = cmd.workspace ?? guessWorkspaceRoot(cmd.featureDir);
  const core = createSpecwright({
    roots: () => [root],
    settings: () => ({ ...DEFAULT_SETTINGS, agent: cmd.agent ?? process.env.SPECWRIGHT_AGENT ?? DEFAULT_SETTINGS.agent, timeoutMinutes: cmd.timeoutMinutes ?? DEFAULT_SETTINGS.timeoutMinutes, permissionPolicy: cmd.permissions ?? 'ask' }),
    isTrusted: () => true,
    log: () => undefined,
  });
  const progress = new ProgressLine(process.stderr, !cmd.json && process.stderr.isTTY === true);
  try {
    const { operationId, done } = await core.generation.start({ kind: cmd.kind, featureDir: cmd.featureDir, userPrompt: cmd.prompt, agent: cmd.agent });
    const op = core.bus.get(operationId) as OperationSummary;
    if (!cmd.json) process.stdout.write(`▶ ${op.kind} of ${op.featureName} with ${op.agent}\n`);
    let events = 0;
    const onSigint = () => { progress.clear(); process.stderr.write('Cancelling…\n'); core.generation.cancel(operationId); };
    process.once('SIGINT', onSigint);
    const questions = new Map<string, AbortController>();
    const sub = core.bus.subscribe(operationId, 0, (item) => {
      if (item.type !== 'event') return;
      const event = item.event;
      if (event.kind === 'permission' && !cmd.json) {
        const asking = new AbortController();
        questions.set(event.id, asking);
        progress.clear();
        void askOnTerminal(event, asking.signal).then((optionId) => { if (optionId) core.permissions.answer(event.id, optionId); });
        return;
      }
      if (event.kind === 'permissionResolved') questions.get(event.id)?.abort();
      events += 1;
      progress.clear();
      if (cmd.json) process.stdout.write(`${JSON.stringify({ seq: item.seq, at: item.at, ...item.event })}\n`);
      else process.stdout.write(formatEvent(item.event as AgentEvent));
      progress.show(`${op.agent} · ${events} events`);
    });
    const summary = await done;
    sub.dispose();
    process.removeListener('SIGINT', onSigint);
    progress.clear();
    const took = (((summary.endedAt ?? Date.now()) - (summary.startedAt ?? summary.createdAt)) / 1000).toFixed(1);
    if (cmd.json) process.stdout.write(`${JSON.stringify({ status: summary.status, reason: summary.reason, document: summary.document })}\n`);
    else if (summary.status === 'succeeded') process.stdout.write(`✔ ${summary.status} in ${took}s: wrote ${relative(process.cwd(), summary.document ?? '') || summary.document}\n`);
    else process.stdout.write(`✖ ${summary.status} after ${took}s${summary.reason ? `: ${summary.reason}` : ''}\n`);
    return summary.status === 'succeeded' ? 0 : summary.status === 'cancelled' ? 130 : 1;
  } finally {
    progress.clear();
    core.dispose();
  }
}

/** specs/NNN-x → the folder holding specs/; anything else → its parent. */
function guessWorkspaceRoot(featureDir: string): string {
  const parent = dirname(featureDir);
  return basename(parent) === 'specs' ? dirname(parent) : parent;
}
