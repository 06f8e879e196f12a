import * as z from 'zod/mini';
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
  /** Run All: a checklist of the feature (checklists/*.md) has open items; send again with `ignoreChecklists: true` to run anyway. */
  'checklists_incomplete',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FeatureInfo = z.object({ path: z.string(), name: z.string(), hasSpec: z.boolean() });
export type FeatureInfo = z.infer<typeof FeatureInfo>;

export const AgentInfo = z.object({
  id: z.string(),
  label: z.string(),
  available: z.boolean(),
  version: z.optional(z.string()),
  hint: z.optional(z.string()),
  /** Resolved executable, when found. */
  path: z.optional(z.string()),
  /** Learned from a sign-in probe or a run; absent while unknown. */
  signedIn: z.optional(z.boolean()),
  /** A shell line that installs the agent (for a copy button). */
  installCommand: z.optional(z.string()),
  /** A shell line that signs in, run in a terminal the host opens. */
  loginCommand: z.optional(z.string()),
  /** How Specwright talks to it: 'acp', 'jsonl', 'stream-json', 'text', 'builtin'. */
  protocol: z.optional(z.string()),
});
export type AgentInfo = z.infer<typeof AgentInfo>;

/** Who is signed in to GitHub, as clients may know it: the login and avatar, never the token. */
export const GitHubStatus = z.object({
  signedIn: z.boolean(),
  login: z.optional(z.string()),
  avatarUrl: z.optional(z.string()),
  /** github.com, or the Enterprise Server host. */
  host: z.string(),
  /** The host can start a sign-in (VS Code); the standalone server reads GH_TOKEN instead. */
  canSignIn: z.boolean(),
  /** Why the last sign-in or session check failed, when it did. */
  problem: z.optional(z.string()),
});
export type GitHubStatus = z.infer<typeof GitHubStatus>;

/** Progress of the GitHub work the host is doing for a client (issues from tasks). */
export const GitHubActivity = z.object({
  title: z.string(),
  message: z.string(),
  done: z.int().check(z.nonnegative()),
  total: z.int().check(z.nonnegative()),
  /** Epoch ms: GitHub's rate limit holds the work until then (the host waits, then goes on). */
  waitingUntil: z.optional(z.number()),
  finished: z.boolean(),
});
export type GitHubActivity = z.infer<typeof GitHubActivity>;

export const Snapshot = z.object({
  operations: z.array(OperationSummary),
  features: z.array(FeatureInfo),
  agents: z.array(AgentInfo),
  defaultAgent: z.string(),
  selectedFeature: z.optional(z.string()),
  trusted: z.boolean(),
  /** Absent when the host has no GitHub support wired. */
  github: z.optional(GitHubStatus),
});
export type Snapshot = z.infer<typeof Snapshot>;

// ---- request methods: params and results, one schema each ----
export const GenerateParams = z.object({
  kind: OperationKind,
  feature: z.string().check(z.minLength(1)),
  prompt: z.string().check(z.maxLength(100_000)),
  agent: z.optional(z.string()),
});
export type GenerateParams = z.infer<typeof GenerateParams>;
export const GenerateResult = z.object({ operationId: z.string() });

export const CancelParams = z.object({ operationId: z.string() });
export const CancelResult = z.object({ cancelled: z.boolean() });

export const ListFeaturesParams = z.optional(z.object({}));
export const ListFeaturesResult = z.object({ features: z.array(FeatureInfo) });

/** The user's answer to an agent's `permission` event. */
export const AnswerPermissionParams = z.object({ operationId: z.string(), permissionId: z.string().check(z.maxLength(200)), optionId: z.string().check(z.maxLength(200)) });
export const AnswerPermissionResult = z.object({ accepted: z.boolean() });

/** Detects every agent afresh; `probeSignIn` also asks those that can tell cheaply whether they are signed in. */
export const DetectAgentsParams = z.optional(z.object({ probeSignIn: z.optional(z.boolean()) }));
export const DetectAgentsResult = z.object({ agents: z.array(AgentInfo) });

