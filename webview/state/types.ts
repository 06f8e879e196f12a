import type { AgentInfo, ErrorCode, FeatureInfo, GitHubActivity, GitHubStatus, OperationSummary, ServerMessage, TaskRun, TaskState } from '../../src/protocol';
import type { ConnectionState } from '../transport/types';
import type { Timeline } from './timeline';

/** The messages that only add to an operation's timeline. */
export type StreamMessage = Extract<ServerMessage, { type: 'event' | 'gap' }>;

/** What the prompt box holds; persisted so a hidden view does not lose a half-written prompt. */
export interface Draft {
  prompt: string;
  /** Feature folder path picked by the user (undefined: follow the host's preselection). */
  feature?: string;
  /** Agent id picked by the user (undefined: the host's default agent). */
  agent?: string;
}

/** What the host last said about the tasks of one feature: statuses and the Run All run. */
export interface TaskBoard {
  tasks: readonly TaskState[];
  run?: TaskRun;
}

export interface PendingRequest {
  id: string;
  method: string;
  params?: unknown;
  sentAt: number;
}

export interface RequestError {
  id: string;
  method: string;
  code: ErrorCode;
  message: string;
}

export interface UiState {
  connection: ConnectionState;
  /** True once the host's welcome arrived: the snapshot below is real, not a restored guess. */
  welcomed: boolean;
  clientId?: string;
  trusted: boolean;
  features: readonly FeatureInfo[];
  agents: readonly AgentInfo[];
  defaultAgent?: string;
  /** The host's preselected feature (e.g. the folder the user right-clicked). */
  selectedFeature?: string;
  operations: Readonly<Record<string, OperationSummary>>;
  timelines: Readonly<Record<string, Timeline>>;
  pending: Readonly<Record<string, PendingRequest>>;
  /** Operation the user picked; undefined follows the newest running one. */
  selectedOperationId?: string;
  draft: Draft;
  /** Other clients connected to the same host (the external web UI), including this one. */
  presence: number;
  requestError?: RequestError;
  hostError?: { code: ErrorCode; message: string };
  /** GitHub sign-in as the host reports it (login and avatar, never a token). */
  github?: GitHubStatus;
  /** GitHub work the host is doing (issues from tasks), with rate-limit waits. */
  githubActivity?: GitHubActivity;
  /** The latest successful result of each github* request, keyed by method. */
  githubResults?: Readonly<Record<string, unknown>>;
  /** Task statuses and the Run All run of each feature, as the host pushes them (`tasks` messages). */
  taskBoards?: Readonly<Record<string, TaskBoard>>;
  /** The latest result of each task or history request (runTask, exportOperation …). */
  runResults?: Readonly<Record<string, { requestId: string; result: unknown }>>;
  /** The host asked to show History → Compare on these sides (`showCompare`); `at` tells one ask from the next. */
  compareTarget?: CompareTarget;
}

export interface CompareTarget {
  feature: string;
  document: 'spec' | 'tasks';
  from?: string;
  to?: string;
  at: number;
}

export type UiAction =
  | { type: 'server'; message: ServerMessage; now: number }
  /** A run of event/gap messages, folded in as one batch. */
  | { type: 'stream'; messages: readonly StreamMessage[] }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'select'; operationId: string | undefined }
  | { type: 'draft'; patch: Partial<Draft> }
  | { type: 'requestSent'; request: PendingRequest }
  | { type: 'dismissError' }
  | { type: 'restore'; state: Partial<Pick<UiState, 'operations' | 'timelines' | 'selectedOperationId' | 'draft'>> };
