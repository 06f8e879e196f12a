import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { AgentEvent } from '../../protocol';
import type { AgentRequest, AgentRunContext } from '../ports/agent';

/** Folders never looked into: dependencies, git's own, and Specwright's (it writes there during the run). */
const SKIPPED = new Set(['node_modules', '.git', '.specwright']);
/** A workspace bigger than this is looked at in part (and the message says so). */
export const OUTSIDE_SNAPSHOT_LIMIT = 20_000;
/** How many paths a message names; the rest are counted. */
const NAMED = 10;

/** The workspace outside the feature folder: relative path → size and mtime. */
export interface OutsideSnapshot {
  files: Map<string, string>;
  /** The limit was reached: files past it are not compared. */
  partial: boolean;
}

export interface OutsideChanges {
  created: string[];
  changed: string[];
  deleted: string[];
  partial: boolean;
}

/**
 * A cheap picture of the workspace outside the feature folder (paths, sizes, mtimes; no content),
 * bounded in count. Taken before and after a run of an agent Specwright cannot confine (a plain
 * command runs with the user's rights), it tells what the agent wrote where it should not have.
 */
export async function snapshotOutside(workspaceRoot: string, featureDir: string, limit = OUTSIDE_SNAPSHOT_LIMIT): Promise<OutsideSnapshot> {
  const files = new Map<string, string>();
  const root = path.resolve(workspaceRoot);
  const feature = path.resolve(featureDir);
  const pending = [root];
  let partial = false;
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && full !== feature) pending.push(full);
        continue;
      }
      if (files.size >= limit) {
        partial = true;
        break;
      }
      try {
        const info = await lstat(full);
        files.set(path.relative(root, full).split(path.sep).join('/'), `${info.size}:${info.mtimeMs}`);
      } catch {
        // Gone meanwhile.
      }
    }
    if (partial) break;
  }
  return { files, partial };
}

export function outsideChanges(before: OutsideSnapshot, after: OutsideSnapshot): OutsideChanges {
  const created: string[] = [];
  const changed: string[] = [];
  for (const [file, look] of after.files) {
    const was = before.files.get(file);
    if (was === undefined) {
      // A file past the limit before the run may only look new.
      if (!before.partial) created.push(file);
    } else if (was !== look) changed.push(file);
  }
  const deleted = after.partial ? [] : [...before.files.keys()].filter((f) => !after.files.has(f));
  return { created: created.sort(), changed: changed.sort(), deleted: deleted.sort(), partial: before.partial || after.partial };
}

export const outsideFiles = (changes: OutsideChanges): string[] => [...changes.created, ...changes.changed, ...changes.deleted];

/**
 * What the conversation says: which agent, which files, and that nothing was undone. An error row
 * (visible, with a hint), even when the run succeeded: the document may be fine, the rest is not.
 */
export function outsideWritesEvent(label: string, changes: OutsideChanges): AgentEvent | undefined {
  const all = outsideFiles(changes);
  if (all.length === 0) return undefined;
  const named = (files: string[], what: string) => (files.length ? `${what} ${files.slice(0, NAMED).join(', ')}${files.length > NAMED ? ` and ${files.length - NAMED} more` : ''}` : '');
  const parts = [named(changes.created, 'created'), named(changes.changed, 'changed'), named(changes.deleted, 'deleted')].filter(Boolean);
  const count = `${all.length} file${all.length === 1 ? '' : 's'}`;
  return {
    kind: 'error',
    code: 'wrote_outside_feature',
    message: `${label} wrote ${count} outside the feature folder while it ran: ${parts.join('; ')}.`,
    hint: `Specwright undid none of it: check these files (git status / git diff) and restore what you did not want.${changes.partial ? ` Only the first ${OUTSIDE_SNAPSHOT_LIMIT.toLocaleString('en-US')} files of the workspace were compared.` : ''} Files outside the workspace are not checked.`,
  };
}

/**
 * Runs an agent Specwright cannot confine and says what it wrote outside the feature folder: an
 * error row in the conversation, and the files as the operation's `touched` (History, export, the
 * CLI's last line). Only for document generations: a task run (SPECWRIGHT_TASK set) is meant to
 * change the code, and lists what it changed itself. Nothing is restored.
 */
export async function watchOutsideWrites<T>(label: string, request: AgentRequest, ctx: AgentRunContext, run: () => Promise<T>): Promise<T> {
  if (request.env.SPECWRIGHT_TASK !== undefined) return run();
  const before = await snapshotOutside(request.workspaceRoot, request.featureDir).catch(() => undefined);
  const outcome = await run();
  if (!before) return outcome;
  try {
    const changes = outsideChanges(before, await snapshotOutside(request.workspaceRoot, request.featureDir));
    const event = outsideWritesEvent(label, changes);
    if (event) {
      ctx.emit(event);
      ctx.report?.({ touched: outsideFiles(changes) });
    }
  } catch {
    // A workspace that cannot be read after the run: nothing to compare, the run's outcome stands.
  }
  return outcome;
}