/** One-click setup actions of the Agents section; the shell decides how (terminal, clipboard, settings). */
export const AgentActionKind = z.enum(['openLogin', 'copyInstall', 'setDefault']);
export type AgentActionKind = z.infer<typeof AgentActionKind>;
export const AgentActionParams = z.object({ agentId: z.string().check(z.maxLength(100)), action: AgentActionKind });
export const AgentActionResult = z.object({ done: z.boolean(), message: z.optional(z.string()) });

// ---- the document pipeline: new features, Generate All, clarifications, checks, status ----
export const CreateFeatureParams = z.object({
  description: z.string().check(z.trim(), z.minLength(1)).check(z.maxLength(100_000)),
  /** Workspace folder to create it in (multi-root); the first one when absent. */
  root: z.optional(z.string()),
  agent: z.optional(z.string()),
  /** What to generate once the folder exists: its spec (default), the whole chain, or nothing. */
  generate: z.optional(z.enum(['none', 'spec', 'all'])),
});
export const CreateFeatureResult = z.object({ feature: FeatureInfo, operationId: z.optional(z.string()), chainId: z.optional(z.string()) });

export const StagePrompts = z.partial(z.object({ spec: z.string().check(z.maxLength(100_000)), plan: z.string().check(z.maxLength(100_000)), tasks: z.string().check(z.maxLength(100_000)) }));
export const GenerateAllParams = z.object({
  feature: z.string().check(z.minLength(1)),
  /** Words for the first stage (the feature description when starting at the spec). */
  prompt: z.string().check(z.maxLength(100_000)),
  agent: z.optional(z.string()),
  /** First stage to run; the documents before it must exist. Default: spec. */
  from: z.optional(OperationKind),
  stagePrompts: z.optional(StagePrompts),
});
export const GenerateAllResult = z.object({ chainId: z.string(), operationId: z.string() });

export const Clarification = z.object({
  index: z.int().check(z.nonnegative()),
  question: z.string(),
  /** The whole marker as written, brackets included. */
  marker: z.string(),
  offset: z.int().check(z.nonnegative()),
  length: z.int().check(z.positive()),
  line: z.int().check(z.nonnegative()),
  character: z.int().check(z.nonnegative()),
  context: z.string(),
});
export type Clarification = z.infer<typeof Clarification>;
export const ListClarificationsParams = z.object({ feature: z.string().check(z.minLength(1)) });
export const ListClarificationsResult = z.object({ clarifications: z.array(Clarification) });
/** `offset` and `question` as listed; the question re-finds the marker if the spec changed in between. */
export const AnswerClarificationParams = z.object({
  feature: z.string().check(z.minLength(1)),
  offset: z.int().check(z.nonnegative()),
  question: z.string().check(z.maxLength(10_000)),
  answer: z.string().check(z.trim(), z.minLength(1)).check(z.maxLength(10_000)),
});
export const AnswerClarificationResult = z.object({ remaining: z.array(Clarification) });

export const Position = z.object({ line: z.int().check(z.nonnegative()), character: z.int().check(z.nonnegative()) });
export const FindingSeverity = z.enum(['error', 'warning', 'info']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;
/** One traceability finding; `line` is 0-based, `range` (when known) marks the exact text, as a Diagnostic wants. */
export const Finding = z.object({
  severity: FindingSeverity,
  code: z.string(),
  message: z.string(),
  file: z.string(),
  line: z.int().check(z.nonnegative()),
  range: z.optional(z.object({ start: Position, end: Position })),
});
export type Finding = z.infer<typeof Finding>;
export const CheckFeatureParams = z.object({ feature: z.string().check(z.minLength(1)) });
export const CheckFeatureResult = z.object({ findings: z.array(Finding) });

export const PhaseProgress = z.object({ name: z.string(), done: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()) });
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
  progress: z.optional(z.object({ done: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()), phases: z.array(PhaseProgress) })),
  openClarifications: z.int().check(z.nonnegative()),
  lastOperation: z.optional(OperationSummary),
  /** The document to generate next, when the pipeline is not complete. */
  nextStep: z.optional(OperationKind),
  /** spec-kit's other artefacts: research.md, data-model.md, quickstart.md, contracts/…, checklists with progress. */
  artefacts: z.optional(z.object({
    documents: z.array(z.string()),
    contracts: z.array(z.string()),
    checklists: z.array(z.object({ file: z.string(), done: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()) })),
  })),
  /** The feature `.specify/feature.json` points at (spec-kit's current feature). */
  current: z.optional(z.boolean()),
});
export type FeatureStatus = z.infer<typeof FeatureStatus>;
/** One feature by path, or every feature of every workspace folder. */
export const FeatureStatusParams = z.optional(z.object({ feature: z.optional(z.string()) }));
export const FeatureStatusResult = z.object({ features: z.array(FeatureStatus) });

