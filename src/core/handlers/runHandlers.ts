/**
 * Hub request handlers for running tasks and for the history: Run Task, Run All Ready Tasks,
 * Retry, Skip, Resume, Stop All, task statuses, the history list and exports. Deliberate refusals
 * of the services become protocol errors with their code.
 */
import { isAbsolute } from 'node:path';
import { checklistWarning, featureArtefacts } from '../features/artefacts';
import { HubError } from '../hub/errors';
import type { RequestHandlers } from '../hub/requests';
import type { OperationBus } from '../operations/bus';
import { exportOperation } from '../operations/journalExport';
import { exportThread } from '../refine/threadExport';
import { threadOf } from '../refine/thread';
import { TaskRunError } from '../tasks/taskRunner';
import type { TaskRunService } from '../tasks/taskRunService';
import { eventsOf, filterHistory, type ReadJournal } from './operationHistory';
import { guardWith } from './serviceErrors';

export interface RunHandlerDeps {
  tasks: TaskRunService;
  bus: OperationBus;
  readJournal?: ReadJournal;
  /** Saves an export where the user says (VS Code: a save dialog); absent: the client gets the content. */
  saveExport?: (fileName: string, content: string) => Promise<string | undefined>;
}

export type RunMethods = 'taskStatus' | 'runTask' | 'runAllReady' | 'retry' | 'skip' | 'resumeRun' | 'stopAll' | 'listHistory' | 'exportOperation';

export function runHandlers({ tasks, bus, readJournal, saveExport }: RunHandlerDeps): Pick<RequestHandlers, RunMethods> {
  return {
    taskStatus: (params) => guardTasks(() => tasks.status(feature(params.feature))),
    runTask: (params) => guardTasks(async () => {
      const { operationId } = await tasks.runTask(feature(params.feature), params.task, params.agent === undefined ? {} : { agent: params.agent });
      return { operationId };
    }),
    runAllReady: (params) => guardTasks(async () => {
      // spec-kit's implement gate, as VS Code's Run All asks and `specwright run --all-ready` warns.
      const warning = params.ignoreChecklists ? undefined : checklistWarning(await featureArtefacts(feature(params.feature)));
      if (warning) throw new HubError('checklists_incomplete', `${warning} Send runAllReady again with ignoreChecklists: true to run the tasks anyway.`);
      const { runId, waves } = await tasks.runAllReady(feature(params.feature), {
        ...(params.agent === undefined ? {} : { agent: params.agent }),
        ...(params.concurrency === undefined ? {} : { concurrency: params.concurrency }),
        ...(params.pauseEvery === undefined ? {} : { pauseEvery: params.pauseEvery }),
        ...(params.continueOnFailure === undefined ? {} : { continueOnFailure: params.continueOnFailure }),
      });
      return { runId, waves };
    }),
    retry: (params) => guardTasks(() => tasks.retry(feature(params.feature), params.task)),
    skip: (params) => guardTasks(async () => ({ skipped: await tasks.skip(feature(params.feature), params.task) })),
    resumeRun: (params) => guardTasks(async () => ({ resumed: await tasks.resume(feature(params.feature)) })),
    stopAll: (params) => guardTasks(async () => ({ stopped: await tasks.stopAll(params?.feature === undefined ? undefined : feature(params.feature)) })),
    listHistory: (params) => ({ operations: filterHistory(bus.list(), params ?? {}) }),
    exportOperation: async (params) => {
      const entry = await eventsOf(bus, params.operationId, readJournal);
      if (!entry) throw new HubError('not_found', `No operation ${params.operationId} in the history.`);
      // A turn of a refine thread: the whole thread (core/refine).
      const turns = threadOf(bus.list(), params.operationId);
      const thread = turns.length > 1 ? (await Promise.all(turns.map((t) => eventsOf(bus, t.id, readJournal)))).filter((t) => t !== undefined) : [];
      const exported = thread.length > 1 ? exportThread(thread, params.format) : exportOperation(entry.summary, entry.events, params.format);
      const savedTo = params.save && saveExport ? await saveExport(exported.fileName, exported.content) : undefined;
      return { ...exported, ...(savedTo ? { savedTo } : {}) };
    },
  };
}

/** For hubs (and tests) without task runs: every method answers `not_ready`. */
export function noRunHandlers(): Pick<RequestHandlers, RunMethods> {
  const unavailable = async (): Promise<never> => { throw new HubError('not_ready', 'Running tasks is not available in this host.'); };
  return {
    taskStatus: unavailable, runTask: unavailable, runAllReady: unavailable, retry: unavailable, skip: unavailable,
    resumeRun: unavailable, stopAll: unavailable, listHistory: unavailable, exportOperation: unavailable,
  };
}

const feature = (path: string): string => {
  if (!isAbsolute(path)) throw new HubError('invalid_params', `The feature must be an absolute folder path, got "${path}".`);
  return path;
};

const guardTasks = guardWith((error) => (error instanceof TaskRunError ? new HubError(error.code, error.message) : undefined));
