/**
 * `specwright refine <featureDir> [--doc spec|plan|tasks] --prompt "…"`: a follow-up turn on the
 * document the latest operation of the feature (or of that document) wrote, continuing that
 * operation's agent session when the agent can (core/refine). The journal is where the earlier
 * turns come from, so a refine in a new terminal continues what an earlier command began.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPermissionPolicy, type PermissionPolicy } from '../core/agents/permissions';
import { GenerationError } from '../core/features/generationService';
import { OperationKind, type OperationSummary } from '../protocol';
import { AGENT_FLAG_OPTIONS, agentFlagsOf } from './agentFlags';
import { CURRENT_FEATURE_HINT, defaultFeatureDir } from './currentFeatureArg';
import { cliCore, exitCodeOf, followOperation, guessWorkspaceRoot, secondsBetween } from './follow';
import { ProgressLine } from './progressLine';

export const REFINE_USAGE = `  refine <featureDir> [--doc spec|plan|tasks] --prompt "<follow-up>" [--agent ID] [--only T003,T007] [--json]
      A follow-up on the document the latest operation wrote (--doc: of that document), in the
      same agent session when the agent can resume it (otherwise a new session gets the document
      and the follow-up as context). Each turn is a version; the turns are one thread in history.
`;

export async function runRefine(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        prompt: { type: 'string', short: 'p' },
        doc: { type: 'string' },
        only: { type: 'string' },
        agent: { type: 'string', short: 'a' },
        workspace: { type: 'string', short: 'w' },
        timeout: { type: 'string' },
        permissions: { type: 'string' },
        json: { type: 'boolean', default: false },
        ...AGENT_FLAG_OPTIONS,
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usage('refine needs one <featureDir>');
  if (!values.prompt?.trim()) return usage('refine needs --prompt "<what to change>"');
  // The folder named, else spec-kit's current feature (.specify/feature.json), as generate does.
  const target = positionals[0] ?? (await defaultFeatureDir(resolve(values.workspace ?? process.cwd())));
  if (!target) return usage(`refine needs one <featureDir> (${CURRENT_FEATURE_HINT})`);
  const doc = values.doc === undefined ? undefined : OperationKind.safeParse(values.doc);
  if (doc && !doc.success) return usage('--doc takes spec, plan or tasks');
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) return usage('--timeout takes a number of minutes greater than 0');
  if (values.permissions !== undefined && !isPermissionPolicy(values.permissions)) return usage('--permissions takes ask, allowEditsInFeature or allowAll');

  const featureDir = resolve(target);
  const core = cliCore({
    root: values.workspace ? resolve(values.workspace) : guessWorkspaceRoot(featureDir),
    agent: values.agent, timeoutMinutes: timeout, permissions: values.permissions as PermissionPolicy | undefined, ...agentFlagsOf(values),
  });
  const progress = new ProgressLine(process.stderr, !values.json && process.stderr.isTTY === true);
  try {
    // The earlier turns (and their sessions) come back from the journal.
    await core.historyLoaded;
    let started;
    try {
      started = await core.refine.start({
        feature: featureDir, prompt: values.prompt,
        ...(doc?.success ? { doc: doc.data } : {}),
        ...(values.agent ? { agent: values.agent } : {}),
        ...(values.only ? { onlyTasks: values.only.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
      });
    } catch (error) {
      if (error instanceof GenerationError) {
        process.stderr.write(`specwright: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const onSigint = () => { progress.clear(); process.stderr.write('Cancelling…\n'); core.generation.cancel(started.operationId); };
    process.once('SIGINT', onSigint);
    try {
      const summary = await followOperation(core, started.operationId, { json: values.json, progress, tag: { turn: String(started.turn) } });
      print(summary, started, values.json);
      return exitCodeOf(summary.status);
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  } finally {
    progress.clear();
    core.dispose();
  }
}

function print(summary: OperationSummary, started: { turn: number; resumed: boolean; parentOperationId: string }, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ status: summary.status, reason: summary.reason, document: summary.document, kind: summary.kind, turn: started.turn, resumed: started.resumed, parentOperationId: started.parentOperationId })}\n`);
    return;
  }
  const how = started.resumed ? 'same session' : 'new session';
  const took = secondsBetween(summary);
  if (summary.status === 'succeeded') process.stdout.write(`✔ turn ${started.turn} (${how}) in ${took}s: wrote ${relative(process.cwd(), summary.document ?? '') || summary.document}\n`);
  else process.stdout.write(`✖ turn ${started.turn} ${summary.status} after ${took}s${summary.reason ? `: ${summary.reason}` : ''}\n`);
}

function usage(message: string): number {
  process.stderr.write(`specwright: ${message}\n\n${REFINE_USAGE}`);
  return 2;
}
