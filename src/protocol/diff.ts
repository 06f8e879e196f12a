import * as z from 'zod/mini';

/**
 * The semantic diff of two versions of a feature document: which requirements, success criteria,
 * user stories or tasks were added, removed, modified (with a word diff) or renumbered. Shared by
 * the hub (`listVersions`, `diffVersions`, `impactedTasks`), the CLI's `specwright diff --json`
 * and the History → Compare view.
 */

/** The documents with a structure worth diffing: spec.md (requirements, criteria, stories) and tasks.md. */
export const DiffDocument = z.enum(['spec', 'tasks']);
export type DiffDocument = z.infer<typeof DiffDocument>;

export const WordPart = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type WordPart = z.infer<typeof WordPart>;

export const DiffChangeKind = z.enum(['added', 'removed', 'modified', 'renumbered']);
export type DiffChangeKind = z.infer<typeof DiffChangeKind>;

export const DiffChange = z.object({
  kind: DiffChangeKind,
  /** The id in the newer version (for a removed item: in the older one); '' for a task without an id. */
  id: z.string(),
  /** Renumbered: the id it had in the older version. */
  fromId: z.optional(z.string()),
  /** Its text in the older version (absent when added). */
  before: z.optional(z.string()),
  /** Its text in the newer version (absent when removed). */
  after: z.optional(z.string()),
  /** Modified, or renumbered with a changed text: the word diff from `before` to `after`. */
  words: z.optional(z.array(WordPart)),
  /** 0-based line in the newer version (for a removed item: in the older one). */
  line: z.optional(z.int().check(z.nonnegative())),
  /** Added under an id that named something else in the older version, or a retired id: ids are for ever. */
  reusedId: z.optional(z.boolean()),
  /** Removed and recorded under "Retired requirements" in the newer version (else it was dropped silently). */
  retired: z.optional(z.object({ date: z.optional(z.string()), reason: z.optional(z.string()) })),
});
export type DiffChange = z.infer<typeof DiffChange>;

export const DiffSectionKey = z.enum(['requirements', 'successCriteria', 'stories', 'tasks']);
export type DiffSectionKey = z.infer<typeof DiffSectionKey>;

export const DiffSection = z.object({
  key: DiffSectionKey,
  title: z.string(),
  changes: z.array(DiffChange),
  /** Items the same in both versions (id and text). */
  unchanged: z.int().check(z.nonnegative()),
});
export type DiffSection = z.infer<typeof DiffSection>;

/** "2 added, 1 removed, 3 modified" (or "no changes"): the same words in the CLI and the Compare view. */
export function summarizeSections(sections: readonly DiffSection[], separator = ', '): string {
  const counts = new Map<string, number>();
  for (const s of sections) for (const c of s.changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const parts = DiffChangeKind.options.filter((k) => counts.get(k)).map((k) => `${counts.get(k)} ${k}`);
  return parts.length ? parts.join(separator) : 'no changes';
}

/** One side of a comparison: the document as it is, a kept version, the spec tasks.md was written from, or a git revision. */
export const VersionInfo = z.object({
  /** What to pass back as `from`/`to`: `current`, `basis`, a version id, or `git:<rev>`. */
  ref: z.string(),
  kind: z.enum(['current', 'version', 'basis', 'git']),
  label: z.string(),
  createdAt: z.optional(z.number()),
  /** Why the version was kept (before-generation, failed-output, restore, manual, …). */
  reason: z.optional(z.string()),
  agent: z.optional(z.string()),
  prompt: z.optional(z.string()),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

export const DocumentDiff = z.object({
  /** Absolute path of the feature folder. */
  feature: z.string(),
  document: DiffDocument,
  from: VersionInfo,
  to: VersionInfo,
  sections: z.array(DiffSection),
});
export type DocumentDiff = z.infer<typeof DocumentDiff>;

/** A requirement a task cites, changed since the task was written (or since it was done). */
export const RequirementChange = z.object({
  id: z.string(),
  change: z.enum(['modified', 'removed']),
  before: z.string(),
  after: z.optional(z.string()),
  words: z.optional(z.array(WordPart)),
});
export type RequirementChange = z.infer<typeof RequirementChange>;

export const ImpactedTask = z.object({
  /** The task id, or `line:N`. */
  key: z.string(),
  id: z.optional(z.string()),
  /** 0-based line in tasks.md. */
  line: z.int().check(z.nonnegative()),
  title: z.string(),
  done: z.boolean(),
  requirements: z.array(RequirementChange),
});
export type ImpactedTask = z.infer<typeof ImpactedTask>;

export const ListVersionsParams = z.object({ feature: z.string().check(z.minLength(1)), document: DiffDocument });
export const ListVersionsResult = z.object({ versions: z.array(VersionInfo) });
export const DiffVersionsParams = z.object({
  feature: z.string().check(z.minLength(1)),
  document: DiffDocument,
  /** Default: the newest kept version that differs from `to`. */
  from: z.optional(z.string().check(z.maxLength(300))),
  /** Default: `current`. */
  to: z.optional(z.string().check(z.maxLength(300))),
});
export const DiffVersionsResult = DocumentDiff;
/** The tasks a spec change made stale: what a "Refine tasks" turn would offer to update. */
export const ImpactedTasksParams = z.object({ feature: z.string().check(z.minLength(1)) });
export const ImpactedTasksResult = z.object({
  tasks: z.array(ImpactedTask),
  /** When tasks.md was generated from the spec these changes are measured against; absent: no record. */
  basisRecordedAt: z.optional(z.number()),
});
export type ImpactedTasksResult = z.infer<typeof ImpactedTasksResult>;

/** Host → client: open History → Compare on these sides (VS Code's "Compare Requirements…", a CodeLens). */
export const ShowCompareMessage = z.object({
  type: z.literal('showCompare'),
  feature: z.string(),
  document: DiffDocument,
  from: z.optional(z.string()),
  to: z.optional(z.string()),
});
export type ShowCompareMessage = z.infer<typeof ShowCompareMessage>;
