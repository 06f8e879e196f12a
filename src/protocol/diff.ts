import { z } from 'zod';

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
  fromId: z.string().optional(),
  /** Its text in the older version (absent when added). */
  before: z.string().optional(),
  /** Its text in the newer version (absent when removed). */
  after: z.string().optional(),
  /** Modified, or renumbered with a changed text: the word diff from `before` to `after`. */
  words: z.array(WordPart).optional(),
  /** 0-based line in the newer version (for a removed item: in the older one). */
  line: z.number().int().nonnegative().optional(),
  /** Added under an id that named something else in the older version, or a retired id: ids are for ever. */
  reusedId: z.boolean().optional(),
  /** Removed and recorded under "Retired requirements" in the newer version (else it was dropped silently). */
  retired: z.object({ date: z.string().optional(), reason: z.string().optional() }).optional(),
});
export type DiffChange = z.infer<typeof DiffChange>;

export const DiffSectionKey = z.enum(['requirements', 'successCriteria', 'stories', 'tasks']);
export type DiffSectionKey = z.infer<typeof DiffSectionKey>;

export const DiffSection = z.object({
  key: DiffSectionKey,
  title: z.string(),
  changes: z.array(DiffChange),
  /** Items the same in both versions (id and text). */
  unchanged: z.number().int().nonnegative(),
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
  createdAt: z.number().optional(),
  /** Why the version was kept (before-generation, failed-output, restore, manual, …). */
  reason: z.string().optional(),
  agent: z.string().optional(),
  prompt: z.string().optional(),
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
  after: z.string().optional(),
  words: z.array(WordPart).optional(),
});
export type RequirementChange = z.infer<typeof RequirementChange>;

export const ImpactedTask = z.object({
  /** The task id, or `line:N`. */
  key: z.string(),
  id: z.string().optional(),
  /** 0-based line in tasks.md. */
  line: z.number().int().nonnegative(),
  title: z.string(),
  done: z.boolean(),
  requirements: z.array(RequirementChange),
});
export type ImpactedTask = z.infer<typeof ImpactedTask>;

export const ListVersionsParams = z.object({ feature: z.string().min(1), document: DiffDocument });
export const ListVersionsResult = z.object({ versions: z.array(VersionInfo) });
export const DiffVersionsParams = z.object({
  feature: z.string().min(1),
  document: DiffDocument,
  /** Default: the newest kept version that differs from `to`. */
  from: z.string().max(300).optional(),
  /** Default: `current`. */
  to: z.string().max(300).optional(),
});
export const DiffVersionsResult = DocumentDiff;
/** The tasks a spec change made stale: what a "Refine tasks" turn would offer to update. */
export const ImpactedTasksParams = z.object({ feature: z.string().min(1) });
export const ImpactedTasksResult = z.object({
  tasks: z.array(ImpactedTask),
  /** When tasks.md was generated from the spec these changes are measured against; absent: no record. */
  basisRecordedAt: z.number().optional(),
});
export type ImpactedTasksResult = z.infer<typeof ImpactedTasksResult>;

/** Host → client: open History → Compare on these sides (VS Code's "Compare Requirements…", a CodeLens). */
export const ShowCompareMessage = z.object({
  type: z.literal('showCompare'),
  feature: z.string(),
  document: DiffDocument,
  from: z.string().optional(),
  to: z.string().optional(),
});
export type ShowCompareMessage = z.infer<typeof ShowCompareMessage>;
