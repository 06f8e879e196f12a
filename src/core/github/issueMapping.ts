/**
 * Which issue belongs to which task, kept beside the feature in
 * `<feature>/.specwright/github-issues.json`, so running "issues from tasks" again creates
 * nothing twice. Per repository (a feature can be sent to a fork and to upstream), per task id:
 *
 *   { "version": 1, "repositories": { "octo/app": {
 *       "tracking": { "number": 40, … },
 *       "tasks": { "T012": { "number": 41, "url": "…", "title": "T012: …", "digest": "…", "state": "open" } } } } }
 *
 * Meant to be committed with the feature: teammates then update the same issues.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { GitHubError } from './errors';

export const MAPPING_FILE = join('.specwright', 'github-issues.json');

const IssueRecord = z.object({
  number: z.int().check(z.positive()),
  url: z.string(),
  title: z.string(),
  /** Digest of the title and body last sent (issueContent.ts): what changed since. */
  digest: z.string(),
  state: z.enum(['open', 'closed']),
});
export type IssueRecord = z.infer<typeof IssueRecord>;

const RepositoryIssues = z.object({
  tracking: z.optional(IssueRecord),
  tasks: z.record(z.string(), IssueRecord),
});
export type RepositoryIssues = z.infer<typeof RepositoryIssues>;

const IssueMapping = z.object({
  version: z.literal(1),
  repositories: z.record(z.string(), RepositoryIssues),
});
export type IssueMapping = z.infer<typeof IssueMapping>;

export const mappingPathOf = (featureDir: string): string => join(featureDir, MAPPING_FILE);
export const emptyMapping = (): IssueMapping => ({ version: 1, repositories: {} });
/** Repositories are keyed case-insensitively, as GitHub names them. */
export const repositoryKey = (fullName: string): string => fullName.toLowerCase();

export async function readIssueMapping(featureDir: string): Promise<IssueMapping> {
  const path = mappingPathOf(featureDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyMapping();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = IssueMapping.safeParse(json);
  // Going on without it would create every issue a second time: stop and say so instead.
  if (!parsed.success) throw new GitHubError('invalid', `${path} is not a mapping Specwright can read. Fix it (it is JSON), or delete it: the issues are then found again by their hidden marker.`);
  return parsed.data;
}

export function issuesOf(mapping: IssueMapping, fullName: string): RepositoryIssues {
  return mapping.repositories[repositoryKey(fullName)] ?? { tasks: {} };
}

/** Written whole to a temporary file, then renamed over the old one: a crash never leaves half a file. */
export async function writeIssueMapping(featureDir: string, mapping: IssueMapping): Promise<void> {
  const path = mappingPathOf(featureDir);
  await mkdir(join(featureDir, '.specwright'), { recursive: true });
  const sorted: IssueMapping = { version: 1, repositories: {} };
  for (const key of Object.keys(mapping.repositories).sort()) {
    const repo = mapping.repositories[key];
    const tasks: Record<string, IssueRecord> = {};
    for (const id of Object.keys(repo.tasks).sort(byTaskId)) tasks[id] = repo.tasks[id];
    sorted.repositories[key] = { ...(repo.tracking ? { tracking: repo.tracking } : {}), tasks };
  }
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`, 'utf8');
  await rename(temp, path);
}

const byTaskId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
