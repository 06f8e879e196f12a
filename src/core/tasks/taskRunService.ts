/**
 * The task use cases both shells call: Run Task, Run All Ready Tasks, Retry, Skip, Resume, Stop
 * All, and the statuses (queued / running / done / failed / skipped) that the CodeLens, the
 * Features view, the panel and the CLI show. Statuses come from the task operations on the bus
 * (so they survive a reload through the journal) with the live run laid over them.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { isTerminal, type OperationSummary, type TaskRun, type TaskState, type TaskStatusResult } from '../../protocol';
import { parseTasks } from '../features/tasks';
import type { OperationBus } from '../operations/bus';
import { toDisposable, type Disposable } from '../util/disposable';
import { buildTaskGraph, type TaskGraph } from './graph';
import { RunScheduler, type RunSettings } from './scheduler';
import { findTask, graphKeyOf } from './taskLookup';
import { TaskRunError, type TaskOutcome, type TaskRunner } from './taskRunner';
import { nodeTasksFile, type TasksFilePort } from './tasksFile';
import { planWaves } from './waves';

export interface TaskRunServiceOptions {
  runner: TaskRunner;
  bus: OperationBus;
  /** Defaults for Run All Ready Tasks (the settings); a request may override each. */
  defaults: () => RunSettings;
  tasksFile?: TasksFilePort;
  newId?: () => string;
  now?: () => number;
}

export interface RunAllHandle {
  runId: string;
  waves: string[][];
  /** Settles when the run is over (finished, failed or stopped); a paused run has not ended. */
  done: Promise<TaskRun>;
}

/** Problems that make Run All refuse to start: it could not order the tasks. */
const BLOCKING = new Set(['cycle', 'unknownTask']);

export class TaskRunService implements Disposable {
  private readonly runs = new Map<string, RunScheduler>();
  /** Skips outside a live run (and of ended runs), per feature: key → when. */
  private readonly skips = new Map<string, Map<string, number>>();
  private readonly listeners = new Set<(feature: string) => void>();
  private readonly tasksFile: TasksFilePort;
  private readonly busListener: Disposable;
  private readonly now: () => number;

  constructor(private readonly options: TaskRunServiceOptions) {
    this.tasksFile = options.tasksFile ?? nodeTasksFile;
    this.now = options.now ?? Date.now;
    this.busListener = options.bus.onOperation((summary) => {
      if (summary.kind !== 'task') return;
      if (isTerminal(summary.status)) for (const run of this.runs.values()) if (run.featureDir === summary.feature && !run.isOver) run.poke();
      this.changed(summary.feature);
    });
  }

  /** Run Task: one task as one operation. */
  async runTask(featureDir: string, task: string, options: { agent?: string; userPrompt?: string } = {}): Promise<{ operationId: string; done: Promise<TaskOutcome> }> {
    const feature = resolve(featureDir);
    const { operationId, key, done } = await this.options.runner.start({ featureDir: feature, task, ...options });
    this.skips.get(feature)?.delete(key);
    return { operationId, done };
  }

