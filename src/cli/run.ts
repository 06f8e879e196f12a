/**
 * `specwright run <featureDir> [--task T012 | --all-ready] …`: runs one task, or every ready
 * task in dependency waves, printing each task's status as it changes. Exit 1 when a task
 * failed, 130 when stopped with Ctrl+C, 0 otherwise (also when a review pause ends the run).
 */
import { checklistWarning, featureArtefacts } from '../core/features/artefacts';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { isPermissionPolicy, type PermissionPolicy } from '../core/agents/permissions';
import type { Specwright } from '../core/app/specwright';
import { TaskRunError } from '../core/tasks/taskRunner';
import type { OperationSummary, TaskRun, TaskState } from '../protocol';
import { AGENT_FLAG_OPTIONS, agentFlagsOf } from './agentFlags';
import type { AgentFlags } from './cliSettings';
import { CURRENT_FEATURE_HINT } from './currentFeatureArg';
import { cliCore, exitCodeOf, followOperation, guessWorkspaceRoot } from './follow';
import { askOnTerminal } from './permissionPrompt';
import { StdinAnswers } from './stdinAnswers';
import { ProgressLine } from './progressLine';

export const RUN_USAGE = `  run <featureDir> [--task T012 | --all-ready] [--agent ID] [--concurrency N] [--pause-every N] [--continue-on-failure]
      Run one task of tasks.md (ticked when it succeeds), or every ready task in dependency
      waves: [P] tasks up to N at a time, never two naming the same file. Prints each task's
      status as it changes; stops at the first failure unless --continue-on-failure; with
      --pause-every N asks to go on after every N tasks. Exit 1 when a task failed.
`;

export interface RunCommand {
  featureDir: string;
  task?: string;
  agent?: string;
  concurrency?: number;
  pauseEvery?: number;
  continueOnFailure?: boolean;
  workspace?: string;
  timeoutMinutes?: number;
  permissions?: PermissionPolicy;
  prompt?: string;
  json: boolean;
  /** --agent-command, --agent-arg, --acp, --mode. */
  agentFlags?: AgentFlags;
}

/** Parses the arguments after `run`; a string is a usage error. Without a folder, `current` names spec-kit's current feature. */
export async function parseRunArgs(argv: string[], current: () => Promise<string | undefined> = async () => undefined): Promise<RunCommand | string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        task: { type: 'string', short: 't' },
        'all-ready': { type: 'boolean', default: false },
        agent: { type: 'string', short: 'a' },
        concurrency: { type: 'string' },
        'pause-every': { type: 'string' },
        'continue-on-failure': { type: 'boolean', default: false },
        workspace: { type: 'string', short: 'w' },
        timeout: { type: 'string' },
        permissions: { type: 'string' },
        prompt: { type: 'string', short: 'p' },
        json: { type: 'boolean', default: false },
        ...AGENT_FLAG_OPTIONS,
      },
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) return 'run needs one feature folder: specwright run specs/001-x [--task T012 | --all-ready]';
  if (values.task !== undefined && values['all-ready']) return 'run takes --task or --all-ready, not both';
  const featureDir = positionals.length ? resolve(positionals[0]) : await current();
  if (!featureDir) return `run needs one feature folder: specwright run specs/001-x [--task T012 | --all-ready] (${CURRENT_FEATURE_HINT})`;
  const count = (name: string, value: string | undefined, min: number): number | undefined | string => {
    if (value === undefined) return undefined;
    const n = Number(value);
    return Number.isInteger(n) && n >= min ? n : `--${name} takes a whole number of at least ${min}`;
  };
  const concurrency = count('concurrency', values.concurrency, 1);
  if (typeof concurrency === 'string') return concurrency;
  const pauseEvery = count('pause-every', values['pause-every'], 0);
  if (typeof pauseEvery === 'string') return pauseEvery;
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) return '--timeout takes a number of minutes greater than 0';
  if (values.permissions !== undefined && !isPermissionPolicy(values.permissions)) return '--permissions takes ask, allowEditsInFeature or allowAll';
  return {
    featureDir,
    json: values.json,
    ...(values.task !== undefined ? { task: values.task } : {}),
    ...(values.agent !== undefined ? { agent: values.agent } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(pauseEvery !== undefined ? { pauseEvery } : {}),
    ...(values['continue-on-failure'] ? { continueOnFailure: true } : {}),
    ...(values.workspace !== undefined ? { workspace: resolve(values.workspace) } : {}),
    ...(timeout !== undefined ? { timeoutMinutes: timeout } : {}),
    ...(values.permissions !== undefined ? { permissions: values.permissions as PermissionPolicy } : {}),
    ...(values.prompt !== undefined ? { prompt: values.prompt } : {}),
    agentFlags: agentFlagsOf(values),
  };
}

