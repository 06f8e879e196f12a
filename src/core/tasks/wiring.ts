/**
 * Wires task runs and the journal into the core (kept out of app/specwright.ts so the composition
 * root stays a list of parts): the task runner and its service, the journal attached to the bus
 * and loaded back onto it, and the `tasks` push message every client gets when statuses change.
 */
import type { ServerMessage } from '../../protocol';
import type { Agent } from '../ports/agent';
import { GenerationError } from '../features/generationService';
import type { OperationBus } from '../operations/bus';
import { DEFAULT_RETENTION, Journal } from '../operations/journal';
import { journalDirOf, type JournalEntry } from '../operations/journalFormat';
import type { CoreSettings } from '../settings/coreSettings';
import type { Disposable } from '../util/disposable';
import { TaskRunError, TaskRunner } from './taskRunner';
import { TaskRunService } from './taskRunService';
import type { TasksFilePort } from './tasksFile';

export interface TaskWiringDeps {
  bus: OperationBus;
  roots: () => string[];
  rootOf: (featureDir: string) => string;
  settings: () => CoreSettings;
  isTrusted: () => boolean;
  resolveAgent: (id: string | undefined) => Promise<Agent | undefined>;
  log: (message: string) => void;
  /** How task ticks reach tasks.md (VS Code: the open document); the disk by default. */
  tasksFile?: TasksFilePort;
  /** false: operations are not written to disk (and none are loaded). */
  journal?: boolean;
  /** Sends a message to every client (the hub exists after this is wired, hence a function). */
  broadcast: (message: ServerMessage) => void;
}

export interface TaskWiring extends Disposable {
  runner: TaskRunner;
  tasks: TaskRunService;
  journal: Journal;
  /** Settles, with how many operations came back, once the journal is loaded onto the bus. */
  historyLoaded: Promise<number>;
  /** One operation from the journal of any workspace folder. */
  readJournal(operationId: string): Promise<JournalEntry | undefined>;
}

export function wireTasks(deps: TaskWiringDeps): TaskWiring {
  const runner = new TaskRunner({
    bus: deps.bus,
    workspaceRootFor: deps.rootOf,
    resolveAgent: async (id) => {
      try {
        return await deps.resolveAgent(id);
      } catch (error) {
        if (error instanceof GenerationError) throw new TaskRunError(error.code, error.message);
        throw error;
      }
    },
    isTrusted: deps.isTrusted,
    timeoutMs: () => deps.settings().timeoutMinutes * 60_000,
    ...(deps.tasksFile ? { tasksFile: deps.tasksFile } : {}),
  });
  const tasks = new TaskRunService({
    runner,
    bus: deps.bus,
    defaults: () => {
      const s = deps.settings();
      return { concurrency: s.taskConcurrency ?? 1, continueOnFailure: s.taskContinueOnFailure ?? false, pauseEvery: s.taskPauseEvery ?? 0 };
    },
    ...(deps.tasksFile ? { tasksFile: deps.tasksFile } : {}),
  });
  const enabled = deps.journal !== false;
  const journal = new Journal({
    dirOf: (summary) => journalDirOf(deps.rootOf(summary.feature)),
    retention: () => {
      const s = deps.settings();
      return { maxOperations: s.journalMaxOperations ?? DEFAULT_RETENTION.maxOperations, maxAgeDays: s.journalMaxAgeDays ?? DEFAULT_RETENTION.maxAgeDays };
    },
    log: deps.log,
  });
  const attached = enabled ? journal.attach(deps.bus) : undefined;
  const dirs = () => [...new Set(deps.roots().map(journalDirOf))];
  const historyLoaded = enabled
    ? Promise.all(dirs().map((dir) => journal.load(dir))).then(
      (lists) => deps.bus.restore(lists.flat()),
      (error: unknown) => {
        deps.log(`journal: could not load the history: ${String(error)}`);
        return 0;
      },
    )
    : Promise.resolve(0);
  const changes = tasks.onChange((feature) => deps.broadcast({ type: 'tasks', feature, ...tasks.board(feature) }));
  return {
    runner,
    tasks,
    journal,
    historyLoaded,
    async readJournal(operationId) {
      for (const dir of dirs()) {
        const entry = await journal.read(dir, operationId).catch(() => undefined);
        if (entry) return entry;
      }
      return undefined;
    },
    dispose() {
      changes.dispose();
      tasks.dispose();
      void runner.cancelAll();
      attached?.dispose();
      journal.dispose();
    },
  };
}
