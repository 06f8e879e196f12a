import { GenerateParams, GenerateResult, type OperationSummary, type ServerMessage, type Snapshot } from '../../src/protocol';
import { applyGitHubMessage, isGitHubMethod, withGitHubResult } from './github';
import { currentOperation, isActive } from './selectors';
import { applyTasksMessage, isRunMethod, withRunResult } from './taskRuns';
import { addEntries, emptyTimeline, type Timeline, type TimelineEntry } from './timeline';
import type { StreamMessage, UiAction, UiState } from './types';

export const initialState: UiState = {
  connection: 'idle',
  welcomed: false,
  trusted: true,
  features: [],
  agents: [],
  operations: {},
  timelines: {},
  pending: {},
  draft: { prompt: '' },
  presence: 0,
};

type Handler<T extends ServerMessage['type']> = (state: UiState, msg: Extract<ServerMessage, { type: T }>, now: number) => UiState;
type HandlerTable = { [T in ServerMessage['type']]: Handler<T> };

function applySnapshot(state: UiState, snapshot: Snapshot): UiState {
  const operations: Record<string, OperationSummary> = {};
  for (const op of snapshot.operations) operations[op.id] = op;
  // Events of operations the host no longer knows (it restarted) would be stale: drop them.
  const timelines: Record<string, Timeline> = {};
  for (const [id, t] of Object.entries(state.timelines)) if (operations[id]) timelines[id] = t;
  const selectedOperationId = state.selectedOperationId && operations[state.selectedOperationId] ? state.selectedOperationId : undefined;
  // A new preselection from the host (the user right-clicked a folder) wins over the earlier pick.
  const preselected = snapshot.selectedFeature !== undefined && snapshot.selectedFeature !== state.selectedFeature;
  const draft = preselected ? { ...state.draft, feature: undefined } : state.draft;
  return {
    ...state,
    welcomed: true,
    operations,
    timelines,
    selectedOperationId,
    features: snapshot.features,
    agents: snapshot.agents,
    defaultAgent: snapshot.defaultAgent,
    selectedFeature: snapshot.selectedFeature,
    trusted: snapshot.trusted,
    github: snapshot.github,
    draft,
  };
}

/** The messages that only add to an operation's timeline, and so can be folded in as one batch. */
export const isStreamMessage = (message: ServerMessage): message is StreamMessage => message.type === 'event' || message.type === 'gap';

const toEntry = (msg: StreamMessage): TimelineEntry =>
  msg.type === 'event'
    ? { kind: 'event', seq: msg.seq, at: msg.at, event: msg.event }
    : { kind: 'gap', seq: msg.fromSeq, missed: msg.missed, fromSeq: msg.fromSeq, toSeq: msg.toSeq };

/**
 * Folds a run of event and gap messages: one batch per operation, so the timeline's arrays are
 * copied once per run, not once per event. Same result as applying them one by one.
 */
export function applyStreamMessages(state: UiState, messages: readonly StreamMessage[]): UiState {
  const byOperation = new Map<string, TimelineEntry[]>();
  for (const msg of messages) {
    const list = byOperation.get(msg.operationId);
    if (list) list.push(toEntry(msg));
    else byOperation.set(msg.operationId, [toEntry(msg)]);
  }
  let timelines = state.timelines;
  for (const [operationId, entries] of byOperation) {
    const before = timelines[operationId] ?? emptyTimeline;
    const after = addEntries(before, entries);
    if (after !== before) timelines = { ...timelines, [operationId]: after };
  }
  return timelines === state.timelines ? state : { ...state, timelines };
}

