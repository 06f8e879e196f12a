import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { runProcess as defaultRunProcess } from '../runner/runner';
import type { OutputLine, RunSpec } from '../runner/types';
import { CliAdapterAgent } from './cliAdapter';
import type { RunProcess } from './cliAgent';
import { createCopilotParser } from './copilotParser';
import type { AgentDetection, AgentRequest } from '../ports/agent';
import { which } from './which';

export const COPILOT_ID = 'copilot';
export const COPILOT_INSTALL_HINT = 'Install GitHub Copilot CLI: npm install -g @github/copilot';

export interface CopilotOptions {
  /** `specwright.copilot.path`; empty or absent means a PATH lookup of `copilot`. */
  path?: string;
  /** Searched before PATH (tests pass node_modules/.bin to find the devDependency). */
  extraPaths?: readonly string[];
  /** Added to every copilot process's environment; an undefined value removes a variable. */
  env?: Record<string, string | undefined>;
  runProcess?: RunProcess;
  /** Limit for `copilot --version`; its first run unpacks the CLI (~250 MB), hence not 1 s. */
  versionTimeoutMs?: number;
}

/**
 * Keeps the CLI from fetching a newer build mid-run (the version we detected is the version
 * that runs) and from colouring output meant for a parser.
 */
const QUIET_ENV = { COPILOT_AUTO_UPDATE: 'false', NO_COLOR: '1' };

/**
 * Longer prompts go through stdin, which the CLI reads as the prompt when it is piped: a
 * Windows command line holds 32,767 characters and Linux caps one argument at 128 KiB.
 */
const MAX_PROMPT_ARG = 24_000;

/**
 * The flags, and why:
 * - `--output-format json` + `--stream on`: JSONL with deltas, even if the user's config turns
 *   streaming off.
 * - `--allow-all-tools`: prompt mode cannot ask, and without it every write is denied (the help
 *   says it is required for non-interactive mode). Paths stay confined: no `--allow-all-paths`,
 *   so file access is the cwd (workspace root) and temp dir plus `--add-dir <featureDir>`
 *   (the feature folder may live outside the workspace). No `--allow-all-urls` either.
 * - `--deny-tool`: denials beat allows; generating documents never needs to publish, so
 *   `git push` and the `gh` CLI are off.
 * - `--no-ask-user`: nobody can answer a question on a closed stdin; the agent decides.
 * - `--no-auto-update`, `--no-color`: as QUIET_ENV, for builds that read flags, not env.
 * - `--prompt=<text>` as one argument: `-p <text>` is rejected by the CLI when the prompt
 *   starts with `-`, and the `=` form keeps the text away from the variadic `--deny-tool`.
 * - `--resume=<sessionId>` (a refine turn): the `=` form, because a bare `--resume` opens the
 *   session picker.
 */
export function copilotInvocation(
  request: AgentRequest,
  detection: AgentDetection,
  env: Record<string, string | undefined> = {},
): Omit<RunSpec, 'onLine' | 'signal'> {
  const viaStdin = request.prompt.length > MAX_PROMPT_ARG;
  return {
    command: detection.path ?? COPILOT_ID,
    args: [
      '--output-format',
      'json',
      '--stream',
      'on',
      '--allow-all-tools',
      '--deny-tool=shell(git push)',
      '--deny-tool=shell(gh:*)',
      '--add-dir',
      request.featureDir,
      '--no-ask-user',
      '--no-auto-update',
      '--no-color',
      ...(request.resume ? [`--resume=${request.resume.session.id}`] : []),
      ...(viaStdin ? [] : [`--prompt=${request.prompt}`]),
    ],
    cwd: request.workspaceRoot,
    env: { ...QUIET_ENV, ...env },
    ...(viaStdin ? { stdin: 'pipe' as const, input: request.prompt } : { stdin: 'ignore' as const }),
    timeoutMs: request.timeoutMs,
  };
}

