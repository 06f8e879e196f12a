/**
 * Messages between the Specwright document editor (a webview per open spec.md, plan.md or
 * tasks.md) and its host. The TextDocument in the host is the truth: the webview shows what the
 * host sends and asks for changes; every message is `safeParse`d on arrival on both sides.
 */
import * as z from 'zod/mini';
import { Clarification, Finding } from './pipeline';
import { TaskRunStatus } from './tasks';
import { OperationKind, OperationStatus, OperationSummaryKind } from './operations';

/** The documents the editor opens; the same three kinds a generation writes. */
export const EditorDocumentKind = OperationKind;
export type EditorDocumentKind = OperationKind;

/** A whole document travels in one message; beyond this it is not a spec any more. */
export const MAX_EDITOR_TEXT = 5_000_000;

const Line = z.int().check(z.nonnegative());
/** TextDocument.version: grows with every change, so a request can say which text it was made against. */
const DocVersion = z.int().check(z.nonnegative());
const RequestId = z.string().check(z.minLength(1), z.maxLength(100));

export const EditorTask = z.object({
  /** 0-based line of the checkbox. */
  line: Line,
  mark: z.enum([' ', 'x', 'X', '-', '~']),
  done: z.boolean(),
  /** What the mark means in this file: `-` is skipped (spec-kit) or in progress (Kiro), `~` queued (Kiro). */
  state: z.optional(z.enum(['todo', 'done', 'skipped', 'inProgress', 'queued'])),
  /** A checklist item (Definition of Done, gate, acceptance checklist): tickable, never run, counted apart. */
  checklist: z.optional(z.boolean()),
  /** Kiro's optional task (`- [ ]*`). */
  optional: z.optional(z.boolean()),
  id: z.optional(z.string()),
  /** The line's Markdown after the checkbox, as written. */
  text: z.string(),
  /** Nesting under a parent task (0 at the top). */
  depth: z.int().check(z.nonnegative()),
  /** What a task run says about it (queued, running, done, failed, skipped), when one ran it. */
  run: z.optional(z.object({ status: TaskRunStatus, reason: z.optional(z.string()) })),
});
export type EditorTask = z.infer<typeof EditorTask>;

export const EditorProgress = z.object({ done: z.int().check(z.nonnegative()), skipped: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()) });
export type EditorProgress = z.infer<typeof EditorProgress>;

export const EditorPhase = z.object({ name: z.string(), line: Line, progress: EditorProgress });
export type EditorPhase = z.infer<typeof EditorPhase>;

/** The generation of this document that is running (or ended last), from whichever client started it. */
export const EditorOperation = z.object({
  id: z.string(),
  kind: OperationSummaryKind,
  status: OperationStatus,
  agent: z.string(),
  /** The latest step the agent reported ("Writing spec.md…"). */
  step: z.optional(z.string()),
  reason: z.optional(z.string()),
});
export type EditorOperation = z.infer<typeof EditorOperation>;

// ── host → webview ──────────────────────────────────────────────────────────

export const EditorDocumentMessage = z.object({
  type: z.literal('document'),
  kind: EditorDocumentKind,
  fileName: z.string(),
  featureName: z.string(),
  text: z.string().check(z.maxLength(MAX_EDITOR_TEXT)),
  version: DocVersion,
  dirty: z.boolean(),
  /** tasks.md only. */
  tasks: z.optional(z.array(EditorTask)),
  phases: z.optional(z.array(EditorPhase)),
  progress: z.optional(EditorProgress),
  /** Checklist items' progress, apart from the tasks' ("checklist 4/9"). */
  checklistProgress: z.optional(EditorProgress),
  /** spec.md only: the open `[NEEDS CLARIFICATION: …]` markers. */
  clarifications: z.optional(z.array(Clarification)),
  /** Agents do not run in an untrusted workspace: Generate is off. */
  trusted: z.boolean(),
  /** tasks.md: why ▷ Run is not offered (the agent writes documents only), absent when it is. */
  runBlocked: z.optional(z.string()),
});
export type EditorDocumentMessage = z.infer<typeof EditorDocumentMessage>;

export const EditorHostMessage = z.discriminatedUnion('type', [
  EditorDocumentMessage,
  /** Traceability findings of the feature (spec.md and tasks.md), as the editor's text stands now. */
  z.object({ type: z.literal('findings'), findings: z.array(Finding) }),
  z.object({ type: z.literal('operation'), operation: z.nullable(EditorOperation) }),
  /** The answer to a request; `error` is for people. */
  z.object({
    type: z.literal('result'), requestId: RequestId, ok: z.boolean(), error: z.optional(z.string()),
    /** The document's version after the request's edit. */
    version: z.optional(DocVersion),
    /** The generation a `generate` request started. */
    operationId: z.optional(z.string()),
  }),
  /** The host could not use a message the webview sent. */
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type EditorHostMessage = z.infer<typeof EditorHostMessage>;

// ── webview → host ──────────────────────────────────────────────────────────

export const EditorClientMessage = z.discriminatedUnion('type', [
  /** The page loaded (or reloaded): send the document. */
  z.object({ type: z.literal('ready') }),
  /** The page has shown this version of the document (tests and the host know it caught up). */
  z.object({ type: z.literal('rendered'), version: DocVersion }),
  /** Edit mode: the whole text as the user left it, made against `baseVersion`; the host applies the difference. */
  z.object({ type: z.literal('edit'), requestId: RequestId, baseVersion: DocVersion, text: z.string().check(z.maxLength(MAX_EDITOR_TEXT)) }),
  /** A task's checkbox. `version` (when given) is the text the line number refers to. */
  z.object({ type: z.literal('tick'), requestId: RequestId, line: Line, done: z.boolean(), version: z.optional(DocVersion) }),
  /** Run the task on that line with the agent (tasks.md): the same as its "Run task" CodeLens. */
  z.object({ type: z.literal('runTask'), requestId: RequestId, line: Line }),
  z.object({ type: z.literal('generate'), requestId: RequestId, prompt: z.string().check(z.maxLength(10_000)) }),
  z.object({ type: z.literal('cancelGeneration'), requestId: RequestId }),
  z.object({
    type: z.literal('answerClarification'), requestId: RequestId,
    offset: z.int().check(z.nonnegative()), question: z.string().check(z.maxLength(10_000)), answer: z.string().check(z.trim(), z.minLength(1)).check(z.maxLength(10_000)),
  }),
  z.object({ type: z.literal('openAsText'), requestId: RequestId }),
  z.object({ type: z.literal('showHistory'), requestId: RequestId }),
  /** Show a finding's place: in this editor's document or another of the feature's files. */
  z.object({ type: z.literal('reveal'), requestId: RequestId, file: z.string().check(z.minLength(1)), line: Line }),
]);
export type EditorClientMessage = z.infer<typeof EditorClientMessage>;
export type EditorRequest = Exclude<EditorClientMessage, { type: 'ready' | 'rendered' }>;
export type EditorResult = Extract<EditorHostMessage, { type: 'result' }>;

/** A short, readable account of why a message did not parse (for the error reply and the log). */
export function describeInvalid(error: z.core.$ZodError): string {
  return error.issues.slice(0, 3).map((issue) => `${issue.path.length ? issue.path.join('.') : 'message'}: ${issue.message}`).join('; ');
}