const server: HandlerTable = {
  welcome: (state, msg) => ({ ...applySnapshot(state, msg.snapshot), clientId: msg.clientId, hostError: undefined }),
  snapshot: (state, msg) => applySnapshot(state, msg.snapshot),
  operation: (state, msg) => {
    const known = state.operations[msg.summary.id] !== undefined;
    const operations = { ...state.operations, [msg.summary.id]: msg.summary };
    // A new run (from here, a command or another client) comes to the front, unless the user
    // is watching another one that is still running.
    const current = currentOperation(state);
    const follow = !known && isActive(msg.summary.status) && !(current && isActive(current.status));
    return { ...state, operations, selectedOperationId: follow ? undefined : state.selectedOperationId };
  },
  event: (state, msg) => applyStreamMessages(state, [msg]),
  gap: (state, msg) => applyStreamMessages(state, [msg]),
  finished: (state, msg, now) => {
    const op = state.operations[msg.operationId];
    if (!op) return state;
    const summary: OperationSummary = {
      ...op,
      status: msg.status,
      reason: msg.reason ?? op.reason,
      endedAt: op.endedAt ?? now,
      lastSeq: Math.max(op.lastSeq, msg.lastSeq),
    };
    return { ...state, operations: { ...state.operations, [op.id]: summary } };
  },
  response: (state, msg) => {
    const request = state.pending[msg.id];
    if (!request) return state;
    const { [msg.id]: _done, ...pending } = state.pending;
    const next: UiState = { ...state, pending };
    if (!msg.ok) {
      const error = msg.error ?? { code: 'internal' as const, message: `${request.method} failed.` };
      return { ...next, requestError: { id: msg.id, method: request.method, ...error } };
    }
    const cleared = state.requestError?.method === request.method ? undefined : state.requestError;
    if (isGitHubMethod(request.method)) return withGitHubResult({ ...next, requestError: cleared }, request.method, msg.result);
    if (isRunMethod(request.method)) return withRunResult({ ...next, requestError: cleared }, request.method, msg.id, msg.result);
    if (request.method !== 'generate') return { ...next, requestError: cleared };
    const result = GenerateResult.safeParse(msg.result);
    const params = GenerateParams.safeParse(request.params);
    // The prompt went out: clear it, unless the user already started typing the next one.
    const sentPrompt = params.success ? params.data.prompt : undefined;
    const draft = sentPrompt !== undefined && sentPrompt === state.draft.prompt ? { ...state.draft, prompt: '' } : state.draft;
    return {
      ...next,
      requestError: cleared,
      draft,
      selectedOperationId: result.success ? result.data.operationId : state.selectedOperationId,
    };
  },
  presence: (state, msg) => ({ ...state, presence: msg.clients }),
  pong: (state) => state,
  error: (state, msg) => ({ ...state, hostError: { code: msg.code, message: msg.message } }),
  github: applyGitHubMessage,
  tasks: applyTasksMessage,
  showCompare: (state, msg, now) => ({
    ...state,
    compareTarget: { feature: msg.feature, document: msg.document, ...(msg.from ? { from: msg.from } : {}), ...(msg.to ? { to: msg.to } : {}), at: now },
  }),
};

export function applyServerMessage(state: UiState, message: ServerMessage, now: number): UiState {
  // The table is keyed by the message's own type, so each handler gets the message it expects.
  const handler = server[message.type] as (state: UiState, msg: ServerMessage, now: number) => UiState;
  return handler(state, message, now);
}

/** Pure: turns server messages and user intents into the next UI state. */
export function reducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'server':
      return applyServerMessage(state, action.message, action.now);
    case 'stream':
      return applyStreamMessages(state, action.messages);
    case 'connection':
      return { ...state, connection: action.state };
    case 'select':
      return { ...state, selectedOperationId: action.operationId };
    case 'draft':
      return { ...state, draft: { ...state.draft, ...action.patch } };
    case 'requestSent': {
      const { request } = action;
      const requestError = state.requestError?.method === request.method ? undefined : state.requestError;
      return { ...state, pending: { ...state.pending, [request.id]: request }, requestError };
    }
    case 'dismissError':
      return { ...state, requestError: undefined, hostError: undefined };
    case 'restore':
      return { ...state, ...action.state };
  }
}

/** Folds a sequence of server messages (handy for tests and replays). */
export function reduceMessages(messages: readonly ServerMessage[], state: UiState = initialState, now = 0): UiState {
  return messages.reduce((s, m) => applyServerMessage(s, m, now), state);
}
