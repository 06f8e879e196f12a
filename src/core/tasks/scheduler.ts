/**
 * Run All Ready Tasks for one feature: starts every task whose dependencies are done, up to
 * `concurrency` at a time and never two that name the same file, re-reading tasks.md after each
 * task (its tick is what makes the next ones ready). After a failure it stops starting tasks and
 * pauses for Retry or Skip (default), or carries on with the tasks that do not depend on the
 * failed one; after every `pauseEvery` finished tasks it pauses for review until resumed. Stop
 * cancels the running tasks and waits until they have ended.
 */
import type { TaskRun, TaskRunState, TaskRunStatus, TaskState } from '../../protocol';
import type { TaskGraph, TaskNode } from './graph';
import { TaskRunError, type TaskOutcome } from './taskRunner';
import { isSatisfied, openTasks, sharesFile } from './waves';

export interface RunSettings {
  concurrency: number;
  continueOnFailure: boolean;
  /** Pause for review after this many finished tasks; 0: never. */
  pauseEvery: number;
  agent?: string;
}

export interface SchedulerPorts {
  /** tasks.md as it is now. */
  loadGraph(): Promise<TaskGraph>;
  /** Starts one task (throws when it cannot start now); `done` settles when it has ended. */
  startTask(key: string): Promise<{ operationId: string; done: Promise<TaskOutcome> }>;
  cancel(operationId: string): void;
  /** Statuses or the run's state changed. */
  onChange(): void;
  now?: () => number;
}

interface Entry {
  status: TaskRunStatus;
  node: TaskNode;
  reason?: string;
  operationId?: string;
}

export class RunScheduler {
  private state: TaskRunState = 'running';
  private pauseReason: TaskRun['pauseReason'];
  private readonly entries = new Map<string, Entry>();
  private readonly active = new Map<string, string>();
  private readonly activeDone = new Set<Promise<unknown>>();
  private readonly failed = new Set<string>();
  private readonly skipped = new Set<string>();
  private finishedSinceResume = 0;
  private pumping = false;
  private pumpAgain = false;
  private readonly startedAt: number;
  private endedAt?: number;
  private total = 0;
  private readonly ended: Promise<void>;
  private resolveEnded!: () => void;
  private readonly now: () => number;

  constructor(readonly id: string, readonly featureDir: string, readonly settings: RunSettings, private readonly ports: SchedulerPorts) {
    this.now = ports.now ?? Date.now;
    this.startedAt = this.now();
    this.ended = new Promise((resolve) => { this.resolveEnded = resolve; });
  }

  /** Queues every open task and starts the first wave. */
  async start(): Promise<void> {
    const graph = await this.ports.loadGraph();
    for (const key of openTasks(graph)) this.entries.set(key, { status: 'queued', node: graph.nodes.get(key) as TaskNode });
    this.total = this.entries.size;
    this.ports.onChange();
    await this.pump();
  }

  /** Settles when the run has finished, failed for good, or was stopped (not while paused). */
  whenEnded(): Promise<void> {
    return this.ended;
  }

  get isOver(): boolean {
    return this.state === 'finished' || this.state === 'failed' || this.state === 'stopped';
  }

  get runState(): TaskRunState {
    return this.state;
  }

  info(): TaskRun {
    const count = (status: TaskRunStatus) => [...this.entries.values()].filter((e) => e.status === status).length;
    return {
      id: this.id, feature: this.featureDir, state: this.state,
      ...(this.pauseReason && this.state === 'paused' ? { pauseReason: this.pauseReason } : {}),
      concurrency: this.settings.concurrency, continueOnFailure: this.settings.continueOnFailure, pauseEvery: this.settings.pauseEvery,
      ...(this.settings.agent ? { agent: this.settings.agent } : {}),
      done: count('done'), failed: count('failed'), skipped: count('skipped'), total: this.total,
      startedAt: this.startedAt, ...(this.endedAt === undefined ? {} : { endedAt: this.endedAt }),
    };
  }

  /** The run's tasks with their statuses, in document order. */
  tasks(): TaskState[] {
    return [...this.entries.entries()].map(([key, e]) => ({
      key, line: e.node.task.line, title: e.node.task.description, status: e.status,
      ...(e.node.task.id === undefined ? {} : { id: e.node.task.id }),
      ...(e.reason === undefined ? {} : { reason: e.reason }),
      ...(e.operationId === undefined ? {} : { operationId: e.operationId }),
    })).sort((a, b) => a.line - b.line);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Continues after a review pause (or a failure pause whose failures were all retried or skipped). */
  async resume(): Promise<boolean> {
    if (this.state !== 'paused') return false;
    if (this.pauseReason === 'failure' && !this.settings.continueOnFailure && this.failed.size > 0) return false;
    this.state = 'running';
    this.pauseReason = undefined;
    this.finishedSinceResume = 0;
    this.ports.onChange();
    await this.pump();
    return true;
  }

  /** Queues a failed task again; a run paused only by failures goes on. */
  async retry(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry || this.isOver || entry.status !== 'failed') return false;
    this.failed.delete(key);
    entry.status = 'queued';
    delete entry.reason;
    await this.afterDecision();
    return true;
  }

