import { z } from 'zod';
import { AgentEvent } from './events';
import { OperationKind, OperationStatus, OperationSummary } from './operations';

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

export const Snapshot = z.object({
  operations: z.array(OperationSummary),
  features: z.array(FeatureInfo),
  agents: z.array(AgentInfo),
  defaultAgent: z.string(),
  selectedFeature: z.string().optional(),
  trusted: z.boolean(),
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
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
