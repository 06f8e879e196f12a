/**
 * Run Task: one task of tasks.md as one operation (kind `task`). Before the agent starts, the
 * git state of the workspace is recorded on the operation; the prompt is that task with the
 * spec, the plan and the constitution; on success the task's checkbox is ticked (a one-character
 * edit) and the files the run touched are recorded for "Show changes"; on failure the reason
 * stays on the operation. The file is never rewritten to show that a task is running: that is
 * what the operation and the task board are for.
 */
import { basename, join, relative, sep } from 'node:path';
import type { AgentEvent, OperationStatus, OperationSummary, TaskRef } from '../../protocol';
import type { Agent, AgentOutcome } from '../ports/agent';
import { featureFromFolder } from '../features/features';
import { agentEnv } from '../features/prompt';
import { parseTasks, tickEdit, type Task, type TasksDocument } from '../features/tasks';
import type { OperationBus } from '../operations/bus';
import { takeGitSnapshot, touchedSince, type GitSnapshot } from '../git/gitState';
import { buildTaskGraph } from './graph';
import { buildTaskPrompt } from './taskPrompt';
import { findTask, graphKeyOf } from './taskLookup';
import { FileLocks } from '../util/fileLocks';
import { nodeTasksFile, type TasksFilePort } from './tasksFile';
import { recordTaskDone } from '../features/taskRecords';
import { taskKeyOf } from '../features/tasksBasis';

/** Refusals before any operation exists; `code` is a protocol ErrorCode. */
export class TaskRunError extends Error {
  constructor(readonly code: 'invalid_params' | 'not_found' | 'untrusted_workspace' | 'busy', message: string) {
    super(message);
  }
}

/** The built-in agent that only writes documents (spec, plan, tasks). */
export const DOCUMENT_ONLY_AGENTS: ReadonlySet<string> = new Set(['scaffold']);

export interface TaskRunnerOptions {
  bus: OperationBus;
  workspaceRootFor: (featureDir: string) => string;
  resolveAgent: (id: string | undefined) => Promise<Agent | undefined>;
  isTrusted?: () => boolean;
  timeoutMs?: () => number;
  tasksFile?: TasksFilePort;
  /** Reads the git state; replaceable in tests. */
  gitSnapshot?: (dir: string) => Promise<GitSnapshot | undefined>;
  gitTouched?: (before: GitSnapshot) => Promise<string[] | undefined>;
}

export interface StartTask {
  featureDir: string;
  /** T012, `line:N`, or a Kiro number. */
  task: string;
  agent?: string;
  /** Set by Run All Ready Tasks. */
  runId?: string;
  userPrompt?: string;
}

export interface TaskOutcome {
  operationId: string;
  key: string;
  status: OperationStatus;
  reason?: string;
  touched?: string[];
}

interface Running {
  controller: AbortController;
  featureDir: string;
  key: string;
  task: Task;
  done: Promise<TaskOutcome>;
}

const IGNORED_CHANGES = /(^|\/)\.specwright\//;

export class TaskRunner {
  private readonly running = new Map<string, Running>();
  private readonly locks = new FileLocks();
  private readonly tasksFile: TasksFilePort;

  constructor(private readonly options: TaskRunnerOptions) {
    this.tasksFile = options.tasksFile ?? nodeTasksFile;
  }

  /** Starts a task; resolves as soon as its operation exists, `done` when it has ended. */
  async start(request: StartTask): Promise<{ operationId: string; key: string; done: Promise<TaskOutcome> }> {
    if (this.options.isTrusted && !this.options.isTrusted()) {
      throw new TaskRunError('untrusted_workspace', 'Agents do not run in an untrusted workspace. Trust the workspace to run tasks.');
    }
    const agent = await this.options.resolveAgent(request.agent);
    if (!agent) throw new TaskRunError('not_found', `Unknown agent "${request.agent}".`);
    let feature;
    try {
      feature = await featureFromFolder(request.featureDir);
    } catch (error) {
      throw new TaskRunError('not_found', error instanceof Error ? error.message : String(error));
    }
    const tasksPath = join(feature.path, 'tasks.md');
    let doc: TasksDocument;
    try {
      doc = parseTasks(await this.tasksFile.read(tasksPath));
    } catch {
      throw new TaskRunError('not_found', `${feature.name} has no tasks.md yet. Generate the tasks first.`);
    }
    const task = findTask(doc, request.task);
    if (!task) throw new TaskRunError('not_found', `${basename(feature.path)}/tasks.md has no task ${request.task}.`);
    const graph = buildTaskGraph(doc);
    const key = graphKeyOf(graph, task);
    const name = task.id ?? `The task on line ${task.line + 1}`;
    if (task.done) throw new TaskRunError('invalid_params', `${name} is already ticked.`);
    if (task.skipped) throw new TaskRunError('invalid_params', `${name} is marked skipped ([-]).`);
    if (task.childIndexes.length) throw new TaskRunError('invalid_params', `${name} has sub-tasks: run those; it is ticked when they are all done.`);
    this.assertFree(feature.path, key, task);

    const ref: TaskRef = { key, line: task.line, title: task.description, ...(task.id === undefined ? {} : { id: task.id }) };
    const op = this.options.bus.create({
      kind: 'task', feature: feature.path, featureName: feature.name, agent: agent.id, task: ref,
      ...(request.runId === undefined ? {} : { runId: request.runId }),
    });
    const controller = new AbortController();
    const open = (graph.nodes.get(key)?.deps ?? []).filter((d) => !graph.nodes.get(d)?.closed);
    const done = this.execute(op.id, agent, { ...request, featureDir: feature.path }, tasksPath, doc, task, key, open, controller.signal)
      .finally(() => this.running.delete(op.id));
    this.running.set(op.id, { controller, featureDir: feature.path, key, task, done });
    return { operationId: op.id, key, done };
  }

