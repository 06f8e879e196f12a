/** The document pipeline's requests: new features, Generate All, clarifications, checks, feature status. */
import * as z from 'zod/mini';
import { OperationKind, OperationSummary } from './operations';

/** A feature folder (specs/NNN-slug/ or .kiro/specs/<name>/) as clients list it. */
export const FeatureInfo = z.object({ path: z.string(), name: z.string(), hasSpec: z.boolean() });
export type FeatureInfo = z.infer<typeof FeatureInfo>;

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