  /** Run All Ready Tasks: refuses a second run of the same feature and a task list it cannot order. */
  async runAllReady(featureDir: string, overrides: Partial<RunSettings> = {}): Promise<RunAllHandle> {
    const feature = resolve(featureDir);
    const current = this.runs.get(feature);
    if (current && !current.isOver) throw new TaskRunError('busy', `Tasks of ${feature} are already running (${current.runState}). Stop them first, or resume.`);
    const graph = await this.graphOf(feature);
    const blocking = graph.problems.filter((p) => BLOCKING.has(p.code));
    if (blocking.length) throw new TaskRunError('invalid_params', `tasks.md cannot be ordered: ${blocking.map((p) => `line ${p.line + 1}: ${p.message}`).join(' ')}`);
    const waves = planWaves(graph);
    if (!waves.length) throw new TaskRunError('invalid_params', 'No task is ready to run: every task is ticked or skipped.');
    const defaults = this.options.defaults();
    const settings: RunSettings = {
      concurrency: Math.max(1, Math.floor(overrides.concurrency ?? defaults.concurrency)),
      continueOnFailure: overrides.continueOnFailure ?? defaults.continueOnFailure,
      pauseEvery: Math.max(0, Math.floor(overrides.pauseEvery ?? defaults.pauseEvery)),
      ...((overrides.agent ?? defaults.agent) ? { agent: overrides.agent ?? defaults.agent } : {}),
    };
    const runId = (this.options.newId ?? randomUUID)();
    const run: RunScheduler = new RunScheduler(runId, feature, settings, {
      loadGraph: () => this.graphOf(feature),
      startTask: async (key) => {
        const { operationId, done } = await this.options.runner.start({ featureDir: feature, task: key, runId, ...(settings.agent ? { agent: settings.agent } : {}) });
        return { operationId, done };
      },
      cancel: (operationId) => this.options.runner.cancel(operationId),
      onChange: () => this.changed(feature),
      now: this.now,
    });
    this.runs.set(feature, run);
    await run.start();
    return { runId, waves, done: run.whenEnded().then(() => run.info()) };
  }

  /** Retry: queues a failed task again in its run, or runs it on its own. */
  async retry(featureDir: string, task: string, options: { agent?: string } = {}): Promise<{ operationId?: string; queued: boolean }> {
    const feature = resolve(featureDir);
    const run = this.runs.get(feature);
    const key = await this.keyOf(feature, task);
    if (run && !run.isOver && run.has(key) && (await run.retry(key))) return { queued: true };
    const { operationId } = await this.runTask(feature, key, options);
    return { operationId, queued: false };
  }

  /** Skip: the run moves past the task (its dependants may run); tasks.md is not changed. */
  async skip(featureDir: string, task: string): Promise<boolean> {
    const feature = resolve(featureDir);
    const key = await this.keyOf(feature, task);
    const run = this.runs.get(feature);
    const inRun = run && !run.isOver && run.has(key) ? await run.skip(key) : false;
    if (!inRun) {
      const running = this.options.runner.runningOf(feature).find((r) => r.key === key);
      if (running) this.options.runner.cancel(running.operationId);
    }
    let skips = this.skips.get(feature);
    if (!skips) this.skips.set(feature, (skips = new Map()));
    skips.set(key, this.now());
    this.changed(feature);
    return true;
  }

  /** Cancels a running task operation by id (the panel's Cancel); false when it is not one. */
  cancelOperation(operationId: string): boolean {
    return this.options.runner.cancel(operationId);
  }

  /** Stops one running task (in a run, that counts as its failure: Retry or Skip it). */
  async stopTask(featureDir: string, task: string): Promise<boolean> {
    const feature = resolve(featureDir);
    const key = await this.keyOf(feature, task);
    const running = this.options.runner.runningOf(feature).find((r) => r.key === key);
    return running ? this.options.runner.cancel(running.operationId) : false;
  }

  async resume(featureDir: string): Promise<boolean> {
    return (await this.runs.get(resolve(featureDir))?.resume()) ?? false;
  }

  /**
   * Stops every run (of one feature, or all) and every running task; resolves when they have all
   * ended, their processes included. Returns how many runs and task operations were stopped.
   */
  async stopAll(featureDir?: string): Promise<number> {
    const feature = featureDir === undefined ? undefined : resolve(featureDir);
    const runs = [...this.runs.values()].filter((r) => !r.isOver && (feature === undefined || r.featureDir === feature));
    const running = feature === undefined ? this.options.runner.size : this.options.runner.runningOf(feature).length;
    await Promise.all(runs.map((r) => r.stop()));
    await this.options.runner.cancelAll(feature);
    return runs.length + running;
  }

  /** The live (or last) run of a feature. */
  runOf(featureDir: string): TaskRun | undefined {
    return this.runs.get(resolve(featureDir))?.info();
  }