export function createCopilotAgent(options: CopilotOptions = {}): CliAdapterAgent {
  return new CliAdapterAgent({
    id: COPILOT_ID,
    label: 'GitHub Copilot CLI',
    invocation: (request, detection) => copilotInvocation(request, detection, options.env),
    createParser: createCopilotParser,
    detect: (signal) => detectCopilot(options, signal),
    runProcess: options.runProcess,
    installHint: COPILOT_INSTALL_HINT,
    resumeVia: 'jsonl',
  });
}

export async function detectCopilot(options: CopilotOptions = {}, signal?: AbortSignal): Promise<AgentDetection> {
  const explicit = options.path?.trim();
  const found = await which(explicit || COPILOT_ID, { extraPaths: options.extraPaths });
  if (!found) {
    const hint = explicit ? `${explicit} is not an executable file. ${COPILOT_INSTALL_HINT}` : COPILOT_INSTALL_HINT;
    return { id: COPILOT_ID, available: false, hint };
  }
  const executable = nativeBinaryFor(found) ?? found;
  const runProcess = options.runProcess ?? defaultRunProcess;
  const lines: string[] = [];
  const outcome = await runProcess({
    command: executable,
    args: ['--version'],
    cwd: path.dirname(executable),
    env: { ...QUIET_ENV, ...options.env },
    stdin: 'ignore',
    timeoutMs: options.versionTimeoutMs ?? 15_000,
    signal,
    onLine: (line: OutputLine) => lines.push(line.text),
  });
  const version = lines.map((l) => /\d+\.\d+\.\d+[\w.+-]*/.exec(l)?.[0]).find((v) => v !== undefined)?.replace(/\.$/, '');
  if (outcome.status !== 'succeeded' || !version) {
    const why = outcome.status === 'succeeded' ? 'printed no version' : `ended ${outcome.status}`;
    return { id: COPILOT_ID, available: false, path: executable, hint: `\`${executable} --version\` ${why}. ${COPILOT_INSTALL_HINT}` };
  }
  return { id: COPILOT_ID, available: true, version, path: executable };
}

/**
 * The npm `copilot` command is a Node loader that runs the platform binary with spawnSync and
 * forwards no signals, so cancelling it would leave the agent running. When `found` is that
 * loader (or the Windows shim in front of it), return the binary it would have run.
 */
export function nativeBinaryFor(found: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  const packageDir = loaderPackageDir(found, platform);
  if (!packageDir) return undefined;
  const exe = platform === 'win32' ? 'copilot.exe' : 'copilot';
  // Where Node's resolution from the loader would look: nested first, then the sibling scope.
  const scopes = [path.join(packageDir, 'node_modules', '@github'), path.dirname(packageDir)];
  for (const os of platformNames(platform)) {
    for (const scope of scopes) {
      const candidate = path.join(scope, `copilot-${os}-${arch}`, exe);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

function loaderPackageDir(found: string, platform: NodeJS.Platform): string | undefined {
  let real: string;
  try {
    real = realpathSync(found);
  } catch {
    return undefined;
  }
  if (path.basename(real) === 'npm-loader.js') return path.dirname(real);
  // npm on Windows installs `copilot.cmd`/`.ps1` shims beside node_modules, not symlinks.
  if (platform === 'win32' && /^copilot(\.cmd|\.ps1)?$/i.test(path.basename(real))) {
    const dir = path.join(path.dirname(real), 'node_modules', '@github', 'copilot');
    return existsSync(path.join(dir, 'npm-loader.js')) ? dir : undefined;
  }
  return undefined;
}

/** The loader prefers the musl build on musl Linux; glibc's version in the report tells which. */
function platformNames(platform: NodeJS.Platform): string[] {
  if (platform !== 'linux') return [platform];
  const header = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return header?.header?.glibcVersionRuntime ? ['linux', 'linuxmusl'] : ['linuxmusl', 'linux'];
}
