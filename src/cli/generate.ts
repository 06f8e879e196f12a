import { relative } from 'node:path';
import type { OperationKind, OperationSummary } from '../protocol';
import type { PermissionPolicy } from '../core/agents/permissions';
import type { AgentFlags } from './cliSettings';
import type { ChainResult } from '../core/features/chain';
import type { Specwright } from '../core/app/specwright';
import { cliCore, exitCodeOf, followOperation, guessWorkspaceRoot, secondsBetween } from './follow';
import { ProgressLine } from './progressLine';

export interface GenerateCommand {
  /** One document, or `all`: spec → plan → tasks (or from `from` on). */
  kind: OperationKind | 'all';
  featureDir: string;
  prompt: string;
  agent?: string;
  workspace?: string;
  timeoutMinutes?: number;
  /** What the agent may do without asking; questions are asked on the terminal when there is one. */
  permissions?: PermissionPolicy;
  /** --agent-command, --agent-arg, --acp, --mode. */
  agentFlags?: AgentFlags;
  json: boolean;
  /** For `all`: the first stage (default spec). */
  from?: OperationKind;
  /** For `all`: words for the plan and tasks stages. */
  stagePrompts?: Partial<Record<OperationKind, string>>;
}

/** `specwright generate spec|plan|tasks|all <dir>`: operations with their events printed live; exit 0 only on success. */
export async function runGenerate(cmd: GenerateCommand): Promise<number> {
  const core = cliCore({ root: cmd.workspace ?? guessWorkspaceRoot(cmd.featureDir), agent: cmd.agent, timeoutMinutes: cmd.timeoutMinutes, permissions: cmd.permissions, ...cmd.agentFlags });
  const progress = new ProgressLine(process.stderr, !cmd.json && process.stderr.isTTY === true);
  try {
    return cmd.kind === 'all' ? await generateChain(core, cmd, progress) : await generateOne(core, { ...cmd, kind: cmd.kind }, progress);
  } finally {
    progress.clear();
    core.dispose();
  }
}

/** Starts one generation in an existing core and follows it to the end (also used by `specwright new`). */
export async function generateOne(core: Specwright, cmd: GenerateCommand & { kind: OperationKind }, progress: ProgressLine): Promise<number> {
  const { operationId } = await core.generation.start({ kind: cmd.kind, featureDir: cmd.featureDir, userPrompt: cmd.prompt, agent: cmd.agent });
  const onSigint = () => { progress.clear(); process.stderr.write('Cancelling…\n'); core.generation.cancel(operationId); };
  process.once('SIGINT', onSigint);
  try {
    const summary = await followOperation(core, operationId, { json: cmd.json, progress });
    printOutcome(summary, cmd.json);
    return exitCodeOf(summary.status);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Generate All: each stage is followed as it starts; the chain stops at the first stage that does not succeed. */
export async function generateChain(core: Specwright, cmd: GenerateCommand, progress: ProgressLine): Promise<number> {
  let following = Promise.resolve();
  const handle = await core.chain.start(
    { featureDir: cmd.featureDir, prompt: cmd.prompt, agent: cmd.agent, from: cmd.from, stagePrompts: cmd.stagePrompts },
    {
      // Stages run one after another, so following them in a queue prints each whole, in order.
      onStage: (operationId, kind) => {
        following = following.then(async () => printOutcome(await followOperation(core, operationId, { json: cmd.json, progress, tag: { stage: kind } }), cmd.json));
      },
    },
  );
  const onSigint = () => { progress.clear(); process.stderr.write('Cancelling…\n'); core.chain.cancel(handle.chainId); };
  process.once('SIGINT', onSigint);
  try {
    const result = await handle.done;
    await following;
    printChain(result, cmd.json);
    return exitCodeOf(result.status);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function printOutcome(summary: OperationSummary, json: boolean): void {
  const took = secondsBetween(summary);
  // A generation writes its documents only: anything else it wrote is said in its last line too.
  const outside = (after: string) => (summary.touched?.length
    ? `${/[.!?]$/.test(after) ? ' It' : '; it'} also wrote ${summary.touched.length} file${summary.touched.length === 1 ? '' : 's'} outside the feature folder: ${summary.touched.join(', ')}`
    : '');
  if (json) process.stdout.write(`${JSON.stringify({ status: summary.status, reason: summary.reason, document: summary.document, kind: summary.kind, ...(summary.touched ? { outside: summary.touched } : {}) })}\n`);
  else if (summary.status === 'succeeded') process.stdout.write(`✔ ${summary.status} in ${took}s: wrote ${relative(process.cwd(), summary.document ?? '') || summary.document}${outside('')}\n`);
  else process.stdout.write(`✖ ${summary.status} after ${took}s${summary.reason ? `: ${summary.reason}` : ''}${outside(summary.reason ?? '')}\n`);
}

function printChain(result: ChainResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ chain: result.chainId, status: result.status, stages: result.operations.map((o) => ({ kind: o.kind, status: o.status, document: o.document })), stoppedAt: result.stoppedAt, reason: result.reason })}\n`);
    return;
  }
  const ran = result.operations.map((o) => `${o.kind} ${o.status === 'succeeded' ? '✔' : '✖'}`).join(' → ');
  if (result.status === 'succeeded') process.stdout.write(`✔ chain done: ${ran}\n`);
  else process.stdout.write(`✖ chain stopped at ${result.stoppedAt ?? '?'}${ran ? ` (${ran})` : ''}${result.reason ? `: ${result.reason}` : ''}\n`);
}