export async function runRun(cmd: RunCommand): Promise<number> {
  const core = runCore(cmd);
  const progress = new ProgressLine(process.stderr, !cmd.json && process.stderr.isTTY === true);
  try {
    await core.historyLoaded;
    return cmd.task !== undefined ? await runOne(core, cmd, cmd.task, progress) : await runAll(core, cmd);
  } catch (error) {
    if (error instanceof TaskRunError) {
      process.stderr.write(`specwright: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    progress.clear();
    await core.journal.flushed();
    core.dispose();
  }
}

/** The core as `run` uses it: like the other terminal commands (flags, environment, config file). */
function runCore(cmd: RunCommand): Specwright {
  return cliCore({
    root: cmd.workspace ?? guessWorkspaceRoot(cmd.featureDir),
    ...cmd.agentFlags,
    ...(cmd.agent ? { agent: cmd.agent } : {}),
    ...(cmd.timeoutMinutes !== undefined ? { timeoutMinutes: cmd.timeoutMinutes } : {}),
    ...(cmd.permissions ? { permissions: cmd.permissions } : {}),
  });
}

/** One task: its conversation printed live, like `generate`. */
async function runOne(core: Specwright, cmd: RunCommand, task: string, progress: ProgressLine): Promise<number> {
  const { operationId, done } = await core.tasks.runTask(cmd.featureDir, task, { ...(cmd.agent ? { agent: cmd.agent } : {}), ...(cmd.prompt ? { userPrompt: cmd.prompt } : {}) });
  const onSigint = () => { progress.clear(); process.stderr.write('Stopping…\n'); void core.tasks.stopAll(); };
  process.once('SIGINT', onSigint);
  try {
    const summary = await followOperation(core, operationId, { json: cmd.json, progress });
    await done;
    printTaskOutcome(summary, cmd.json);
    return exitCodeOf(summary.status);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Every ready task: status lines as they change; pauses are questions on a terminal, the end of the run elsewhere. */
async function runAll(core: Specwright, cmd: RunCommand): Promise<number> {
  const printer = new StatusPrinter(cmd.json, core.tasks.board(cmd.featureDir).tasks);
  let interrupted = false;
  const onSigint = () => { interrupted = true; process.stderr.write('Stopping…\n'); void core.tasks.stopAll(cmd.featureDir); };
  const questions = answerPermissions(core, cmd.json);
  let deciding = false;
  const changes = core.tasks.onChange((feature) => {
    if (feature !== cmd.featureDir) return;
    const { tasks, run } = core.tasks.board(feature);
    printer.update(tasks);
    if (run?.state === 'paused' && !deciding) {
      deciding = true;
      void decide(core, cmd, run).finally(() => { deciding = false; });
    }
  });
  process.once('SIGINT', onSigint);
  try {
    const warning = checklistWarning(await featureArtefacts(cmd.featureDir));
    if (warning) process.stderr.write(`specwright: warning: ${warning}\n`);
    printer.plan((await core.tasks.status(cmd.featureDir)).waves);
    const handle = await core.tasks.runAllReady(cmd.featureDir, {
      ...(cmd.agent ? { agent: cmd.agent } : {}),
      ...(cmd.concurrency !== undefined ? { concurrency: cmd.concurrency } : {}),
      ...(cmd.pauseEvery !== undefined ? { pauseEvery: cmd.pauseEvery } : {}),
      ...(cmd.continueOnFailure !== undefined ? { continueOnFailure: cmd.continueOnFailure } : {}),
    });
    const run = await handle.done;
    printer.update(core.tasks.board(cmd.featureDir).tasks);
    printer.end(run);
    if (interrupted) return 130;
    return run.failed > 0 ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    changes.dispose();
    questions.dispose();
  }
}

/** A paused run: on a terminal the user decides; otherwise a review pause ends the run and a failure stops it. */
async function decide(core: Specwright, cmd: RunCommand, run: TaskRun): Promise<void> {
  const interactive = !cmd.json && process.stdin.isTTY === true && process.stderr.isTTY === true;
  if (run.pauseReason === 'review' && interactive) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = (await rl.question(`Paused after ${run.done} task(s) for review. Go on? [Y/n] `)).trim().toLowerCase();
    rl.close();
    if (answer === '' || answer.startsWith('y')) {
      await core.tasks.resume(cmd.featureDir);
      return;
    }
  } else if (run.pauseReason === 'review') {
    process.stderr.write(`Paused after ${run.done} task(s) for review: run again to go on.\n`);
  }
  await core.tasks.stopAll(cmd.featureDir);
}

/** Permission questions of any task of the run: asked on the terminal, or (--json) answered by JSON lines on stdin. */
function answerPermissions(core: Specwright, json: boolean): { dispose(): void } {
  const subs: { dispose(): void }[] = [];
  const answers = json ? new StdinAnswers(core.permissions) : undefined;
  const listener = core.bus.onOperation((summary) => {
    if (summary.kind !== 'task' || summary.status !== 'queued') return;
    subs.push(core.bus.subscribe(summary.id, 0, (item) => {
      if (item.type !== 'event') return;
      const event = item.event;
      if (event.kind === 'permissionResolved') answers?.settled(event.id);
      if (event.kind !== 'permission') return;
      if (answers) {
        process.stdout.write(`${JSON.stringify({ operationId: summary.id, ...event })}\n`);
        answers.ask(event);
      } else void askOnTerminal(event, new AbortController().signal).then((optionId) => { if (optionId) core.permissions.answer(event.id, optionId); });
    }));
  });
  return { dispose: () => { listener.dispose(); answers?.dispose(); for (const s of subs) s.dispose(); } };
}

class StatusPrinter {
  private readonly last = new Map<string, string>();

  constructor(private readonly json: boolean, initial: readonly TaskState[]) {
    for (const t of initial) this.last.set(t.key, t.status);
  }

  plan(waves: string[][]): void {
    if (this.json) process.stdout.write(`${JSON.stringify({ waves })}\n`);
    else process.stdout.write(`Plan: ${waves.map((w, i) => `wave ${i + 1}: ${w.join(', ')}`).join(' · ')}\n`);
  }

  update(tasks: readonly TaskState[]): void {
    for (const t of tasks) {
      const line = `${t.status}${t.reason ? `: ${t.reason}` : ''}`;
      if (this.last.get(t.key) === line) continue;
      this.last.set(t.key, line);
      if (this.json) process.stdout.write(`${JSON.stringify({ task: t.key, status: t.status, ...(t.reason ? { reason: t.reason } : {}), ...(t.operationId ? { operationId: t.operationId } : {}) })}\n`);
      else process.stdout.write(`${ICON[t.status]} ${(t.id ?? t.key).padEnd(6)} ${t.status.padEnd(8)} ${t.status === 'running' ? t.title : t.reason ?? t.title}\n`);
    }
  }

  end(run: TaskRun): void {
    if (this.json) {
      process.stdout.write(`${JSON.stringify({ run })}\n`);
      return;
    }
    const took = (((run.endedAt ?? Date.now()) - run.startedAt) / 1000).toFixed(1);
    const notRun = run.total - run.done - run.failed - run.skipped;
    process.stdout.write(`${run.failed ? '✖' : '✔'} run ${run.state} in ${took}s: ${run.done} done, ${run.failed} failed, ${run.skipped} skipped${notRun ? `, ${notRun} not run` : ''} of ${run.total}\n`);
  }
}

const ICON: Record<TaskState['status'], string> = { queued: '·', running: '▶', done: '✔', failed: '✖', skipped: '↷' };

function printTaskOutcome(summary: OperationSummary, json: boolean): void {
  const name = summary.task?.id ?? summary.task?.key ?? 'task';
  if (json) {
    process.stdout.write(`${JSON.stringify({ task: name, status: summary.status, reason: summary.reason, touched: summary.touched })}\n`);
    return;
  }
  const files = summary.touched?.length ? ` (changed ${summary.touched.map((f) => relative(process.cwd(), resolve(summary.git?.root ?? '.', f)) || f).join(', ')})` : '';
  if (summary.status === 'succeeded') process.stdout.write(`✔ ${name} done${files}\n`);
  else process.stdout.write(`✖ ${name} ${summary.status}${summary.reason ? `: ${summary.reason}` : ''}\n`);
}
