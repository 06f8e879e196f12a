import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The watchdog's program, run by `node -e` (the host's own executable: Node, or VS Code's
 * Electron as Node). It reads `+PGID` / `-PGID` lines on stdin: the process groups of the agents
 * the host runs. When its stdin ends or its parent changes (the host is gone: killed with
 * SIGKILL, crashed, or exited without cleaning up) it sends SIGTERM to every process of those
 * groups and to their descendants (a walk of /proc, or `ps` elsewhere, finds one that left its
 * group with setsid), SIGKILL to what is left after GRACE ms, and exits. An empty set at the end
 * of stdin is a host that is done with it: nothing to do. Self-contained: nothing to load.
 */
const PROGRAM = String.raw`
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const GRACE = Number(process.argv[1]) || 1000;
const parent = process.ppid;
const groups = new Set();
let pending = '';
let reaping = false;
const table = () => {
  try {
    const rows = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync('/proc/' + name + '/stat', 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (f[0] !== 'Z' && f[0] !== 'X') rows.push({ pid: Number(name), ppid: Number(f[1]), pgid: Number(f[2]) });
      } catch {}
    }
    return rows;
  } catch {
    const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8', timeout: 5000 });
    return String(ps.stdout || '').split('\n').map((l) => l.trim().split(/\s+/))
      .filter((c) => c.length >= 3 && !String(c[3] || '').startsWith('Z'))
      .map((c) => ({ pid: Number(c[0]), ppid: Number(c[1]), pgid: Number(c[2]) }));
  }
};
const targets = (seeds) => {
  const rows = table();
  const found = new Set(rows.filter((p) => groups.has(p.pgid) || seeds.has(p.pid)).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of rows) if (!found.has(p.pid) && found.has(p.ppid)) { found.add(p.pid); grew = true; }
  }
  found.delete(process.pid);
  return found;
};
const signal = (pids, sig) => {
  for (const g of groups) { try { process.kill(-g, sig); } catch {} }
  for (const pid of pids) { try { process.kill(pid, sig); } catch {} }
};
const reap = () => {
  if (reaping) return;
  reaping = true;
  if (groups.size === 0) process.exit(0);
  const first = targets(new Set());
  signal(first, 'SIGTERM');
  const end = Date.now() + GRACE;
  const check = () => {
    const left = targets(first);
    if (left.size === 0) process.exit(0);
    if (Date.now() < end) { setTimeout(check, 50); return; }
    signal(left, 'SIGKILL');
    process.exit(0);
  };
  setTimeout(check, 50);
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
    const line = pending.slice(0, i);
    pending = pending.slice(i + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line[0] === '+') groups.add(pgid);
    else if (line[0] === '-') groups.delete(pgid);
  }
});
process.stdin.on('end', reap);
process.stdin.on('error', reap);
setInterval(() => { if (process.ppid !== parent) reap(); }, 500);
`;

/** Between the watchdog's SIGTERM and SIGKILL of an orphaned agent tree. */
export const WATCHDOG_GRACE_MS = 1000;

let dog: ChildProcess | undefined;

/**
 * Agents run in process groups of their own (so a cancel reaches their whole tree), which also
 * means a host killed with SIGKILL takes none of them along: no exit handler runs, and nothing in
 * Linux ends a child when its parent dies without a native call (prctl). So while agents run, a
 * tiny watchdog process holds a pipe from the host; the kernel closes it when the host dies, and
 * the watchdog then ends the groups it was told about. It lives only while agents run (it exits
 * when told there are none left) and never keeps the host's event loop alive. POSIX only: on
 * Windows the process tree is ended with taskkill by the host itself.
 */
export function watchGroup(pgid: number): void {
  if (process.platform === 'win32') return;
  write(`+${pgid}\n`);
}

export function unwatchGroup(pgid: number): void {
  if (!dog) return;
  write(`-${pgid}\n`);
}

/** No agent runs any more: the watchdog may go (it exits at the end of its input, with nothing to do). */
export function releaseWatchdog(): void {
  const current = dog;
  dog = undefined;
  current?.stdin?.end();
}

function write(line: string): void {
  const target = dog ?? start();
  target?.stdin?.write(line);
}

function start(): ChildProcess | undefined {
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['-e', PROGRAM, String(WATCHDOG_GRACE_MS)], {
      // Its own group: a Ctrl+C meant for the host's terminal group must not end the watchdog first.
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // VS Code's executable is Electron: this makes it the Node it also is.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    });
  } catch {
    return undefined;
  }
  // A watchdog that could not start or died is not the run's failure: the runs go on unguarded.
  child.once('error', () => { if (dog === child) dog = undefined; });
  child.once('exit', () => { if (dog === child) dog = undefined; });
  child.stdin?.on('error', () => undefined);
  // Neither the process nor its pipe may keep the host alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  dog = child;
  return child;
}
