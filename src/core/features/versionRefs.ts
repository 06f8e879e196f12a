/**
 * The sides a semantic diff can compare, by name: `current` (the file), `previous` (the newest
 * kept version that differs from it), `basis` (the spec tasks.md was written from), `git:<rev>`
 * (the file at a git revision) or a version id of the VersionStore (a unique prefix is enough).
 * Version ids and their index are the VersionStore's; whatever kind of turn keeps a version (a
 * generation, a restore, a refine turn with its prompt as reason) is listed the same way.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { DiffDocument, DocumentDiff, VersionInfo } from '../../protocol/diff';
import { contentAt, git } from '../git/gitState';
import { diffDocument } from './specDiff';
import { readTasksBasis } from './tasksBasis';
import type { Version, VersionStore } from './versions';

export class VersionRefError extends Error {
  constructor(readonly code: 'not_found' | 'invalid_params', message: string) {
    super(message);
  }
}

const FILES: Record<DiffDocument, string> = { spec: 'spec.md', tasks: 'tasks.md' };

const REASONS: Record<string, string> = {
  'before-generation': 'kept before a generation',
  'failed-output': 'output of a failed run',
  'changed-during-run': 'changed on disk during a run',
  restore: 'kept before a restore',
  manual: 'kept by hand',
};

export const documentFile = (document: DiffDocument): string => FILES[document];

const stamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function versionInfo(v: Version): VersionInfo {
  return {
    ref: v.id, kind: 'version', label: `${stamp(v.createdAt)} · ${REASONS[v.reason] ?? v.reason}`,
    createdAt: v.createdAt, reason: v.reason, ...(v.agent ? { agent: v.agent } : {}), ...(v.prompt ? { prompt: v.prompt } : {}),
  };
}

/** Every side a document can be compared from: the file, the basis (spec), then the kept versions newest first. */
export async function listDocumentVersions(featureDir: string, document: DiffDocument, versions: VersionStore): Promise<VersionInfo[]> {
  const path = join(featureDir, FILES[document]);
  const out: VersionInfo[] = [];
  if (await readOptional(path) !== undefined) out.push({ ref: 'current', kind: 'current', label: `${FILES[document]} as it is now` });
  if (document === 'spec') {
    const basis = await readTasksBasis(featureDir);
    if (basis) out.push({ ref: 'basis', kind: 'basis', label: `spec.md as tasks.md was written from it (${stamp(basis.recordedAt)})`, createdAt: basis.recordedAt });
  }
  for (const v of await versions.list(path)) out.push(versionInfo(v));
  return out;
}

/** The text and description of one side. */
export async function resolveVersion(featureDir: string, document: DiffDocument, ref: string, versions: VersionStore, other?: string): Promise<{ info: VersionInfo; text: string }> {
  const file = FILES[document];
  const path = join(featureDir, file);
  const feature = basename(featureDir);
  if (ref === 'current') {
    const text = await readOptional(path);
    if (text === undefined) throw new VersionRefError('not_found', `${feature} has no ${file}.`);
    return { info: { ref, kind: 'current', label: `${file} as it is now` }, text };
  }
  if (ref === 'basis') {
    if (document !== 'spec') throw new VersionRefError('invalid_params', '"basis" is the spec tasks.md was written from: compare it with --doc spec.');
    const basis = await readTasksBasis(featureDir);
    if (!basis) throw new VersionRefError('not_found', `${feature} has no record of the spec its tasks were written from: generate tasks.md with Specwright first.`);
    return { info: { ref, kind: 'basis', label: `spec.md as tasks.md was written from it (${stamp(basis.recordedAt)})`, createdAt: basis.recordedAt }, text: basis.spec };
  }
  if (ref.startsWith('git:')) return resolveGit(featureDir, file, ref);
  const list = await versions.list(path);
  if (ref === 'previous') {
    const sha = other === undefined ? undefined : createHash('sha256').update(other).digest('hex');
    const v = list.find((x) => x.sha256 !== sha);
    if (!v) throw new VersionRefError('not_found', `${file} of ${feature} has no earlier version to compare with yet (a version is kept before every generation and restore).`);
    return { info: versionInfo(v), text: await versions.read(path, v.id) };
  }
  const matches = list.filter((v) => v.id === ref || v.id.startsWith(ref));
  const exact = matches.find((v) => v.id === ref);
  if (!exact && matches.length !== 1) {
    const known = ['current', ...(document === 'spec' ? ['basis'] : []), 'previous', 'git:<rev>', ...list.slice(0, 5).map((v) => v.id)];
    throw new VersionRefError('not_found', matches.length > 1
      ? `"${ref}" matches ${matches.length} versions of ${file}; give more of the id.`
      : `No version "${ref}" of ${file} in ${feature}. Known: ${known.join(', ')}${list.length > 5 ? ', …' : ''} (specwright diff ${feature} --list shows them all).`);
  }
  const v = exact ?? matches[0];
  return { info: versionInfo(v), text: await versions.read(path, v.id) };
}

async function resolveGit(featureDir: string, file: string, ref: string): Promise<{ info: VersionInfo; text: string }> {
  const rev = ref.slice(4);
  const root = (await git(featureDir, ['rev-parse', '--show-toplevel']))?.trim();
  if (!root) throw new VersionRefError('not_found', `${ref}: ${basename(featureDir)} is not in a git repository.`);
  const commit = rev ? (await git(root, ['rev-parse', '-q', '--verify', `${rev}^{commit}`]))?.trim() : undefined;
  if (!commit) throw new VersionRefError('not_found', `Unknown git revision "${rev}".`);
  const rel = relative(root, join(featureDir, file)).split(sep).join('/');
  const exists = (await git(root, ['cat-file', '-e', `${commit}:${rel}`])) !== undefined;
  if (!exists) throw new VersionRefError('not_found', `${file} did not exist at ${rev} (${commit.slice(0, 8)}).`);
  return { info: { ref, kind: 'git', label: `${file} at ${rev} (${commit.slice(0, 8)})` }, text: await contentAt(root, commit, rel) };
}

/** The semantic diff of two sides; `from` defaults to the newest version that differs from `to` (default current). */
export async function diffFeatureVersions(featureDir: string, document: DiffDocument, refs: { from?: string; to?: string }, versions: VersionStore): Promise<DocumentDiff> {
  const to = await resolveVersion(featureDir, document, refs.to ?? 'current', versions);
  const from = await resolveVersion(featureDir, document, refs.from ?? 'previous', versions, to.text);
  return diffDocument(featureDir, document, from, to);
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
