import { isTerminal, type OperationStatus, type OperationSummary } from '../../src/protocol';
import type { Timeline } from './timeline';
import type { UiState } from './types';

export const isActive = (status: OperationStatus): boolean => !isTerminal(status);

/** Newest first. */
export function operationList(state: UiState): OperationSummary[] {
  return Object.values(state.operations).sort((a, b) => b.createdAt - a.createdAt);
}

/** The selected operation, else the newest running one, else the newest one. */
export function currentOperationId(state: UiState): string | undefined {
  const selected = state.selectedOperationId;
  if (selected && (state.operations[selected] || state.timelines[selected])) return selected;
  const list = operationList(state);
  return (list.find((op) => isActive(op.status)) ?? list[0])?.id;
}

export function currentOperation(state: UiState): OperationSummary | undefined {
  const id = currentOperationId(state);
  return id === undefined ? undefined : state.operations[id];
}

export function currentTimeline(state: UiState): Timeline | undefined {
  const id = currentOperationId(state);
  return id === undefined ? undefined : state.timelines[id];
}

/** The feature the prompt box generates for: the user's pick, else the host's preselection, else the first. */
export function effectiveFeature(state: UiState): string | undefined {
  const has = (path: string | undefined) => path !== undefined && state.features.some((f) => f.path === path);
  if (has(state.draft.feature)) return state.draft.feature;
  if (has(state.selectedFeature)) return state.selectedFeature;
  return state.features[0]?.path;
}

export function effectiveAgent(state: UiState): string | undefined {
  const { agent } = state.draft;
  if (agent !== undefined && (agent === 'auto' || state.agents.some((a) => a.id === agent))) return agent;
  return state.defaultAgent ?? state.agents.find((a) => a.available)?.id;
}

export function pendingRequest(state: UiState, method: string): boolean {
  return Object.values(state.pending).some((r) => r.method === method);
}

/** Why Generate is disabled, or undefined when it is enabled. */
export function generateBlocker(state: UiState): string | undefined {
  if (!state.trusted && state.welcomed) return 'Agents do not run in an untrusted workspace. Trust the workspace to generate documents.';
  if (state.connection !== 'connected') return 'Not connected to Specwright.';
  if (!state.welcomed) return 'Connecting…';
  if (!effectiveFeature(state)) return 'No feature folder to generate for.';
  if (pendingRequest(state, 'generate')) return 'Starting…';
  if (!state.draft.prompt.trim()) return 'Describe the feature first.';
  return undefined;
}

/** Where to pick up each operation we hold events of, after a reload or a reconnect. */
export function resumePoints(state: UiState): { operationId: string; afterSeq: number }[] {
  return Object.entries(state.timelines)
    .filter(([, t]) => t.lastSeq > 0)
    .map(([operationId, t]) => ({ operationId, afterSeq: t.lastSeq }));
}
