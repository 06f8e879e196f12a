/**
 * The fault suite's tools: temp workspaces, the real CLI and `specwright serve` as child
 * processes, their peak RSS (Linux /proc VmHWM), the processes a run left behind (found by a tag
 * in their environment), and a WebSocket client. Every wait is bounded; every address is loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, WS_SUBPROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../src/protocol';

export const REPO = resolve(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');
export const AGENT = join(__dirname, 'agent.mjs');
export const ORIGINAL = '# Feature Specification: Albums\n\nThe user\'s own words, which no fault may lose.\n';
export const TAG_VAR = 'SPECWRIGHT_FAULT_TAG';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until<T>(probe: () => T | undefined | false, timeoutMs: number, step = 25): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) return undefined;
    await sleep(step);
  }
}

export interface Workspace { root: string; featureDir: string; spec: string }

export function workspace(name: string): Workspace {
  const root = mkdtempSync(join(tmpdir(), `sw-faults-${name}-`));
  const featureDir = join(root, 'specs', '001-albums');
  mkdirSync(featureDir, { recursive: true });
  const spec = join(featureDir, 'spec.md');
  writeFileSync(spec, ORIGINAL);
  return { root, featureDir, spec };
}

/** Files under `dir` (recursively) whose name matches. */
export function findFiles(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (test(entry.name)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Pids of live processes whose environment carries this tag. */
export function tagged(tag: string): number[] {
  const needle = `${TAG_VAR}=${tag}`;
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (env.split('\0').includes(needle)) {
        const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${name}/status`, 'latin1'))?.[1];
        if (state !== 'Z') pids.push(Number(name));
      }
    } catch { /* gone or not ours */ }
  }
  return pids;
}

/** Processes a run left: waits a moment for them to go, then kills what stays (so the suite leaves nothing). */
export async function leftover(tag: string): Promise<number> {
  const gone = await until(() => tagged(tag).length === 0, 5_000, 100);
  const left = gone ? [] : tagged(tag);
  for (const pid of left) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  return left.length;
}

/** Peak RSS of a live process in MB (VmHWM), 0 once it is gone. */
export function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const kb = Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

export function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return Math.round(Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  peakRssMb: number;
  tag: string;
}

export interface CliOptions {
  cwd: string;
  /** Called once the CLI runs; may kill it. */
  during?: (child: ChildProcess, tag: string) => void | Promise<void>;
  timeoutMs?: number;
}

/** Runs `node dist/cli.js …args` (stdout kept to its last 64 KB) and measures its peak RSS. */
export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  const tag = randomUUID();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, [TAG_VAR]: tag, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const keep = (text: string, add: string) => (text + add).slice(-64 * 1024);
  child.stdout?.on('data', (d: Buffer) => { stdout = keep(stdout, d.toString('utf8')); });
  child.stderr?.on('data', (d: Buffer) => { stderr = keep(stderr, d.toString('utf8')); });
  let peak = 0;
  const meter = setInterval(() => { peak = Math.max(peak, peakRssMb(child.pid)); }, 50);
  const limit = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  void Promise.resolve(options.during?.(child, tag));
  return new Promise((resolvePromise) => {
    child.once('exit', (code, signal) => {
      clearInterval(meter);
      clearTimeout(limit);
      // stdout may still hold the last lines: give the pipes their end.
      const done = () => resolvePromise({ code, signal, stdout, stderr, peakRssMb: peak, tag });
      if (child.stdout?.readableEnded) done();
      else { child.stdout?.once('end', done); setTimeout(done, 2_000).unref(); }
    });
  });
}

/** `--agent custom` pointing at the fault agent in this mode. */
export const agentFlags = (mode: string, ...args: string[]): string[] =>
  ['--agent', 'custom', '--agent-command', process.execPath, '--agent-arg', AGENT, ...[mode, ...args].flatMap((a) => ['--agent-arg', a])];

/** The last line a user sees: the CLI's verdict. */
export const verdict = (run: CliRun): string => run.stdout.trim().split('\n').filter((l) => /^[✔✖]/.test(l)).at(-1) ?? run.stderr.trim().split('\n').at(-1) ?? '';

export interface Serve {
  child: ChildProcess;
  port: number;
  token: string;
  tag: string;
  stop(): Promise<void>;
}

/** `specwright serve` on a workspace with the fault agent, mode read from `<root>/.fault-mode`. */
export async function startServe(root: string): Promise<Serve> {
  const tag = randomUUID();
  const child = spawn(process.execPath, [CLI, 'serve', '--workspace', root, ...agentFlags('fromfile')], { cwd: root, env: { ...process.env, [TAG_VAR]: tag }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  child.stderr?.resume();
  const url = await until(() => /http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)/.exec(out) ?? undefined, 30_000);
  if (!url) { child.kill('SIGKILL'); throw new Error(`specwright serve did not start: ${out}`); }
  return {
    child, port: Number(url[1]), token: url[2], tag,
    stop: async () => {
      child.kill('SIGINT');
      const ended = await until(() => child.exitCode !== null || child.signalCode !== null, 10_000);
      if (!ended) child.kill('SIGKILL');
    },
  };
}

export interface OpenSocket {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  /** 'open', an HTTP status of a refused upgrade, a close code, or 'error'. */
  outcome: Promise<'open' | number | 'error'>;
  closed: Promise<number>;
  send(message: unknown): void;
  waitFor(test: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown> | undefined>;
}

export interface SocketOptions {
  host?: string;
  /** Defaults to http://127.0.0.1:PORT; null: no Origin header. */
  origin?: string | null;
  token?: string | null;
  path?: string;
  address?: string;
}

export function openSocket(serve: Pick<Serve, 'port' | 'token'>, options: SocketOptions = {}): OpenSocket {
  const address = options.address ?? '127.0.0.1';
  const hostName = address.includes(':') ? `[${address}]` : address;
  const token = options.token === undefined ? serve.token : options.token;
  const protocols = token === null ? [WS_SUBPROTOCOL] : [WS_SUBPROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`];
  const origin = options.origin === undefined ? `http://${options.host ?? `${hostName}:${serve.port}`}` : options.origin;
  const ws = new WebSocket(`ws://${hostName}:${serve.port}${options.path ?? '/ws'}`, protocols, {
    ...(origin === null ? {} : { origin }),
    headers: options.host ? { Host: options.host } : {},
    handshakeTimeout: 10_000,
    maxPayload: 256 * 1024 * 1024,
  });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{ test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  ws.on('message', (data) => {
    let parsed: unknown;
    try { parsed = JSON.parse(String(data)); } catch { return; }
    for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>) {
      messages.push(m);
      for (const w of waiters.splice(0)) if (w.test(m)) w.resolve(m); else waiters.push(w);
    }
  });
  let status: number | undefined;
  ws.on('unexpected-response', (_req, res) => { status = res.statusCode; res.resume(); ws.terminate(); });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(status ?? code)));
  const outcome = new Promise<'open' | number | 'error'>((r) => {
    ws.once('open', () => r('open'));
    ws.once('close', (code) => r(status ?? code));
    ws.once('error', () => setTimeout(() => r(status ?? 'error'), 10));
  });
  return {
    ws, messages, outcome, closed,
    send: (m) => { if (ws.readyState === WebSocket.OPEN) ws.send(typeof m === 'string' ? m : JSON.stringify(m)); },
    waitFor: (test, timeoutMs = 10_000) => {
      const found = messages.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((r) => {
        const timer = setTimeout(() => r(undefined), timeoutMs);
        waiters.push({ test, resolve: (m) => { clearTimeout(timer); r(m); } });
      });
    },
  };
}

