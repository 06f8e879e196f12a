import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive, readProcessTable, readProcStat, type ProcessInfo } from './processTable';

/** How often the grace period checks whether the tree is gone (so a quick exit settles early). */
const POLL_MS = 50;

/**
 * Ends a whole process tree: SIGTERM to every process of it, then SIGKILL to whatever is left
 * after `graceMs`. Resolves once the tree is gone or SIGKILL has been sent.
 *
 * Killing only the direct child is not enough: the npm `copilot` command is a loader that runs
 * the native binary with spawnSync and forwards no signal, so the agent would outlive a cancel.
 * `rootPid` must lead its own process group (spawned `detached` on POSIX): the group reaches
 * every descendant that stayed in it, and a walk of the process table finds the ones that left
 * it with setsid. On Windows, `taskkill /T /F` does the walk (there is no SIGTERM to be polite
 * with: console programs ignore the close message a non-forced taskkill sends).
 */
export async function terminateTree(rootPid: number, graceMs: number): Promise<void> {
  assertKillablePid(rootPid);
  if (process.platform === 'win32') {
    await taskkill(rootPid);
    return;
  }
  // Snapshot before signalling: once a parent dies its children are re-parented to init and
  // the ppid links that lead to them are gone.
  const firstSeen = collectTree(rootPid, readProcessTable());
  signalTree(rootPid, firstSeen, 'SIGTERM');

  const deadline = Date.now() + Math.max(0, graceMs);
  while (Date.now() < deadline) {
    if (!isTreeAlive(rootPid, firstSeen)) return;
    await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
  if (!isTreeAlive(rootPid, firstSeen)) return;

  // Processes started during the grace period are in the new snapshot; pids from the first one
  // are only signalled if they still are the same process (not a reused number).
  // Survivors also seed the walk: the children they started meanwhile are found through them.
  const survivors = firstSeen.filter(isSameProcess);
  const seeds = survivors.map((p) => p.pid);
  signalTree(rootPid, [...survivors, ...collectTree(rootPid, readProcessTable(), seeds)], 'SIGKILL');
}

/**
 * SIGKILL the tree at once, synchronously: for `process.on('exit')`, where no timer will ever
 * fire. A grace period is impossible there, and an agent left running unattended after its host
 * exited is worse than one that did not get to clean up.
 */
export function killTreeNow(rootPid: number): void {
  assertKillablePid(rootPid);
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(rootPid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  signalTree(rootPid, collectTree(rootPid, readProcessTable()), 'SIGKILL');
}

/**
 * The root, its descendants (following ppid, so a grandchild that called setsid is found while
 * its parent lives), every member of the root's process group, and the descendants of `seeds`.
 */
export function collectTree(rootPid: number, table: readonly ProcessInfo[], seeds: readonly number[] = []): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const info of table) {
    const siblings = children.get(info.ppid);
    if (siblings) siblings.push(info);
    else children.set(info.ppid, [info]);
  }
  const found = new Map<number, ProcessInfo>();
  const starts = new Set([rootPid, ...seeds]);
  const queue = table.filter((p) => starts.has(p.pid) || p.pgid === rootPid);
  while (queue.length > 0) {
    const next = queue.pop() as ProcessInfo;
    if (found.has(next.pid)) continue;
    found.set(next.pid, next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return [...found.values()].filter((p) => p.pid !== process.pid && !p.zombie);
}

/** kill(-1) signals every process we may signal and kill(-0) our own group: never by accident. */
function assertKillablePid(pid: number): void {
  if (!Number.isInteger(pid) || pid <= 1) throw new RangeError(`not a process tree to kill: pid ${pid}`);
}

function signalTree(rootPid: number, processes: readonly ProcessInfo[], signal: NodeJS.Signals): void {
  trySignal(-rootPid, signal);
  for (const p of processes) {
    // The group signal reached its members already; a second SIGTERM would reach a process
    // that handles it twice (its cleanup run twice). SIGKILL cannot be handled: no harm there.
    if (p.pgid !== rootPid || signal === 'SIGKILL') trySignal(p.pid, signal);
  }
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone, which is the goal. EPERM: not ours to kill, nothing more to do.
  }
}

function isTreeAlive(rootPid: number, known: readonly ProcessInfo[]): boolean {
  return isGroupAlive(rootPid) || known.some(isSameProcess);
}

function isGroupAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    // kill(-pgid, 0) would also count zombies that nobody reaps yet, and wait out the grace.
    return readProcessTable('linux').some((p) => p.pgid === pgid && !p.zombie);
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isSameProcess(info: ProcessInfo): boolean {
  if (info.startTime === undefined) return isProcessAlive(info.pid);
  const now = readProcStat(info.pid);
  return now !== undefined && !now.zombie && now.startTime === info.startTime;
}

function taskkill(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    // Either way the attempt is over; a tree that is already gone makes taskkill fail too.
    child.once('error', () => resolve());
    child.once('exit', () => resolve());
  });
}
