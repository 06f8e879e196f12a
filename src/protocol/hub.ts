/**
 * The hub's conversation with a client (webview or browser): the handshake and its snapshot, what
 * a client sends, what the host sends back, and the error codes both can switch on. Requests and
 * their params and results are in requests.ts; events in events.ts.
 */
import * as z from 'zod/mini';
import { ShowCompareMessage } from './diff';
import { AgentEvent } from './events';
import { GitHubActivity, GitHubStatus } from './github';
import { OperationStatus, OperationSummary } from './operations';
import { FeatureInfo } from './pipeline';
import { TaskRun, TaskState } from './tasks';

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
