import type { OperationSummary, ServerMessage } from '../../src/protocol';
import type { TaskBoard, UiState } from './types';

/** Request methods whose results the History view reads back from the state. */
const RUN_METHODS = new Set(['taskStatus', 'runTask', 'runAllReady', 'retry', 'skip', 'resumeRun', 'stopAll', 'listHistory', 'exportOperation', 'listVersions', 'diffVersions', 'impactedTasks']);
export const isRunMethod = (method: string): boolean => RUN_METHODS.has(method);

export function applyTasksMessage(state: UiState, msg: Extract<ServerMessage, { type: 'tasks' }>): UiState {
  const board: TaskBoard = { tasks: msg.tasks, ...(msg.run ? { run: msg.run } : {}) };
  return { ...state, taskBoards: { ...state.taskBoards, [msg.feature]: board } };
}

/** Keeps the latest result of each task or history request, with the id of the request it answered. */
export function withRunResult(state: UiState, method: string, requestId: string, result: unknown): UiState {
  return { ...state, runResults: { ...state.runResults, [method]: { requestId, result } } };
}

/** The History view's filters; undefined is "any". */
export interface HistoryFilter {
  feature?: string;
  kind?: OperationSummary['kind'];
  status?: OperationSummary['status'];
  agent?: string;
}

/** Past and running operations the host holds (journal included), newest first, narrowed by the filters. */
export function historyOf(state: UiState, filter: HistoryFilter): OperationSummary[] {
  return Object.values(state.operations)
    .filter((op) => filter.feature === undefined || op.feature === filter.feature)
    .filter((op) => filter.kind === undefined || op.kind === filter.kind)
    .filter((op) => filter.status === undefined || op.status === filter.status)
    .filter((op) => filter.agent === undefined || op.agent === filter.agent)
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** The values each filter can take: those that occur. */
export function historyFacets(state: UiState): { features: { path: string; name: string }[]; kinds: string[]; statuses: string[]; agents: string[] } {
  const ops = Object.values(state.operations);
  const features = new Map(ops.map((op) => [op.feature, op.featureName]));
  const uniq = (values: string[]) => [...new Set(values)].sort();
  return {
    features: [...features.entries()].map(([path, name]) => ({ path, name })).sort((a, b) => a.name.localeCompare(b.name)),
    kinds: uniq(ops.map((op) => op.kind)),
    statuses: uniq(ops.map((op) => op.status)),
    agents: uniq(ops.map((op) => op.agent)),
  };
}

/** Features with a live run, or with task statuses worth acting on (running, queued, failed). */
export function activeBoards(state: UiState): { feature: string; board: TaskBoard }[] {
  return Object.entries(state.taskBoards ?? {})
    .filter(([, b]) => (b.run && (b.run.state === 'running' || b.run.state === 'paused')) || b.tasks.some((t) => t.status !== 'done' && t.status !== 'skipped'))
    .map(([feature, board]) => ({ feature, board }));
}