  cancel(operationId: string): boolean {
    const run = this.running.get(operationId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  /** Cancels every running task (of one feature, or all) and resolves once they have all ended. */
  async cancelAll(featureDir?: string): Promise<number> {
    const runs = [...this.running.values()].filter((r) => featureDir === undefined || r.featureDir === featureDir);
    for (const run of runs) run.controller.abort();
    await Promise.allSettled(runs.map((r) => r.done));
    return runs.length;
  }

  /** Keys of the tasks of a feature running now, with their operation ids. */
  runningOf(featureDir: string): { key: string; operationId: string }[] {
    return [...this.running.entries()].filter(([, r]) => r.featureDir === featureDir).map(([operationId, r]) => ({ key: r.key, operationId }));
  }

  get size(): number {
    return this.running.size;
  }

  /** One run per task, and never two tasks that name the same file at once. */
  private assertFree(featureDir: string, key: string, task: Task): void {
    for (const run of this.running.values()) {
      if (run.featureDir !== featureDir) continue;
      const name = task.id ?? key;
      if (run.key === key) throw new TaskRunError('busy', `${name} is already running.`);
      const shared = run.task.files.filter((f) => task.files.includes(f));
      if (shared.length) {
        throw new TaskRunError('busy', `${name} names ${shared.join(', ')}, which ${run.task.id ?? run.key} is changing now; it can run when that task has ended.`);
      }
    }
  }

  private async execute(
    operationId: string, agent: Agent, request: StartTask, tasksPath: string, doc: TasksDocument, task: Task, key: string,
    openDeps: string[], signal: AbortSignal,
  ): Promise<TaskOutcome> {
    const { bus } = this.options;
    const emit = (event: AgentEvent) => bus.publish(operationId, event);
    const name = task.id ?? `the task on line ${task.line + 1}`;
    const featureDir = request.featureDir;
    const workspaceRoot = this.options.workspaceRootFor(featureDir);
    // The caller gets the operation id before anything happens to it: a follower that subscribes
    // right after start() sees it running, never an operation that already ended.
    await new Promise((resolve) => setImmediate(resolve));
    bus.setStatus(operationId, 'running');
    let status: OperationStatus = 'failed';
    let reason: string | undefined;
    let touched: string[] | undefined;
    try {
      if (DOCUMENT_ONLY_AGENTS.has(agent.id)) {
        reason = `${agent.label} writes documents only (spec.md, plan.md, tasks.md); it cannot implement ${name}. Choose a coding agent (Copilot, Claude, Gemini, Codex, OpenCode, Qwen or a custom command) to run tasks.`;
        emit({ kind: 'error', message: reason, code: 'agent_documents_only', hint: 'Specwright: Select Agent, or --agent on the command line.' });
        return this.finish(operationId, key, 'failed', reason);
      }
      if (openDeps.length) emit({ kind: 'info', text: `Note: ${name} depends on ${openDeps.join(', ')}, not done yet.` });
      const snapshot = await (this.options.gitSnapshot ?? takeGitSnapshot)(workspaceRoot);
      if (snapshot) {
        bus.annotate(operationId, { git: snapshot.state });
        const { branch, head, dirty } = snapshot.state;
        emit({ kind: 'info', text: `Git: ${branch ?? 'detached HEAD'}${head ? ` at ${head.slice(0, 8)}` : ' (no commits yet)'}${dirty.length ? `, ${dirty.length} file${dirty.length === 1 ? '' : 's'} already changed` : ', clean'}.` });
      } else {
        emit({ kind: 'info', text: 'Not a git repository: the files this task changes cannot be listed afterwards.' });
      }
      const prompt = await buildTaskPrompt({ workspaceRoot, featureDir, tasksPath, doc, task, userPrompt: request.userPrompt });
      emit({ kind: 'info', text: `Asking ${agent.label} to do ${name}: ${task.description}` });
      const outcome: AgentOutcome = await agent.run(
        {
          kind: 'tasks', workspaceRoot, featureDir, docPath: tasksPath, userPrompt: request.userPrompt ?? '', prompt,
          env: { ...agentEnv(featureDir), SPECWRIGHT_TASK: task.id ?? key }, timeoutMs: this.options.timeoutMs?.(),
        },
        { signal, emit, report: (facts) => bus.annotate(operationId, facts) },
      );
      if (snapshot) {
        touched = await (this.options.gitTouched ?? touchedSince)(snapshot);
        if (touched) bus.annotate(operationId, { touched });
      }
      ({ status, reason } = this.judge(outcome, signal, name, touched, snapshot ? relative(snapshot.state.root, tasksPath).split(sep).join('/') : undefined));
      if (status === 'succeeded') {
        const ticked = await this.tick(tasksPath, key, task);
        if (snapshot && touched) await this.recordDone(operationId, featureDir, snapshot.state.root, key, task, touched);
        emit({ kind: 'complete', summary: `${name} done${ticked ? `: ticked in ${basename(tasksPath)}` : ''}.${touched?.length ? ` Changed ${describeFiles(touched)}.` : ''}` });
      }
    } catch (error) {
      status = signal.aborted ? 'cancelled' : 'failed';
      reason = signal.aborted ? 'Stopped.' : `Task run failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (status === 'failed' && reason) emit({ kind: 'error', message: reason });
    return this.finish(operationId, key, status, reason, touched);
  }

  /** The commit and files behind a tick, for drift checks (taskRecords.ts); a failure to record never fails the task. */
  private async recordDone(operationId: string, featureDir: string, gitRoot: string, key: string, task: Task, touched: string[]): Promise<void> {
    const emit = (event: AgentEvent) => this.options.bus.publish(operationId, event);
    try {
      const record = await recordTaskDone({
        featureDir, gitRoot, key: taskKeyOf(task), ...(task.id ? { id: task.id } : {}), title: task.description, requirementIds: task.requirements, operationId, touched,
      });
      if (record.commit) this.options.bus.annotate(operationId, { doneCommit: record.commit });
      emit({ kind: 'info', text: `Recorded ${task.id ?? key} as done${record.commit ? ` at ${record.commit.slice(0, 8)}` : ''} with ${record.files.length} file${record.files.length === 1 ? '' : 's'}: later changes to them are reported as drift.` });
    } catch (error) {
      emit({ kind: 'log', level: 'warn', text: `Could not record ${task.id ?? key} for drift checks: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private finish(operationId: string, key: string, status: OperationStatus, reason?: string, touched?: string[]): TaskOutcome {
    this.options.bus.setStatus(operationId, status, reason);
    const summary = this.options.bus.get(operationId) as OperationSummary | undefined;
    return { operationId, key, status: summary?.status ?? status, ...(reason === undefined ? {} : { reason }), ...(touched ? { touched } : {}) };
  }

  /**
   * A run succeeds when the agent says so and, where git can tell, changed something besides
   * tasks.md: an agent that only talked about the task has not done it.
   */
  private judge(outcome: AgentOutcome, signal: AbortSignal, name: string, touched: string[] | undefined, tasksRel: string | undefined): { status: OperationStatus; reason?: string } {
    if (signal.aborted || outcome.status === 'cancelled') return { status: 'cancelled', reason: 'Stopped.' };
    if (outcome.status === 'timedOut') return { status: 'timedOut', reason: outcome.reason };
    if (outcome.status === 'failed') return { status: 'failed', reason: outcome.reason };
    if (touched !== undefined && !touched.some((f) => f !== tasksRel && !IGNORED_CHANGES.test(f))) {
      return { status: 'failed', reason: `The agent finished without changing any file, so ${name} stays open.` };
    }
    return { status: 'succeeded' };
  }

  /**
   * Ticks the task (re-found in the current text: the agent may have edited tasks.md), then any
   * parent task whose sub-tasks are now all done. Each tick is one character.
   */
  private async tick(tasksPath: string, key: string, task: Task): Promise<boolean> {
    return this.locks.with(tasksPath, async () => {
      let doc = parseTasks(await this.tasksFile.read(tasksPath));
      let current = findTask(doc, key, task.description);
      if (!current) return false;
      let ticked = false;
      for (;;) {
        const text = await this.tasksFile.read(tasksPath);
        const edit = tickEdit(text, current.line, true);
        if (edit) {
          await this.tasksFile.apply(tasksPath, edit);
          ticked = true;
        }
        doc = parseTasks(await this.tasksFile.read(tasksPath));
        const parentIndex: number | undefined = doc.tasks.find((t) => t.line === current?.line)?.parentIndex;
        const parent = parentIndex === undefined ? undefined : doc.tasks[parentIndex];
        if (!parent || parent.done || !parent.childIndexes.every((i) => doc.tasks[i].done || doc.tasks[i].skipped)) return ticked;
        current = parent;
      }
    });
  }
}

function describeFiles(files: readonly string[]): string {
  const shown = files.slice(0, 5).join(', ');
  return files.length > 5 ? `${files.length} files (${shown}, …)` : `${files.length === 1 ? '' : `${files.length} files: `}${shown}`;
}