  /** Statuses without reading the file: what the push message and the CodeLens need. */
  board(featureDir: string): { tasks: TaskState[]; run?: TaskRun } {
    const feature = resolve(featureDir);
    const states = new Map<string, TaskState & { at: number }>();
    const ops = this.options.bus.list().filter((op) => op.kind === 'task' && op.task && op.feature === feature).reverse();
    for (const op of ops) {
      const state = stateOfOperation(op);
      const key = op.task?.key as string;
      if (state) states.set(key, { ...state, at: op.createdAt });
      else states.delete(key);
    }
    for (const [key, at] of this.skips.get(feature) ?? []) {
      const existing = states.get(key);
      if (existing && existing.at > at) continue;
      states.set(key, { key, line: existing?.line ?? lineOfKey(key), title: existing?.title ?? '', status: 'skipped', reason: 'Skipped by the user.', at, ...(existing?.id ? { id: existing.id } : {}) });
    }
    const run = this.runs.get(feature);
    if (run && !run.isOver) for (const state of run.tasks()) states.set(state.key, { ...state, at: Number.MAX_SAFE_INTEGER });
    const tasks = [...states.values()].map(({ at: _at, ...state }) => state).sort((a, b) => a.line - b.line);
    return { tasks, ...(run ? { run: run.info() } : {}) };
  }

  /** Statuses, the waves of the open tasks and the problems of the plan of work. */
  async status(featureDir: string): Promise<TaskStatusResult> {
    const feature = resolve(featureDir);
    let graph: TaskGraph | undefined;
    try {
      graph = await this.graphOf(feature);
    } catch {
      graph = undefined;
    }
    const { tasks, run } = this.board(feature);
    if (graph) for (const t of tasks) if (!t.title) t.title = graph.nodes.get(t.key)?.task.description ?? '';
    return { feature, tasks, ...(run ? { run } : {}), waves: graph ? planWaves(graph) : [], problems: graph?.problems ?? [] };
  }

  /** Fires with the feature folder whenever a status or a run of it changed. */
  onChange(listener: (feature: string) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  dispose(): void {
    this.busListener.dispose();
    for (const run of this.runs.values()) void run.stop();
    this.listeners.clear();
  }

  private async graphOf(feature: string): Promise<TaskGraph> {
    let text: string;
    try {
      text = await this.tasksFile.read(join(feature, 'tasks.md'));
    } catch {
      throw new TaskRunError('not_found', `${feature} has no tasks.md yet. Generate the tasks first.`);
    }
    return buildTaskGraph(parseTasks(text));
  }

  /** The graph key of what a client named (T012, t012, line:4, 2.1). */
  private async keyOf(feature: string, task: string): Promise<string> {
    const text = await this.tasksFile.read(join(feature, 'tasks.md')).catch(() => undefined);
    if (text === undefined) throw new TaskRunError('not_found', `${feature} has no tasks.md.`);
    const doc = parseTasks(text);
    const found = findTask(doc, task);
    if (!found) throw new TaskRunError('not_found', `tasks.md has no task ${task}.`);
    return graphKeyOf(buildTaskGraph(doc), found);
  }

  private changed(feature: string): void {
    for (const listener of this.listeners) {
      try {
        listener(feature);
      } catch {
        // A broken listener must not stop a run.
      }
    }
  }
}

function stateOfOperation(op: OperationSummary): TaskState | undefined {
  const task = op.task;
  if (!task) return undefined;
  const base = { key: task.key, line: task.line, title: task.title, operationId: op.id, ...(task.id === undefined ? {} : { id: task.id }) };
  switch (op.status) {
    case 'queued':
    case 'running': return { ...base, status: 'running' };
    case 'succeeded': return { ...base, status: 'done' };
    case 'failed':
    case 'timedOut': return { ...base, status: 'failed', ...(op.reason ? { reason: op.reason } : {}) };
    case 'cancelled': return undefined;
  }
}

const lineOfKey = (key: string): number => Number(/^line:(\d+)$/.exec(key)?.[1] ?? 0);
