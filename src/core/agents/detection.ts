import * as path from 'node:path';
import { runProcess as defaultRunProcess } from '../runner/runner';
import type { OutputLine } from '../runner/types';
import type { AgentSetup } from './agentCatalog';
import type { RunProcess } from './cliAgent';
import { launchFor, wellKnownBinDirs } from './detectionPaths';
import type { Agent, AgentDetection } from '../ports/agent';
import { which } from './which';

export interface FindOptions {
  /** A path the user configured: checked as is, no search. */
  explicitPath?: string;
  /** Searched before PATH (tests pass node_modules/.bin). */
  extraPaths?: readonly string[];
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  runProcess?: RunProcess;
  /** Also look in the usual install folders and npm's global prefix (default true; tests turn it off). */
  searchInstallFolders?: boolean;
}

/**
 * Finds an agent executable: the configured path, else each name on `extraPaths` + PATH, else
 * in the usual install folders, else in npm's global prefix (asked of npm once per process).
 */
export async function findExecutable(names: readonly string[], options: FindOptions = {}): Promise<string | undefined> {
  const explicit = options.explicitPath?.trim();
  if (explicit) return which(explicit, { env: options.env, platform: options.platform });
  const env = options.env ?? process.env;
  for (const name of names) {
    const found = await which(name, { extraPaths: options.extraPaths, env, platform: options.platform });
    if (found) return found;
  }
  if (options.searchInstallFolders === false) return undefined;
  const elsewhere = [...wellKnownBinDirs(env, options.platform)];
  const npmBin = await npmGlobalBin(options.runProcess);
  if (npmBin) elsewhere.push(npmBin);
  for (const name of names) {
    const found = await which(name, { extraPaths: elsewhere, env: { ...env, PATH: '', Path: '' }, platform: options.platform });
    if (found) return found;
  }
  return undefined;
}

let npmPrefix: Promise<string | undefined> | undefined;

/** `npm prefix -g`'s bin folder; undefined where npm is missing or slow. Windows: see wellKnownBinDirs. */
function npmGlobalBin(runProcess: RunProcess = defaultRunProcess): Promise<string | undefined> {
  if (process.platform === 'win32') return Promise.resolve(undefined);
  npmPrefix ??= (async () => {
    const lines: string[] = [];
    const outcome = await runProcess({ command: 'npm', args: ['prefix', '-g'], cwd: process.cwd(), stdin: 'ignore', timeoutMs: 5000, killGraceMs: 500, onLine: (l) => { if (l.stream === 'stdout') lines.push(l.text.trim()); } });
    const prefix = lines.find((l) => path.isAbsolute(l));
    return outcome.status === 'succeeded' && prefix ? path.join(prefix, 'bin') : undefined;
  })().catch(() => undefined);
  return npmPrefix;
}

export interface VersionOptions {
  args?: readonly string[];
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  signal?: AbortSignal;
  runProcess?: RunProcess;
}

export type VersionResult = { ok: true; version: string } | { ok: false; why: string };

/** Runs `<exe> --version` (through its shim's script on Windows) and picks the first x.y.z. */
export async function readVersion(executable: string, options: VersionOptions = {}): Promise<VersionResult> {
  const launch = launchFor(executable);
  const lines: string[] = [];
  const outcome = await (options.runProcess ?? defaultRunProcess)({
    command: launch.command,
    args: [...launch.args, ...(options.args ?? ['--version'])],
    cwd: path.dirname(executable),
    env: { NO_COLOR: '1', ...options.env },
    stdin: 'ignore',
    timeoutMs: options.timeoutMs ?? 15_000,
    killGraceMs: 1000,
    signal: options.signal,
    onLine: (line: OutputLine) => lines.push(line.text),
  });
  const version = lines.map((l) => /\d+\.\d+\.\d+[\w.+-]*/.exec(l)?.[0]).find((v) => v !== undefined)?.replace(/\.$/, '');
  if (outcome.status === 'succeeded' && version) return { ok: true, version };
  return { ok: false, why: outcome.status === 'succeeded' ? 'printed no version' : `ended ${outcome.status}` };
}

export interface DetectCliOptions extends FindOptions {
  names: readonly string[];
  setup: AgentSetup;
  protocol: string;
  /** Null for executables that have no `--version` (ACP adapters start serving instead). */
  versionArgs?: readonly string[] | null;
  versionTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Installed? Which version, where? The common detection of an agent CLI. */
export async function detectCli(options: DetectCliOptions): Promise<AgentDetection> {
  const { setup } = options;
  const base = { id: setup.id, installCommand: setup.installCommand, protocol: options.protocol, ...(setup.loginCommand ? { loginCommand: setup.loginCommand } : {}) };
  const found = await findExecutable(options.names, options);
  const explicit = options.explicitPath?.trim();
  if (!found) {
    const hint = explicit ? `${explicit} is not an executable file. Install: ${setup.installCommand}` : `Not installed. Install: ${setup.installCommand}`;
    return { ...base, available: false, hint };
  }
  if (options.versionArgs === null) return { ...base, available: true, path: found };
  const version = await readVersion(found, { args: options.versionArgs, env: options.env, timeoutMs: options.versionTimeoutMs, signal: options.signal, runProcess: options.runProcess });
  if (!version.ok) return { ...base, available: false, path: found, hint: `\`${found} --version\` ${version.why}. Reinstall: ${setup.installCommand}` };
  return { ...base, available: true, path: found, version: version.version };
}

/** What a sign-in probe learned; `signedIn` undefined means it could not tell. */
export interface SignInStatus {
  signedIn?: boolean;
  detail?: string;
}

/** Agents that can tell cheaply (no prompt, no tokens) whether they have credentials. */
export interface SignInProbe {
  probeSignIn(signal?: AbortSignal): Promise<SignInStatus>;
}

export const canProbeSignIn = (agent: Agent): agent is Agent & SignInProbe => typeof (agent as Partial<SignInProbe>).probeSignIn === 'function';
