import type { OperationSummary } from '../protocol';
import type { PermissionPolicy } from '../core/agents/permissions';
import { createSpecwright, type Specwright } from '../core/app/specwright';
import { workspaceRootAbove } from '../core/features/features';
import { cliSettingHints, cliSettings, type AgentFlags } from './cliSettings';
import { formatEvent } from './format';
import { askOnTerminal } from './permissionPrompt';
import { StdinAnswers } from './stdinAnswers';
import { ProgressLine } from './progressLine';

export interface CliCoreOptions extends AgentFlags {
  root: string;
  permissions?: PermissionPolicy;
}

/**
 * The core as the terminal commands use it: one workspace folder, trusted, settings from the
 * flags, the environment and the workspace's config file (cliSettings.ts), hints in the CLI's words.
 */
export function cliCore(options: CliCoreOptions): Specwright {
  const { warnings } = cliSettings(options.root, options);
  for (const warning of warnings) process.stderr.write(`specwright: ${warning}\n`);
  return createSpecwright({
    roots: () => [options.root],
    // Read at each use (the file is cached by its mtime): a long `specwright serve` takes an edit
    // of .specwright/config.json at the next run, as VS Code does.
    settings: () => cliSettings(options.root, options).settings,
    isTrusted: () => true,
    log: () => undefined,
    settingHints: cliSettingHints,
  });
}

/** The workspace of a feature folder when --workspace does not name it: the folder holding specs/ or .kiro/specs/. */
export const guessWorkspaceRoot = workspaceRootAbove;

export interface FollowOptions {
  json: boolean;
  progress: ProgressLine;
  /** Added to every JSON line (e.g. the chain stage), so a consumer can tell operations apart. */
  tag?: Record<string, string>;
}

/**
 * Prints one operation's events as they come (text, or JSON lines) and asks the agent's
 * permission questions on the terminal; resolves with the summary once the operation finished.
 */
export function followOperation(core: Specwright, operationId: string, options: FollowOptions): Promise<OperationSummary> {
  const op = core.bus.get(operationId) as OperationSummary;
  if (!options.json) process.stdout.write(`▶ ${op.kind} of ${op.featureName} with ${op.agent}\n`);
  let events = 0;
  const questions = new Map<string, AbortController>();
  // --json: answers come as JSON lines on stdin (a program drives the CLI), see stdinAnswers.ts.
  const answers = options.json ? new StdinAnswers(core.permissions) : undefined;
  return new Promise((resolve) => {
    // An operation that already ended delivers its replay and `finished` during subscribe(),
    // before `sub` is assigned: remember that and dispose right after.
    let ended = false;
    let sub: { dispose(): void } | undefined = undefined;
    sub = core.bus.subscribe(operationId, 0, (item) => {
      if (item.type === 'finished') {
        ended = true;
        sub?.dispose();
        answers?.dispose();
        for (const asking of questions.values()) asking.abort();
        options.progress.clear();
        resolve(core.bus.get(operationId) as OperationSummary);
        return;
      }
      if (item.type !== 'event') return;
      const event = item.event;
      if (event.kind === 'permission' && !options.json) {
        const asking = new AbortController();
        questions.set(event.id, asking);
        options.progress.clear();
        void askOnTerminal(event, asking.signal).then((optionId) => { if (optionId) core.permissions.answer(event.id, optionId); });
        return;
      }
      if (event.kind === 'permissionResolved') {
        questions.get(event.id)?.abort();
        answers?.settled(event.id);
      }
      events += 1;
      options.progress.clear();
      if (options.json) process.stdout.write(`${JSON.stringify({ ...options.tag, seq: item.seq, at: item.at, ...event })}\n`);
      else process.stdout.write(formatEvent(event));
      if (event.kind === 'permission' && answers) answers.ask(event);
      options.progress.show(`${op.agent} · ${events} events`);
    });
    if (ended) sub.dispose();
  });
}

/** Exit code of a finished operation or chain: 0 succeeded, 130 cancelled (as Ctrl+C), 1 otherwise. */
export const exitCodeOf = (status: OperationSummary['status']): number => (status === 'succeeded' ? 0 : status === 'cancelled' ? 130 : 1);

export const secondsBetween = (summary: OperationSummary): string => (((summary.endedAt ?? Date.now()) - (summary.startedAt ?? summary.createdAt)) / 1000).toFixed(1);