// ---- GitHub: the host holds the token and talks to GitHub; clients get what was read or done ----
const RepoName = z.string().check(z.maxLength(200), z.regex(/^[\w.-]+\/[\w.-]+$/, 'a repository as owner/name'));
export const GitHubRepository = z.object({
  owner: z.string(),
  repo: z.string(),
  /** owner/name */
  fullName: z.string(),
  host: z.string(),
  /** The git remote it came from (origin, upstream …), when it came from one. */
  remote: z.optional(z.string()),
});
export type GitHubRepository = z.infer<typeof GitHubRepository>;
export const GitHubStatusParams = z.optional(z.object({}));
export const GitHubRemotesParams = z.optional(z.object({ feature: z.optional(z.string()) }));
export const GitHubRemotesResult = z.object({ repositories: z.array(GitHubRepository) });

/** A feature folder (specs/NNN-x/) of a repository on GitHub, read through the API. */
export const RemoteFeature = z.object({
  name: z.string(),
  /** Path in the repository: specs/001-photo-albums */
  path: z.string(),
  stage: FeatureStage,
  documents: z.object({ spec: z.boolean(), plan: z.boolean(), tasks: z.boolean() }),
  progress: z.optional(z.object({ done: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()), phases: z.array(PhaseProgress) })),
  /** The Markdown files of the folder (paths in the repository). */
  files: z.array(z.string()),
  htmlUrl: z.string(),
});
export type RemoteFeature = z.infer<typeof RemoteFeature>;
export const GitHubFeaturesParams = z.object({ repo: RepoName, ref: z.optional(z.string().check(z.maxLength(250))) });
export const GitHubFeaturesResult = z.object({
  repository: z.object({ fullName: z.string(), defaultBranch: z.string(), htmlUrl: z.string(), ref: z.string() }),
  features: z.array(RemoteFeature),
});
export const GitHubReadFileParams = z.object({ repo: RepoName, path: z.string().check(z.minLength(1), z.maxLength(1000)), ref: z.optional(z.string().check(z.maxLength(250))) });
export const GitHubReadFileResult = z.object({ text: z.string(), htmlUrl: z.string() });

/** One step of issues from tasks: what will be (or was) sent for a task or the tracking issue. */
export const IssueAction = z.object({
  kind: z.enum(['create', 'update', 'close', 'unchanged']),
  /** T012, or "tracking" for the tracking issue. */
  taskId: z.string(),
  title: z.string(),
  number: z.optional(z.int().check(z.positive())),
  url: z.optional(z.string()),
  /** Why an update or a close: "title changed", "task ticked", "reopen: task unticked" … */
  why: z.optional(z.string()),
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
  tracking: z.optional(IssueAction),
  counts: z.object({ create: z.int(), update: z.int(), close: z.int(), unchanged: z.int() }),
});
export type IssuePlan = z.infer<typeof IssuePlan>;
export const GitHubIssuesPreviewParams = z.object({ feature: z.string().check(z.minLength(1)), repo: z.optional(RepoName), tracking: z.optional(z.boolean()) });
export const GitHubIssuesApplyParams = z.extend(GitHubIssuesPreviewParams, {
  /** Close the issues of ticked tasks (the client asked the user); otherwise they are left open. */
  closeTicked: z.optional(z.boolean()),
});
export const GitHubIssuesResult = z.object({
  plan: IssuePlan,
  created: z.int(),
  updated: z.int(),
  closed: z.int(),
  cancelled: z.boolean(),
  tracking: z.optional(z.object({ number: z.int(), url: z.string() })),
});
export type GitHubIssuesResult = z.infer<typeof GitHubIssuesResult>;
export const GitHubCancelParams = z.optional(z.object({}));
export const GitHubCancelResult = z.object({ cancelled: z.boolean() });

