/**
 * The git state around a task run: before it starts, the branch, HEAD and the files that were
 * already dirty (with a fingerprint of each, so a later change to an already dirty file is still
 * seen); after it ends, the files the run created, changed or deleted. Plain `git` subprocesses
 * with argument arrays; GIT_OPTIONAL_LOCKS=0 so reading never takes the index lock an agent's
 * own git command may need.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitState } from '../../protocol';

const GIT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/** What was true before the run, to compare with afterwards. */
export interface GitSnapshot {
  state: GitState;
  /** Content hash of every file dirty before the run ('' when it was deleted). */
  fingerprints: Map<string, string>;
}

/** Runs git in `cwd`; undefined when git is missing, `cwd` is not in a repository, or the command fails. */
export function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', [...args], {
      cwd, encoding: 'utf8', maxBuffer: MAX_OUTPUT, timeout: GIT_TIMEOUT_MS, windowsHide: true,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

/** Branch, HEAD and dirty files of the repository `dir` is in; undefined outside one (or without git). */
export async function readGitState(dir: string): Promise<GitState | undefined> {
  const root = (await git(dir, ['rev-parse', '--show-toplevel']))?.trim();
  if (!root) return undefined;
  const [branch, head, dirty] = await Promise.all([
    git(root, ['symbolic-ref', '--short', '-q', 'HEAD']),
    git(root, ['rev-parse', '-q', '--verify', 'HEAD']),
    dirtyFiles(root),
  ]);
  return {
    root,
    ...(branch?.trim() ? { branch: branch.trim() } : {}),
    ...(head?.trim() ? { head: head.trim() } : {}),
    dirty: dirty ?? [],
  };
}

export async function takeGitSnapshot(dir: string): Promise<GitSnapshot | undefined> {
  const state = await readGitState(dir);
  if (!state) return undefined;
  const fingerprints = new Map<string, string>();
  await Promise.all(state.dirty.map(async (path) => fingerprints.set(path, await fingerprint(state.root, path))));
  return { state, fingerprints };
}

/**
 * Files the run touched, relative to the repository root, sorted: dirty now and clean before,
 * dirty before and different now (or clean again), and whatever commits the run made changed.
 */
export async function touchedSince(before: GitSnapshot): Promise<string[] | undefined> {
  const { root } = before.state;
  const now = await dirtyFiles(root);
  if (now === undefined) return undefined;
  const touched = new Set<string>();
  const wasDirty = new Set(before.state.dirty);
  for (const path of now) {
    if (!wasDirty.has(path)) touched.add(path);
    else if ((await fingerprint(root, path)) !== before.fingerprints.get(path)) touched.add(path);
  }
  const dirtyNow = new Set(now);
  for (const path of before.state.dirty) if (!dirtyNow.has(path)) touched.add(path);
  const head = (await git(root, ['rev-parse', '-q', '--verify', 'HEAD']))?.trim();
  if (head && head !== before.state.head) {
    const range = before.state.head ? [before.state.head, head] : [head];
    const committed = before.state.head
      ? await git(root, ['diff', '--name-only', '-z', ...range])
      : await git(root, ['ls-tree', '-r', '--name-only', '-z', head]);
    for (const path of splitZ(committed ?? '')) if (!OWN_FILES.test(path)) touched.add(path);
  }
  return [...touched].sort();
}

/** A file's content at a commit ('' when it did not exist there): the left side of "Show changes". */
export async function contentAt(root: string, commit: string, path: string): Promise<string> {
  return (await git(root, ['show', `${commit}:${path.split('\\').join('/')}`])) ?? '';
}

/** Paths with uncommitted changes (staged, unstaged, untracked; renames as both names). */
async function dirtyFiles(root: string): Promise<string[] | undefined> {
  const out = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']);
  if (out === undefined) return undefined;
  // Each entry is "XY path"; -z keeps paths verbatim (no quoting of spaces or unicode).
  return [...new Set(splitZ(out).filter((e) => e.length > 3).map((e) => e.slice(3)).filter((p) => !OWN_FILES.test(p)))].sort();
}

async function fingerprint(root: string, path: string): Promise<string> {
  try {
    return createHash('sha1').update(await readFile(join(root, path))).digest('hex');
  } catch {
    return '';
  }
}

/** Specwright's own bookkeeping (journal, versions) is not something a task changed. */
const OWN_FILES = /(^|\/)\.specwright\//;

const splitZ = (text: string): string[] => text.split('\0').filter(Boolean);