  /** Moves past a queued or failed task (its dependants may run); a running one is stopped first. */
  async skip(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry || this.isOver || entry.status === 'done' || entry.status === 'skipped') return false;
    const operationId = this.active.get(key);
    this.skipped.add(key);
    this.failed.delete(key);
    entry.status = 'skipped';
    entry.reason = 'Skipped by the user.';
    if (operationId) this.ports.cancel(operationId);
    await this.afterDecision();
    return true;
  }

  /** Stops starting tasks, cancels the running ones and resolves once they have all ended. */
  async stop(): Promise<void> {
    if (this.isOver) return;
    this.state = 'stopped';
    for (const operationId of this.active.values()) this.ports.cancel(operationId);
    await Promise.allSettled([...this.activeDone]);
    this.end('stopped');
  }

  /** Something outside the run changed (another task ended, the file was edited): look again. */
  poke(): void {
    void this.pump();
  }

  private async afterDecision(): Promise<void> {
    if (this.state === 'paused' && this.pauseReason === 'failure' && (this.settings.continueOnFailure || this.failed.size === 0)) {
      this.state = 'running';
      this.pauseReason = undefined;
    }
    this.ports.onChange();
    await this.pump();
  }

  /** Starts what may start; decides whether the run pauses or is over. One pump at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.pumpOnce();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private async pumpOnce(): Promise<void> {
    if (this.state !== 'running') return;
    const graph = await this.ports.loadGraph();
    this.refreshFromFile(graph);
    const halted = !this.settings.continueOnFailure && this.failed.size > 0;
    const reviewDue = this.settings.pauseEvery > 0 && this.finishedSinceResume + this.active.size >= this.settings.pauseEvery;
    let started = 0;
    if (!halted && !reviewDue) {
      for (const key of this.readyKeys(graph)) {
        if (this.state !== 'running' || this.active.size >= this.settings.concurrency) break;
        if (this.settings.pauseEvery > 0 && this.finishedSinceResume + this.active.size >= this.settings.pauseEvery) break;
        const node = graph.nodes.get(key) as TaskNode;
        if ([...this.active.keys()].some((other) => sharesFile(node, graph.nodes.get(other) as TaskNode))) continue;
        if (await this.launch(key, node)) started += 1;
      }
    }
    if (this.active.size > 0 || started > 0 || this.state !== 'running') return;
    if (halted) return this.pause('failure');
    if (reviewDue && this.readyKeys(graph).length > 0) return this.pause('review');
    if (this.readyKeys(graph).length > 0) return;
    this.end(this.failed.size > 0 || [...this.entries.values()].some((e) => e.status === 'queued') ? 'failed' : 'finished');
  }

  /** Open tasks of this run whose dependencies are all done or skipped, in document order. */
  private readyKeys(graph: TaskGraph): string[] {
    return openTasks(graph).filter((key) => {
      const entry = this.entries.get(key);
      if (!entry || entry.status !== 'queued' || this.active.has(key)) return false;
      return (graph.nodes.get(key) as TaskNode).deps.every((d) => isSatisfied(graph, d, this.skipped));
    });
  }

  /** Tasks ticked in the file meanwhile (by this run, by hand, by another run) count as done. */
  private refreshFromFile(graph: TaskGraph): void {
    let changed = false;
    for (const [key, entry] of this.entries) {
      const node = graph.nodes.get(key);
      if (node) entry.node = node;
      if (node?.closed && entry.status === 'queued') {
        entry.status = node.task.skipped ? 'skipped' : 'done';
        changed = true;
      }
      if (entry.status === 'queued') {
        const failedDep = node?.deps.find((d) => this.failed.has(d));
        const reason = failedDep ? `Waits for ${graph.nodes.get(failedDep)?.task.id ?? failedDep}, which failed.` : undefined;
        if (reason !== entry.reason) {
          if (reason) entry.reason = reason;
          else delete entry.reason;
          changed = true;
        }
      }
    }
    if (changed) this.ports.onChange();
  }

  private async launch(key: string, node: TaskNode): Promise<boolean> {
    const entry = this.entries.get(key) as Entry;
    let handle: { operationId: string; done: Promise<TaskOutcome> };
    try {
      handle = await this.ports.startTask(key);
    } catch (error) {
      // Busy (the same task, or one naming the same file, runs outside this run): try again when that ends.
      if (error instanceof TaskRunError && error.code === 'busy') return false;
      entry.status = 'failed';
      entry.reason = error instanceof Error ? error.message : String(error);
      this.failed.add(key);
      this.ports.onChange();
      return false;
    }
    entry.node = node;
    entry.status = 'running';
    entry.operationId = handle.operationId;
    delete entry.reason;
    this.active.set(key, handle.operationId);
    const done = handle.done.then(
      (outcome) => this.settle(key, outcome),
      (error: unknown) => this.settle(key, { operationId: handle.operationId, key, status: 'failed', reason: String(error) }),
    );
    this.activeDone.add(done);
    void done.finally(() => this.activeDone.delete(done));
    this.ports.onChange();
    return true;
  }

  private async settle(key: string, outcome: TaskOutcome): Promise<void> {
    this.active.delete(key);
    const entry = this.entries.get(key) as Entry;
    if (entry.status === 'skipped') {
      // Skipped while running: the skip stands, whatever the cancelled run says.
    } else if (outcome.status === 'succeeded') {
      entry.status = 'done';
      this.finishedSinceResume += 1;
    } else if (this.state === 'stopped') {
      // Stopped by the user: not a failure of the task, just no status.
      this.entries.delete(key);
    } else {
      entry.status = 'failed';
      entry.reason = outcome.reason ?? outcome.status;
      this.failed.add(key);
    }
    this.ports.onChange();
    await this.pump();
  }

  private pause(reason: 'review' | 'failure'): void {
    this.state = 'paused';
    this.pauseReason = reason;
    this.ports.onChange();
  }

  private end(state: 'finished' | 'failed' | 'stopped'): void {
    if (this.endedAt !== undefined) return;
    this.state = state;
    this.endedAt = this.now();
    // Tasks the run never got to are no longer queued.
    for (const [key, entry] of this.entries) if (entry.status === 'queued' || entry.status === 'running') this.entries.delete(key);
    this.ports.onChange();
    this.resolveEnded();
  }
}