/** Opens, retrying after a 429/503 the way a real client backs off (at most `tries`). */
export async function openWithRetry(serve: Pick<Serve, 'port' | 'token'>, options: SocketOptions = {}, tries = 20): Promise<OpenSocket> {
  for (let i = 0; ; i++) {
    const s = openSocket(serve, options);
    const outcome = await s.outcome;
    if ((outcome !== 429 && outcome !== 503) || i >= tries) return s;
    await sleep(250);
  }
}

/** Says hello and waits for the welcome: true when the hub let this socket in. */
export async function helloAccepted(s: OpenSocket, timeoutMs = 5_000): Promise<boolean> {
  if ((await Promise.race([s.outcome, sleep(timeoutMs).then(() => 'timeout' as const)])) !== 'open') return false;
  s.send({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'faults' });
  const welcome = await Promise.race([s.waitFor((m) => m.type === 'welcome', timeoutMs), s.closed.then(() => undefined)]);
  return welcome !== undefined;
}

let requestIds = 0;
export async function request(s: OpenSocket, method: string, params: unknown, timeoutMs = 30_000): Promise<Record<string, unknown> | undefined> {
  const id = `r${++requestIds}`;
  s.send({ type: 'request', id, method, params });
  return s.waitFor((m) => m.type === 'response' && m.id === id, timeoutMs);
}

export function setMode(root: string, mode: string, ...args: string[]): void {
  writeFileSync(join(root, '.fault-mode'), JSON.stringify([mode, ...args]));
}

export interface Row { item: string; check: string; figure: string; expected: string; ok: boolean }
