import { z } from 'zod';
import { DiffVersionsParams, DiffVersionsResult, ImpactedTasksParams, ImpactedTasksResult, ListVersionsParams, ListVersionsResult, ShowCompareMessage } from './diff';
import { AgentEvent } from './events';
import { RefineParams, RefineResult } from './refine';
import { OperationKind, OperationStatus, OperationSummary, OperationSummaryKind } from './operations';

export const PROTOCOL_VERSION = 1;

/** Stable error codes clients can switch on. */
export const ErrorCode = z.enum([
  'invalid_json',
  'invalid_message',
  'unknown_type',
  'unknown_method',
  'invalid_params',
  'not_found',
  'not_ready',
  'untrusted_workspace',
  'busy',
  'internal',
  /** The web UI's socket: a missing or wrong token (the socket then closes with 1008). */
  'unauthorized',
  /** The web UI's socket: too many messages too fast (the socket then closes with 1008). */
  'rate_limited',
  /** GitHub: nobody is signed in, or GitHub no longer accepts the sign-in (sign in again). */
  'sign_in_required',
  /** GitHub: signed in, but the account may not do this. */
  'forbidden',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FeatureInfo = z.object({ path: z.string(), name: z.string(), hasSpec: z.boolean() });
export type FeatureInfo = z.infer<typeof FeatureInfo>;

export const AgentInfo = z.object({
  id: z.string(),
  label: z.string(),
  available: z.boolean(),
  version: z.string().optional(),
  hint: z.string().optional(),
  /** Resolved executable, when found. */
  path: z.string().optional(),
  /** Learned from a sign-in probe or a run; absent while unknown. */
  signedIn: z.boolean().optional(),
  /** A shell line that installs the agent (for a copy button). */
  installCommand: z.string().optional(),
  /** A shell line that signs in, run in a terminal the host opens. */
  loginCommand: z.string().optional(),
  /** How Specwright talks to it: 'acp', 'jsonl', 'stream-json', 'text', 'builtin'. */
  protocol: z.string().optional(),
});
export type AgentInfo = z.infer<typeof AgentInfo>;

/** Who is signed in to GitHub, as clients may know it: the login and avatar, never the token. */
export const GitHubStatus = z.object({
  signedIn: z.boolean(),
  login: z.string().optional(),
  avatarUrl: z.string().optional(),
  /** github.com, or the Enterprise Server host. */
  host: z.string(),
  /** The host can start a sign-in (VS Code); the standalone server reads GH_TOKEN instead. */
  canSignIn: z.boolean(),
  /** Why the last sign-in or session check failed, when it did. */
  problem: z.string().optional(),
});
export type GitHubStatus = z.infer<typeof GitHubStatus>;

/** Progress of the GitHub work the host is doing for a client (issues from tasks). */
export const GitHubActivity = z.object({
  title: z.string(),
  message: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Epoch ms: GitHub's rate limit holds the work until then (the host waits, then goes on). */
  waitingUntil: z.number().optional(),
  finished: z.boolean(),
});
export type GitHubActivity = z.infer<typeof GitHubActivity>;

export const Snapshot = z.object({
  operations: z.array(OperationSummary),
  features: z.array(FeatureInfo),
  agents: z.array(AgentInfo),
  defaultAgent: z.string(),
  selectedFeature: z.string().optional(),
  trusted: z.boolean(),
  /** Absent when the host has no GitHub support wired. */
  github: GitHubStatus.optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

// ---- request methods: params and results, one schema each ----
export const GenerateParams = z.object({
  kind: OperationKind,
  feature: z.string().min(1),
  prompt: z.string().max(100_000),
  agent: z.string().optional(),
});
export type GenerateParams = z.infer<typeof GenerateParams>;
export const GenerateResult = z.object({ operationId: z.string() });

export const CancelParams = z.object({ operationId: z.string() });
export const CancelResult = z.object({ cancelled: z.boolean() });

export const ListFeaturesParams = z.object({}).optional();
export const ListFeaturesResult = z.object({ features: z.array(FeatureInfo) });

/** The user's answer to an agent's `permission` event. */
export const AnswerPermissionParams = z.object({ operationId: z.string(), permissionId: z.string().max(200), optionId: z.string().max(200) });
export const AnswerPermissionResult = z.object({ accepted: z.boolean() });

/** Detects every agent afresh; `probeSignIn` also asks those that can tell cheaply whether they are signed in. */
export const DetectAgentsParams = z.object({ probeSignIn: z.boolean().optional() }).optional();
export const DetectAgentsResult = z.object({ agents: z.array(AgentInfo) });

/** One-click setup actions of the Agents section; the shell decides how (terminal, clipboard, settings). */
export const AgentActionKind = z.enum(['openLogin', 'copyInstall', 'setDefault']);
export type AgentActionKind = z.infer<typeof AgentActionKind>;
export const AgentActionParams = z.object({ agentId: z.string().max(100), action: AgentActionKind });
export const AgentActionResult = z.object({ done: z.boolean(), message: z.string().optional() });

// ---- the document pipeline: new features, Generate All, clarifications, checks, status ----
export const CreateFeatureParams = z.object({
  description: z.string().trim().min(1).max(100_000),
  /** Workspace folder to create it in (multi-root); the first one when absent. */
  root: z.string().optional(),
  agent: z.string().optional(),
  /** What to generate once the folder exists: its spec (default), the whole chain, or nothing. */
  generate: z.enum(['none', 'spec', 'all']).optional(),
});
export const CreateFeatureResult = z.object({ feature: FeatureInfo, operationId: z.string().optional(), chainId: z.string().optional() });

export const StagePrompts = z.object({ spec: z.string().max(100_000), plan: z.string().max(100_000), tasks: z.string().max(100_000) }).partial();
export const GenerateAllParams = z.object({
  feature: z.string().min(1),
  /** Words for the first stage (the feature description when starting at the spec). */
  prompt: z.string().max(100_000),
  agent: z.string().optional(),
  /** First stage to run; the documents before it must exist. Default: spec. */
  from: OperationKind.optional(),
  stagePrompts: StagePrompts.optional(),
});
export const GenerateAllResult = z.object({ chainId: z.string(), operationId: z.string() });

export const Clarification = z.object({
  index: z.number().int().nonnegative(),
  question: z.string(),
  /** The whole marker as written, brackets included. */
  marker: z.string(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().positive(),
  line: z.number().int().nonnegative(),
  character: z.number().int().nonnegative(),
  context: z.string(),
});
export type Clarification = z.infer<typeof Clarification>;
export const ListClarificationsParams = z.object({ feature: z.string().min(1) });
export const ListClarificationsResult = z.object({ clarifications: z.array(Clarification) });
/** `offset` and `question` as listed; the question re-finds the marker if the spec changed in between. */
export const AnswerClarificationParams = z.object({
  feature: z.string().min(1),
  offset: z.number().int().nonnegative(),
  question: z.string().max(10_000),
  answer: z.string().trim().min(1).max(10_000),
});
export const AnswerClarificationResult = z.object({ remaining: z.array(Clarification) });

export const Position = z.object({ line: z.number().int().nonnegative(), character: z.number().int().nonnegative() });
export const FindingSeverity = z.enum(['error', 'warning', 'info']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;
/** One traceability finding; `line` is 0-based, `range` (when known) marks the exact text, as a Diagnostic wants. */
export const Finding = z.object({
  severity: FindingSeverity,
  code: z.string(),
  message: z.string(),
  file: z.string(),
  line: z.number().int().nonnegative(),
  range: z.object({ start: Position, end: Position }).optional(),
});
export type Finding = z.infer<typeof Finding>;
export const CheckFeatureParams = z.object({ feature: z.string().min(1) });
export const CheckFeatureResult = z.object({ findings: z.array(Finding) });

export const PhaseProgress = z.object({ name: z.string(), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
export type PhaseProgress = z.infer<typeof PhaseProgress>;
export const FeatureStage = z.enum(['new', 'spec', 'plan', 'tasks']);
export type FeatureStage = z.infer<typeof FeatureStage>;
/** One row of the Features view: how far the feature got, its task progress and its latest operation. */
export const FeatureStatus = z.object({
  path: z.string(),
  name: z.string(),
  /** The workspace folder it belongs to. */
  root: z.string(),
  /** The furthest document present: new (none), spec, plan, tasks. */
  stage: FeatureStage,
  documents: z.object({ spec: z.boolean(), plan: z.boolean(), tasks: z.boolean() }),
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), phases: z.array(PhaseProgress) }).optional(),
  openClarifications: z.number().int().nonnegative(),
  lastOperation: OperationSummary.optional(),
  /** The document to generate next, when the pipeline is not complete. */
  nextStep: OperationKind.optional(),
});
export type FeatureStatus = z.infer<typeof FeatureStatus>;
/** One feature by path, or every feature of every workspace folder. */
export const FeatureStatusParams = z.object({ feature: z.string().optional() }).optional();
export const FeatureStatusResult = z.object({ features: z.array(FeatureStatus) });

// ---- GitHub: the host holds the token and talks to GitHub; clients get what was read or done ----
const RepoName = z.string().max(200).regex(/^[\w.-]+\/[\w.-]+$/, 'a repository as owner/name');
export const GitHubRepository = z.object({
  owner: z.string(),
  repo: z.string(),
  /** owner/name */
  fullName: z.string(),
  host: z.string(),
  /** The git remote it came from (origin, upstream …), when it came from one. */
  remote: z.string().optional(),
});
export type GitHubRepository = z.infer<typeof GitHubRepository>;
export const GitHubStatusParams = z.object({}).optional();
export const GitHubRemotesParams = z.object({ feature: z.string().optional() }).optional();
export const GitHubRemotesResult = z.object({ repositories: z.array(GitHubRepository) });

/** A feature folder (specs/NNN-x/) of a repository on GitHub, read through the API. */
export const RemoteFeature = z.object({
  name: z.string(),
  /** Path in the repository: specs/001-photo-albums */
  path: z.string(),
  stage: FeatureStage,
  documents: z.object({ spec: z.boolean(), plan: z.boolean(), tasks: z.boolean() }),
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), phases: z.array(PhaseProgress) }).optional(),
  /** The Markdown files of the folder (paths in the repository). */
  files: z.array(z.string()),
  htmlUrl: z.string(),
});
export type RemoteFeature = z.infer<typeof RemoteFeature>;
export const GitHubFeaturesParams = z.object({ repo: RepoName, ref: z.string().max(250).optional() });
export const GitHubFeaturesResult = z.object({
  repository: z.object({ fullName: z.string(), defaultBranch: z.string(), htmlUrl: z.string(), ref: z.string() }),
  features: z.array(RemoteFeature),
});
export const GitHubReadFileParams = z.object({ repo: RepoName, path: z.string().min(1).max(1000), ref: z.string().max(250).optional() });
export const GitHubReadFileResult = z.object({ text: z.string(), htmlUrl: z.string() });

/** One step of issues from tasks: what will be (or was) sent for a task or the tracking issue. */
export const IssueAction = z.object({
  kind: z.enum(['create', 'update', 'close', 'unchanged']),
  /** T012, or "tracking" for the tracking issue. */
  taskId: z.string(),
  title: z.string(),
  number: z.number().int().positive().optional(),
  url: z.string().optional(),
  /** Why an update or a close: "title changed", "task ticked", "reopen: task unticked" … */
  why: z.string().optional(),
});
export type IssueAction = z.infer<typeof IssueAction>;
export const IssuePlan = z.object({
  /** owner/name */
  repository: z.string(),
  defaultBranch: z.string(),
  feature: z.string(),
  /** Where the task → issue mapping is kept (beside the feature). */
  mappingFile: z.string(),
  actions: z.array(IssueAction),
  tracking: IssueAction.optional(),
  counts: z.object({ create: z.number().int(), update: z.number().int(), close: z.number().int(), unchanged: z.number().int() }),
});
export type IssuePlan = z.infer<typeof IssuePlan>;
export const GitHubIssuesPreviewParams = z.object({ feature: z.string().min(1), repo: RepoName.optional(), tracking: z.boolean().optional() });
export const GitHubIssuesApplyParams = GitHubIssuesPreviewParams.extend({
  /** Close the issues of ticked tasks (the client asked the user); otherwise they are left open. */
  closeTicked: z.boolean().optional(),
});
export const GitHubIssuesResult = z.object({
  plan: IssuePlan,
  created: z.number().int(),
  updated: z.number().int(),
  closed: z.number().int(),
  cancelled: z.boolean(),
  tracking: z.object({ number: z.number().int(), url: z.string() }).optional(),
});
export type GitHubIssuesResult = z.infer<typeof GitHubIssuesResult>;
export const GitHubCancelParams = z.object({}).optional();
export const GitHubCancelResult = z.object({ cancelled: z.boolean() });

// ---- running tasks (src/core/tasks): one task, or every ready task in dependency waves ----
export const TaskRunStatus = z.enum(['queued', 'running', 'done', 'failed', 'skipped']);
export type TaskRunStatus = z.infer<typeof TaskRunStatus>;
/** A task of tasks.md that a run has something to say about (tasks nobody ran have no state). */
export const TaskState = z.object({
  /** The task id, or `line:N` for a task without one. */
  key: z.string(),
  id: z.string().optional(),
  line: z.number().int().nonnegative(),
  title: z.string(),
  status: TaskRunStatus,
  /** Why it failed, was skipped, or waits. */
  reason: z.string().optional(),
  /** Its latest operation. */
  operationId: z.string().optional(),
});
export type TaskState = z.infer<typeof TaskState>;
export const TaskRunState = z.enum(['running', 'paused', 'finished', 'failed', 'stopped']);
export type TaskRunState = z.infer<typeof TaskRunState>;
/** One Run All Ready Tasks of a feature. */
export const TaskRun = z.object({
  id: z.string(),
  feature: z.string(),
  state: TaskRunState,
  /** Why it is paused: the review pause after every N tasks, or a failure to Retry or Skip. */
  pauseReason: z.enum(['review', 'failure']).optional(),
  concurrency: z.number().int().positive(),
  continueOnFailure: z.boolean(),
  /** 0: never pause. */
  pauseEvery: z.number().int().nonnegative(),
  agent: z.string().optional(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
});
export type TaskRun = z.infer<typeof TaskRun>;
/** A problem of the plan of work: a dependency cycle, an unknown task id, a duplicate id. */
export const TaskGraphProblem = z.object({
  code: z.enum(['cycle', 'unknownTask', 'duplicateId']),
  message: z.string(),
  /** 0-based line of the task the problem is reported on. */
  line: z.number().int().nonnegative(),
  tasks: z.array(z.string()),
});
export type TaskGraphProblem = z.infer<typeof TaskGraphProblem>;
const TaskKey = z.string().min(1).max(200);
export const TaskStatusParams = z.object({ feature: z.string().min(1) });
export const TaskStatusResult = z.object({
  feature: z.string(),
  tasks: z.array(TaskState),
  run: TaskRun.optional(),
  /** The open tasks in the order they would run: each wave may run together. */
  waves: z.array(z.array(z.string())),
  problems: z.array(TaskGraphProblem),
});
export type TaskStatusResult = z.infer<typeof TaskStatusResult>;
export const RunTaskParams = z.object({ feature: z.string().min(1), task: TaskKey, agent: z.string().max(100).optional() });
export const RunTaskResult = z.object({ operationId: z.string() });
export const RunAllReadyParams = z.object({
  feature: z.string().min(1),
  agent: z.string().max(100).optional(),
  concurrency: z.number().int().min(1).max(16).optional(),
  pauseEvery: z.number().int().min(0).max(10_000).optional(),
  continueOnFailure: z.boolean().optional(),
});
export const RunAllReadyResult = z.object({ runId: z.string(), waves: z.array(z.array(z.string())) });
export const TaskActionParams = z.object({ feature: z.string().min(1), task: TaskKey });
export const RetryResult = z.object({ operationId: z.string().optional(), queued: z.boolean() });
export const SkipResult = z.object({ skipped: z.boolean() });
export const ResumeRunParams = z.object({ feature: z.string().min(1) });
export const ResumeRunResult = z.object({ resumed: z.boolean() });
export const StopAllParams = z.object({ feature: z.string().optional() }).optional();
export const StopAllResult = z.object({ stopped: z.number().int().nonnegative() });
export const ListHistoryParams = z.object({
  feature: z.string().optional(),
  kind: OperationSummaryKind.optional(),
  status: OperationStatus.optional(),
  agent: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
}).optional();
export const ListHistoryResult = z.object({ operations: z.array(OperationSummary) });
export const ExportFormat = z.enum(['markdown', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportOperationParams = z.object({
  operationId: z.string().min(1).max(200),
  format: ExportFormat,
  /** Ask the host to save it (VS Code shows a save dialog); otherwise the content comes back. */
  save: z.boolean().optional(),
});
export const ExportOperationResult = z.object({ fileName: z.string(), content: z.string(), savedTo: z.string().optional() });

export const RequestMethods = {
  generate: { params: GenerateParams, result: GenerateResult },
  cancel: { params: CancelParams, result: CancelResult },
  listFeatures: { params: ListFeaturesParams, result: ListFeaturesResult },
  answerPermission: { params: AnswerPermissionParams, result: AnswerPermissionResult },
  detectAgents: { params: DetectAgentsParams, result: DetectAgentsResult },
  agentAction: { params: AgentActionParams, result: AgentActionResult },
  createFeature: { params: CreateFeatureParams, result: CreateFeatureResult },
  generateAll: { params: GenerateAllParams, result: GenerateAllResult },
  listClarifications: { params: ListClarificationsParams, result: ListClarificationsResult },
  answerClarification: { params: AnswerClarificationParams, result: AnswerClarificationResult },
  checkFeature: { params: CheckFeatureParams, result: CheckFeatureResult },
  featureStatus: { params: FeatureStatusParams, result: FeatureStatusResult },
  githubStatus: { params: GitHubStatusParams, result: GitHubStatus },
  githubSignIn: { params: GitHubStatusParams, result: GitHubStatus },
  githubRemotes: { params: GitHubRemotesParams, result: GitHubRemotesResult },
  githubFeatures: { params: GitHubFeaturesParams, result: GitHubFeaturesResult },
  githubReadFile: { params: GitHubReadFileParams, result: GitHubReadFileResult },
  githubIssuesPreview: { params: GitHubIssuesPreviewParams, result: IssuePlan },
  githubIssuesApply: { params: GitHubIssuesApplyParams, result: GitHubIssuesResult },
  githubCancel: { params: GitHubCancelParams, result: GitHubCancelResult },
  taskStatus: { params: TaskStatusParams, result: TaskStatusResult },
  runTask: { params: RunTaskParams, result: RunTaskResult },
  runAllReady: { params: RunAllReadyParams, result: RunAllReadyResult },
  retry: { params: TaskActionParams, result: RetryResult },
  skip: { params: TaskActionParams, result: SkipResult },
  resumeRun: { params: ResumeRunParams, result: ResumeRunResult },
  stopAll: { params: StopAllParams, result: StopAllResult },
  listHistory: { params: ListHistoryParams, result: ListHistoryResult },
  exportOperation: { params: ExportOperationParams, result: ExportOperationResult },
  listVersions: { params: ListVersionsParams, result: ListVersionsResult },
  diffVersions: { params: DiffVersionsParams, result: DiffVersionsResult },
  impactedTasks: { params: ImpactedTasksParams, result: ImpactedTasksResult },
  refine: { params: RefineParams, result: RefineResult },
} as const;
export type RequestMethod = keyof typeof RequestMethods;
export type ParamsOf<M extends RequestMethod> = z.infer<(typeof RequestMethods)[M]['params']>;
export type ResultOf<M extends RequestMethod> = z.infer<(typeof RequestMethods)[M]['result']>;

// ---- client → host ----
export const ResumePoint = z.object({ operationId: z.string(), afterSeq: z.number().int().nonnegative() });

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocol: z.number().int(),
    client: z.string().max(200),
    resume: z.array(ResumePoint).max(1000).optional(),
  }),
  z.object({ type: z.literal('subscribe'), operationId: z.string(), afterSeq: z.number().int().nonnegative().optional() }),
  z.object({ type: z.literal('unsubscribe'), operationId: z.string() }),
  z.object({ type: z.literal('request'), id: z.string().max(100), method: z.string().max(100), params: z.unknown().optional() }),
  z.object({ type: z.literal('ping'), id: z.string().max(100).optional() }),
  z.object({ type: z.literal('selectFeature'), feature: z.string().optional() }),
  /** The client has rendered everything up to `seq` of an operation (progress a host can observe). */
  z.object({ type: z.literal('ack'), operationId: z.string(), seq: z.number().int().nonnegative() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---- the web UI's socket (before the hub sees anything) ----
/** The WebSocket subprotocol the web UI speaks; the server always selects it. */
export const WS_SUBPROTOCOL = 'specwright.v1';
/** A second offered subprotocol `specwright.token.<token>` carries the token without a round trip (never echoed back). */
export const WS_TOKEN_PROTOCOL_PREFIX = 'specwright.token.';
/** Or the first message on the socket carries it. Never a query string: those end up in logs. */
export const AuthMessage = z.object({ type: z.literal('auth'), token: z.string().max(200) });
export type AuthMessage = z.infer<typeof AuthMessage>;

// ---- host → client ----
export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), clientId: z.string(), protocol: z.number().int(), snapshot: Snapshot }),
  z.object({ type: z.literal('snapshot'), snapshot: Snapshot }),
  z.object({ type: z.literal('operation'), summary: OperationSummary }),
  z.object({ type: z.literal('event'), operationId: z.string(), seq: z.number().int().positive(), at: z.number(), event: AgentEvent }),
  /** Sent during replay when events the client asked for were evicted from bounded memory. */
  z.object({ type: z.literal('gap'), operationId: z.string(), missed: z.number().int().positive(), fromSeq: z.number().int(), toSeq: z.number().int() }),
  z.object({ type: z.literal('finished'), operationId: z.string(), status: OperationStatus, reason: z.string().optional(), lastSeq: z.number().int() }),
  z.object({
    type: z.literal('response'),
    id: z.string(),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.object({ code: ErrorCode, message: z.string() }).optional(),
  }),
  z.object({ type: z.literal('presence'), clients: z.number().int().nonnegative() }),
  z.object({ type: z.literal('pong'), id: z.string().optional() }),
  z.object({ type: z.literal('error'), code: ErrorCode, message: z.string() }),
  /** GitHub sign-in changed, or GitHub work the host does moved on (never carries the token). */
  z.object({ type: z.literal('github'), status: GitHubStatus, activity: GitHubActivity.optional() }),
  /** Task statuses of a feature changed (a task queued, started, ended; a run paused or ended). */
  z.object({ type: z.literal('tasks'), feature: z.string(), tasks: z.array(TaskState), run: TaskRun.optional() }),
  ShowCompareMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
