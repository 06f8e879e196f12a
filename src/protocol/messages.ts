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

export const RequestMethods = {
  generate: { params: GenerateParams, result: GenerateResult },
  cancel: { params: CancelParams, result: CancelResult },
  listFeatures: { params: ListFeaturesParams, result: ListFeaturesResult },
  answerPermission: { params: AnswerPermissionParams, result: AnswerPermissionResult },
  detectAgents: { params: DetectAgentsParams, result: DetectAgentsResult },
  agentAction: { params: AgentActionParams, result: AgentActionResult },
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
