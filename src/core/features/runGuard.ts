/**
 * What keeps a generation from losing text when the world does not cooperate:
 * - `ChangeWatch`: the document changed on disk while the agent ran (the user edited it in
 *   another editor, without VS Code's unsaved-edits guard): every text it had is remembered so it
 *   can be kept as a version instead of being silently overwritten.
 * - run markers: a generation that is running leaves `.specwright/running/<operation>.json`
 *   (which document, what it held before, which process). A marker whose process is gone means
 *   the host was killed mid-run (SIGKILL, power loss): the next start puts the previous document
 *   back (what the agent had written is kept as a version) and removes half-written temp files.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { atomicWrite } from './documentWrite';
import type { VersionStore } from './versions';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** How often a running generation looks at its document. */
const WATCH_INTERVAL_MS = 200;
/** Distinct texts remembered per run (each at most MAX_WATCHED_CHARS); the oldest go first. */
const MAX_WATCHED_TEXTS = 8;
const MAX_WATCHED_CHARS = 4 * 1024 * 1024;

/** Remembers each text the document had on disk during a run, other than the one it started with. */
export class ChangeWatch {
  private readonly seen = new Map<string, string>();
  private last: { mtimeMs: number; size: number } | undefined;
  private readonly timer: NodeJS.Timeout;
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly docPath: string, private readonly startContent: string | undefined) {
    this.timer = setInterval(() => { this.reading = this.reading.then(() => this.look()); }, WATCH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops watching after one last look; the texts seen, oldest first, without `final` (the result). */
  async stop(final: string | undefined): Promise<string[]> {
    clearInterval(this.timer);
    await this.reading;
    await this.look();
    const finalSha = final === undefined ? undefined : sha256(final);
    return [...this.seen].filter(([sha]) => sha !== finalSha).map(([, text]) => text);
  }

  private async look(): Promise<void> {
    try {
      const info = await stat(this.docPath);
      if (this.last && info.mtimeMs === this.last.mtimeMs && info.size === this.last.size) return;
      this.last = { mtimeMs: info.mtimeMs, size: info.size };
      if (info.size > MAX_WATCHED_CHARS * 4) return;
      const text = await readFile(this.docPath, 'utf8');
      if (text === this.startContent || text.trim() === '' || text.length > MAX_WATCHED_CHARS) return;
      const key = sha256(text);
      this.seen.delete(key);
      this.seen.set(key, text);
      if (this.seen.size > MAX_WATCHED_TEXTS) this.seen.delete(this.seen.keys().next().value as string);
    } catch {
      // Gone for a moment (an agent's rename) or unreadable: the next look will tell.
    }
  }
}

export interface RunMarker {
  operationId: string;
  pid: number;
  docPath: string;
  beforeExists: boolean;
  beforeSha256?: string;
  startedAt: number;
}

export const runMarkerDir = (workspaceRoot: string): string => join(workspaceRoot, '.specwright', 'running');
const markerPath = (workspaceRoot: string, operationId: string): string => join(runMarkerDir(workspaceRoot), `${operationId.replace(/[^\w.-]/g, '_')}.json`);

export async function writeRunMarker(workspaceRoot: string, marker: Omit<RunMarker, 'pid' | 'beforeSha256'> & { before?: string }): Promise<void> {
  const { before, ...rest } = marker;
  const full: RunMarker = { ...rest, pid: process.pid, ...(before === undefined ? {} : { beforeSha256: sha256(before) }) };
  await atomicWrite(markerPath(workspaceRoot, marker.operationId), JSON.stringify(full));
}

export async function removeRunMarker(workspaceRoot: string, operationId: string): Promise<void> {
  await rm(markerPath(workspaceRoot, operationId), { force: true });
}

/** Temp files of atomicWrite (`.<name>.<12 hex>.tmp`): left behind only by a process that died mid-write. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

export async function removeStaleTemps(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((n) => TEMP_FILE.test(n));
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
  return stale.length;
}

export interface Recovery {
  operationId: string;
  docPath: string;
  /** The previous document was put back. */
  restored: boolean;
  /** What the agent had written, kept as this version. */
  keptVersion?: string;
  removedTemps: number;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finishes, for the runs of this workspace folder whose process died, what a failed run does:
 * the previous document back (from its version), the agent's text kept as a version, no temp files.
 * Markers of a live process (another window or `specwright serve` on the same folder) are left alone.
 */
export async function recoverInterruptedRuns(workspaceRoot: string, versions: VersionStore): Promise<Recovery[]> {
  const dir = runMarkerDir(workspaceRoot);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const recovered: Recovery[] = [];
  await removeStaleTemps(dir);
  for (const name of names) {
    let marker: RunMarker;
    try {
      marker = JSON.parse(await readFile(join(dir, name), 'utf8')) as RunMarker;
      if (typeof marker.docPath !== 'string' || typeof marker.pid !== 'number') throw new Error('not a run marker');
    } catch {
      await rm(join(dir, name), { force: true });
      continue;
    }
    if (alive(marker.pid)) continue;
    recovered.push(await recoverOne(marker, versions));
    await rm(join(dir, name), { force: true });
  }
  return recovered;
}

async function recoverOne(marker: RunMarker, versions: VersionStore): Promise<Recovery> {
  const { docPath } = marker;
  const removedTemps = (await removeStaleTemps(dirname(docPath))) + (await removeStaleTemps(versions.folderOf(docPath)));
  const result: Recovery = { operationId: marker.operationId, docPath, restored: false, removedTemps };
  if (!marker.beforeExists || !marker.beforeSha256) return result;
  const now = await readFile(docPath, 'utf8').catch(() => undefined);
  if (now !== undefined && sha256(now) === marker.beforeSha256) return result;
  const previous = (await versions.list(docPath)).find((v) => v.sha256 === marker.beforeSha256);
  if (!previous) return result;
  const before = await versions.read(docPath, previous.id);
  if (now !== undefined && now.trim() !== '') {
    const kept = await versions.keep(docPath, now, { reason: 'failed-output', prompt: `interrupted run ${marker.operationId}` });
    if (kept) result.keptVersion = kept.id;
  }
  await atomicWrite(docPath, before);
  result.restored = true;
  return result;
}

export const describeRecovery = (r: Recovery): string =>
  `${basename(r.docPath)}: a run was interrupted; ${r.restored ? `the previous ${basename(r.docPath)} is back${r.keptVersion ? ` (what the agent had written is version ${r.keptVersion})` : ''}` : 'nothing to put back'}.`;
