import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One row of the OS process table, as much as killing a process tree needs. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group id: a child spawned `detached` leads its own group. */
  pgid: number;
  /** A zombie has exited and only waits to be reaped: signalling it is pointless. */
  zombie: boolean;
  /**
   * Opaque start time (Linux only). A pid seen again later with another start time is a new
   * process that reused the number, and must not be signalled.
   */
  startTime?: string;
}

/**
 * A snapshot of every process, or an empty list when the platform gives none (Windows, or a
 * failing `ps`): callers fall back to the process group, which needs no table.
 *
 * Synchronous on purpose: it also runs from a `process.on('exit')` handler, where nothing
 * asynchronous gets to run. On Linux it is a read of /proc (a few ms); elsewhere one `ps`.
 */
export function readProcessTable(platform: NodeJS.Platform = process.platform): ProcessInfo[] {
  if (platform === 'win32') return [];
  if (platform === 'linux') {
    const fromProc = readProc();
    if (fromProc) return fromProc;
  }
  return readPs();
}

/** The process as /proc sees it now, or undefined when it is gone (or the platform has no /proc). */
export function readProcStat(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 of proc(5): state, ppid, pgrp, … starttime is field 22.
  return {
    pid,
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    zombie: fields[0] === 'Z' || fields[0] === 'X',
    startTime: fields[19],
  };
}

/**
 * Whether a process still runs. A zombie counts as gone: it has exited, and whether it lingers
 * depends on its parent (or an init that may never reap it), not on anything we can do.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  const info = readProcStat(pid);
  return info !== undefined && !info.zombie;
}

function readProc(): ProcessInfo[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const table: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcStat(Number(entry));
    if (info) table.push(info);
  }
  return table;
}

function readPs(): ProcessInfo[] {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8', timeout: 5000 });
  if (ps.status !== 0 || typeof ps.stdout !== 'string') return [];
  const table: ProcessInfo[] = [];
  for (const line of ps.stdout.split('\n')) {
    const [pid, ppid, pgid, stat = ''] = line.trim().split(/\s+/);
    if (!pid || !ppid || !pgid) continue;
    table.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: stat.startsWith('Z') });
  }
  return table;
}
