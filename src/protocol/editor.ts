/**
 * Messages between the Specwright document editor (a webview per open spec.md, plan.md or
 * tasks.md) and its host. The TextDocument in the host is the truth: the webview shows what the
 * host sends and asks for changes; every message is `safeParse`d on arrival on both sides.
 */
import { z } from 'zod';
import { Clarification, Finding, TaskRunStatus } from './messages';
import { OperationKind, OperationStatus, OperationSummaryKind } from './operations';

/** The documents the editor opens; the same three kinds a generation writes. */
export const EditorDocumentKind = OperationKind;
export type EditorDocumentKind = OperationKind;

/** A whole document travels in one message; beyond this it is not a spec any more. */
export const MAX_EDITOR_TEXT = 5_000_000;

const Line = z.number().int().nonnegative();
/** TextDocument.version: grows with every change, so a request can say which text it was made against. */
const DocVersion = z.number().int().nonnegative();
const RequestId = z.string().min(1).max(100);

export const EditorTask = z.object({
  /** 0-based line of the checkbox. */
  line: Line,
  mark: z.enum([' ', 'x', 'X', '-', '~']),
  done: z.boolean(),
  /** What the mark means in this file: `-` is skipped (spec-kit) or in progress (Kiro), `~` queued (Kiro). */
  state: z.enum(['todo', 'done', 'skipped', 'inProgress', 'queued']).optional(),
  /** A checklist item (Definition of Done, gate, acceptance checklist): tickable, never run, counted apart. */
  checklist: z.boolean().optional(),
  /** Kiro's optional task (`- [ ]*`). */
  optional: z.boolean().optional(),
  id: z.string().optional(),
  /** The line's Markdown after the checkbox, as written. */
  text: z.string(),
  /** Nesting under a parent task (0 at the top). */
  depth: z.number().int().nonnegative(),
  /** What a task run says about it (queued, running, done, failed, skipped), when one ran it. */
  run: z.object({ status: TaskRunStatus, reason: z.string().optional() }).optional(),
});
export type EditorTask = z.infer<typeof EditorTask>;

export const EditorProgress = z.object({ done: z.number().int().nonnegative(), skipped: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
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
  step: z.string().optional(),
  reason: z.string().optional(),
});
export type EditorOperation = z.infer<typeof EditorOperation>;

// ── host → webview ──────────────────────────────────────────────────────────

export const EditorDocumentMessage = z.object({
  type: z.literal('document'),
  kind: EditorDocumentKind,
  fileName: z.string(),
  featureName: z.string(),
  text: z.string().max(MAX_EDITOR_TEXT),
  version: DocVersion,
  dirty: z.boolean(),
  /** tasks.md only. */
  tasks: z.array(EditorTask).optional(),
  phases: z.array(EditorPhase).optional(),
  progress: EditorProgress.optional(),
  /** Checklist items' progress, apart from the tasks' ("checklist 4/9"). */
  checklistProgress: EditorProgress.optional(),
  /** spec.md only: the open `[NEEDS CLARIFICATION: …]` markers. */
  clarifications: z.array(Clarification).optional(),
  /** Agents do not run in an untrusted workspace: Generate is off. */
  trusted: z.boolean(),
});
export type EditorDocumentMessage = z.infer<typeof EditorDocumentMessage>;

export const EditorHostMessage = z.discriminatedUnion('type', [
  EditorDocumentMessage,
  /** Traceability findings of the feature (spec.md and tasks.md), as the editor's text stands now. */
  z.object({ type: z.literal('findings'), findings: z.array(Finding) }),
  z.object({ type: z.literal('operation'), operation: EditorOperation.nullable() }),
  /** The answer to a request; `error` is for people. */
  z.object({
    type: z.literal('result'), requestId: RequestId, ok: z.boolean(), error: z.string().optional(),
    /** The document's version after the request's edit. */
    version: DocVersion.optional(),
    /** The generation a `generate` request started. */
    operationId: z.string().optional(),
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
  z.object({ type: z.literal('edit'), requestId: RequestId, baseVersion: DocVersion, text: z.string().max(MAX_EDITOR_TEXT) }),
  /** A task's checkbox. `version` (when given) is the text the line number refers to. */
  z.object({ type: z.literal('tick'), requestId: RequestId, line: Line, done: z.boolean(), version: DocVersion.optional() }),
  /** Run the task on that line with the agent (tasks.md): the same as its "Run task" CodeLens. */
  z.object({ type: z.literal('runTask'), requestId: RequestId, line: Line }),
  z.object({ type: z.literal('generate'), requestId: RequestId, prompt: z.string().max(10_000) }),
  z.object({ type: z.literal('cancelGeneration'), requestId: RequestId }),
  z.object({
    type: z.literal('answerClarification'), requestId: RequestId,
    offset: z.number().int().nonnegative(), question: z.string().max(10_000), answer: z.string().trim().min(1).max(10_000),
  }),
  z.object({ type: z.literal('openAsText'), requestId: RequestId }),
  z.object({ type: z.literal('showHistory'), requestId: RequestId }),
  /** Show a finding's place: in this editor's document or another of the feature's files. */
  z.object({ type: z.literal('reveal'), requestId: RequestId, file: z.string().min(1), line: Line }),
]);
export type EditorClientMessage = z.infer<typeof EditorClientMessage>;
export type EditorRequest = Exclude<EditorClientMessage, { type: 'ready' | 'rendered' }>;
export type EditorResult = Extract<EditorHostMessage, { type: 'result' }>;

/** A short, readable account of why a message did not parse (for the error reply and the log). */
export function describeInvalid(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((issue) => `${issue.path.length ? issue.path.join('.') : 'message'}: ${issue.message}`).join('; ');
}