// ---- running tasks (src/core/tasks): one task, or every ready task in dependency waves ----
export const TaskRunStatus = z.enum(['queued', 'running', 'done', 'failed', 'skipped']);
export type TaskRunStatus = z.infer<typeof TaskRunStatus>;
/** A task of tasks.md that a run has something to say about (tasks nobody ran have no state). */
export const TaskState = z.object({
  /** The task id, or `line:N` for a task without one. */
  key: z.string(),
  id: z.optional(z.string()),
  line: z.int().check(z.nonnegative()),
  title: z.string(),
  status: TaskRunStatus,
  /** Why it failed, was skipped, or waits. */
  reason: z.optional(z.string()),
  /** Its latest operation. */
  operationId: z.optional(z.string()),
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
  pauseReason: z.optional(z.enum(['review', 'failure'])),
  concurrency: z.int().check(z.positive()),
  continueOnFailure: z.boolean(),
  /** 0: never pause. */
  pauseEvery: z.int().check(z.nonnegative()),
  agent: z.optional(z.string()),
  done: z.int().check(z.nonnegative()),
  failed: z.int().check(z.nonnegative()),
  skipped: z.int().check(z.nonnegative()),
  total: z.int().check(z.nonnegative()),
  startedAt: z.number(),
  endedAt: z.optional(z.number()),
});
export type TaskRun = z.infer<typeof TaskRun>;
/** A problem of the plan of work: a dependency cycle, an unknown task id, a duplicate id. */
export const TaskGraphProblem = z.object({
  code: z.enum(['cycle', 'unknownTask', 'duplicateId']),
  message: z.string(),
  /** 0-based line of the task the problem is reported on. */
  line: z.int().check(z.nonnegative()),
  tasks: z.array(z.string()),
});
export type TaskGraphProblem = z.infer<typeof TaskGraphProblem>;
const TaskKey = z.string().check(z.minLength(1), z.maxLength(200));
export const TaskStatusParams = z.object({ feature: z.string().check(z.minLength(1)) });
export const TaskStatusResult = z.object({
  feature: z.string(),
  tasks: z.array(TaskState),
  run: z.optional(TaskRun),
  /** The open tasks in the order they would run: each wave may run together. */
  waves: z.array(z.array(z.string())),
  problems: z.array(TaskGraphProblem),
});
export type TaskStatusResult = z.infer<typeof TaskStatusResult>;
export const RunTaskParams = z.object({ feature: z.string().check(z.minLength(1)), task: TaskKey, agent: z.optional(z.string().check(z.maxLength(100))) });
export const RunTaskResult = z.object({ operationId: z.string() });
export const RunAllReadyParams = z.object({
  feature: z.string().check(z.minLength(1)),
  agent: z.optional(z.string().check(z.maxLength(100))),
  concurrency: z.optional(z.int().check(z.minimum(1), z.maximum(16))),
  pauseEvery: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
  continueOnFailure: z.optional(z.boolean()),
  /** Run even though a checklist of the feature is incomplete (spec-kit's implement gate; otherwise `checklists_incomplete`). */
  ignoreChecklists: z.optional(z.boolean()),
});
export const RunAllReadyResult = z.object({ runId: z.string(), waves: z.array(z.array(z.string())) });
export const TaskActionParams = z.object({ feature: z.string().check(z.minLength(1)), task: TaskKey });
export const RetryResult = z.object({ operationId: z.optional(z.string()), queued: z.boolean() });
export const SkipResult = z.object({ skipped: z.boolean() });
export const ResumeRunParams = z.object({ feature: z.string().check(z.minLength(1)) });
export const ResumeRunResult = z.object({ resumed: z.boolean() });
export const StopAllParams = z.optional(z.object({ feature: z.optional(z.string()) }));
export const StopAllResult = z.object({ stopped: z.int().check(z.nonnegative()) });
export const ListHistoryParams = z.optional(z.object({
  feature: z.optional(z.string()),
  kind: z.optional(OperationSummaryKind),
  status: z.optional(OperationStatus),
  agent: z.optional(z.string().check(z.maxLength(100))),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(10_000))),
}));
export const ListHistoryResult = z.object({ operations: z.array(OperationSummary) });
export const ExportFormat = z.enum(['markdown', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportOperationParams = z.object({
  operationId: z.string().check(z.minLength(1), z.maxLength(200)),
  format: ExportFormat,
  /** Ask the host to save it (VS Code shows a save dialog); otherwise the content comes back. */
  save: z.optional(z.boolean()),
});
export const ExportOperationResult = z.object({ fileName: z.string(), content: z.string(), savedTo: z.optional(z.string()) });

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
export const ResumePoint = z.object({ operationId: z.string(), afterSeq: z.int().check(z.nonnegative()) });

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocol: z.int(),
    client: z.string().check(z.maxLength(200)),
    resume: z.optional(z.array(ResumePoint).check(z.maxLength(1000))),
  }),
  z.object({ type: z.literal('subscribe'), operationId: z.string(), afterSeq: z.optional(z.int().check(z.nonnegative())) }),
  z.object({ type: z.literal('unsubscribe'), operationId: z.string() }),
  z.object({ type: z.literal('request'), id: z.string().check(z.maxLength(100)), method: z.string().check(z.maxLength(100)), params: z.optional(z.unknown()) }),
  z.object({ type: z.literal('ping'), id: z.optional(z.string().check(z.maxLength(100))) }),
  z.object({ type: z.literal('selectFeature'), feature: z.optional(z.string()) }),
  /** The client has rendered everything up to `seq` of an operation (progress a host can observe). */
  z.object({ type: z.literal('ack'), operationId: z.string(), seq: z.int().check(z.nonnegative()) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---- the web UI's socket (before the hub sees anything) ----
/** The WebSocket subprotocol the web UI speaks; the server always selects it. */
export const WS_SUBPROTOCOL = 'specwright.v1';
/** A second offered subprotocol `specwright.token.<token>` carries the token without a round trip (never echoed back). */
export const WS_TOKEN_PROTOCOL_PREFIX = 'specwright.token.';
/** Or the first message on the socket carries it. Never a query string: those end up in logs. */
export const AuthMessage = z.object({ type: z.literal('auth'), token: z.string().check(z.maxLength(200)) });
export type AuthMessage = z.infer<typeof AuthMessage>;

// ---- host → client ----
export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), clientId: z.string(), protocol: z.int(), snapshot: Snapshot }),
  z.object({ type: z.literal('snapshot'), snapshot: Snapshot }),
  z.object({ type: z.literal('operation'), summary: OperationSummary }),
  z.object({ type: z.literal('event'), operationId: z.string(), seq: z.int().check(z.positive()), at: z.number(), event: AgentEvent }),
  /** Sent during replay when events the client asked for were evicted from bounded memory. */
  z.object({ type: z.literal('gap'), operationId: z.string(), missed: z.int().check(z.positive()), fromSeq: z.int(), toSeq: z.int() }),
  z.object({ type: z.literal('finished'), operationId: z.string(), status: OperationStatus, reason: z.optional(z.string()), lastSeq: z.int() }),
  z.object({
    type: z.literal('response'),
    id: z.string(),
    ok: z.boolean(),
    result: z.optional(z.unknown()),
    error: z.optional(z.object({ code: ErrorCode, message: z.string() })),
  }),
  z.object({ type: z.literal('presence'), clients: z.int().check(z.nonnegative()) }),
  z.object({ type: z.literal('pong'), id: z.optional(z.string()) }),
  z.object({ type: z.literal('error'), code: ErrorCode, message: z.string() }),
  /** GitHub sign-in changed, or GitHub work the host does moved on (never carries the token). */
  z.object({ type: z.literal('github'), status: GitHubStatus, activity: z.optional(GitHubActivity) }),
  /** Task statuses of a feature changed (a task queued, started, ended; a run paused or ended). */
  z.object({ type: z.literal('tasks'), feature: z.string(), tasks: z.array(TaskState), run: z.optional(TaskRun) }),
  ShowCompareMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
