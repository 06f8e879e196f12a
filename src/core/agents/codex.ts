import type { RunSpec } from '../runner/types';
import { AcpAgent } from './acp/acpAgent';
import { CODEX_ACP_INSTALL, CODEX_SETUP } from './agentCatalog';
import { MAX_PROMPT_ARG, type AgentFactoryOptions } from './agentFactory';
import { CliAdapterAgent } from './cliAdapter';
import { createCodexParser } from './codexParser';
import { ComposedAgent } from './composedAgent';
import { detectCli, type SignInStatus } from './detection';
import { launchFor } from './detectionPaths';
import type { PermissionPolicy } from './permissions';
import { runProcess as defaultRunProcess } from '../runner/runner';
import type { AgentSession } from '../../protocol';
import { sameWay, type Agent, type AgentDetection, type AgentOutcome, type AgentRequest, type AgentRunContext } from '../ports/agent';
import type { CodexMode } from '../settings/coreSettings';

export const CODEX_ID = 'codex';

export interface CodexOptions extends AgentFactoryOptions {
  /** exec (default): `codex exec --json`; acp: the codex-acp adapter. */
  mode?: CodexMode;
  acpPath?: string;
  /**
   * How long Codex may keep "Reconnecting…" without any other sign of life before the run is
   * stopped. Offline, Codex retries for well over 40 s per request before giving up.
   */
  stallMs?: number;
}

const DEFAULT_STALL_MS = 30_000;

/**
 * `codex exec` never asks (its approval policy is "never"), so the policy becomes its sandbox:
 * "ask" and "allow edits in the feature folder" run it with `--cd <feature folder>` and
 * `--sandbox workspace-write`, which lets it read everywhere but write only there (and to
 * temp); "allow all" gives it full access from the workspace root.
 */
export function codexSandboxArgs(policy: PermissionPolicy, request: AgentRequest): string[] {
  return policy === 'allowAll'
    ? ['--sandbox', 'danger-full-access', '--cd', request.workspaceRoot]
    : ['--sandbox', 'workspace-write', '--cd', request.featureDir];
}

/**
 * stdin is ignored unless the prompt is long: with a piped stdin Codex waits to read it.
 * `--skip-git-repo-check`: a feature folder need not be in a git repository. `--` keeps a
 * prompt that starts with `-` from being read as a flag.
 */
export function codexInvocation(request: AgentRequest, detection: AgentDetection, policy: PermissionPolicy, env: Record<string, string | undefined> = {}): Omit<RunSpec, 'onLine' | 'signal'> {
  if (request.resume) return codexResumeInvocation(request, request.resume.session.id, detection, policy, env);
  const launch = launchFor(detection.path ?? 'codex');
  const viaStdin = request.prompt.length > MAX_PROMPT_ARG;
  return {
    command: launch.command,
    args: [...launch.args, 'exec', '--json', '--skip-git-repo-check', '--color', 'never', ...codexSandboxArgs(policy, request), '--', viaStdin ? '-' : request.prompt],
    cwd: request.workspaceRoot,
    env: { NO_COLOR: '1', ...env },
    ...(viaStdin ? { stdin: 'pipe' as const, input: request.prompt } : { stdin: 'ignore' as const }),
    timeoutMs: request.timeoutMs,
  };
}

/**
 * A refine turn: `codex exec resume <id> <prompt>`. Its options are fewer than `exec`'s (no
 * `--sandbox`, `--cd` or `--color`), so the sandbox goes in as the `sandbox_mode` config value and
 * the folder the first run was given with `--cd` is the process's working directory.
 */
export function codexResumeInvocation(
  request: AgentRequest, sessionId: string, detection: AgentDetection, policy: PermissionPolicy, env: Record<string, string | undefined> = {},
): Omit<RunSpec, 'onLine' | 'signal'> {
  const launch = launchFor(detection.path ?? 'codex');
  const viaStdin = request.prompt.length > MAX_PROMPT_ARG;
  const sandbox = policy === 'allowAll' ? ['--dangerously-bypass-approvals-and-sandbox'] : ['-c', 'sandbox_mode="workspace-write"'];
  return {
    command: launch.command,
    args: [...launch.args, 'exec', 'resume', '--json', '--skip-git-repo-check', ...sandbox, '--', sessionId, viaStdin ? '-' : request.prompt],
    cwd: policy === 'allowAll' ? request.workspaceRoot : request.featureDir,
    env: { NO_COLOR: '1', ...env },
    ...(viaStdin ? { stdin: 'pipe' as const, input: request.prompt } : { stdin: 'ignore' as const }),
    timeoutMs: request.timeoutMs,
  };
}

/**
 * `codex exec` with a watchdog: once Codex starts "Reconnecting…", it has `stallMs` to show a
 * sign of life, or the run is stopped with a message that says what is going on, instead of
 * sitting there for minutes.
 */
class CodexExecAgent implements Agent {
  readonly id = CODEX_ID;
  readonly label = CODEX_SETUP.label;
  private lastDetection: AgentDetection | undefined;

  constructor(private readonly options: CodexOptions) {}

  async detect(signal?: AbortSignal): Promise<AgentDetection> {
    this.lastDetection = await detectCli({
      names: ['codex'],
      explicitPath: this.options.path,
      extraPaths: this.options.extraPaths,
      searchInstallFolders: this.options.searchInstallFolders,
      env: this.options.env,
      setup: CODEX_SETUP,
      protocol: 'jsonl',
      versionTimeoutMs: this.options.versionTimeoutMs,
      signal,
      runProcess: this.options.runProcess,
    });
    return this.lastDetection;
  }

  resumes(session: AgentSession): Promise<boolean> {
    return Promise.resolve(sameWay(this.id, 'exec', session));
  }

  async run(request: AgentRequest, ctx: AgentRunContext): Promise<AgentOutcome> {
    const stallMs = this.options.stallMs ?? DEFAULT_STALL_MS;
    const stop = new AbortController();
    const forward = () => stop.abort();
    ctx.signal.addEventListener('abort', forward, { once: true });
    if (ctx.signal.aborted) stop.abort();
    let stalled: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const onRetry = (message: string) => {
      timer ??= setTimeout(() => {
        stalled = message;
        stop.abort();
      }, stallMs);
    };
    const onProgress = () => {
      clearTimeout(timer);
      timer = undefined;
    };
    const cli = new CliAdapterAgent({
      id: this.id,
      label: this.label,
      detect: (signal) => (this.lastDetection?.available ? Promise.resolve(this.lastDetection) : this.detect(signal)),
      invocation: (req, detection) => codexInvocation(req, detection, this.options.runtime.policy(), { ...this.options.runtime.env, ...this.options.env }),
      createParser: (report) => createCodexParser({ report, onRetry, onProgress }),
      installHint: `Install Codex CLI: ${CODEX_SETUP.installCommand}`,
      runProcess: this.options.runProcess,
    });
    try {
      const outcome = await cli.run(request, { ...ctx, signal: stop.signal });
      if (stalled === undefined || ctx.signal.aborted) return outcome;
      const seconds = (stallMs / 1000).toFixed(stallMs < 10_000 ? 1 : 0);
      const message = `Codex could not reach its model service: it kept reconnecting for ${seconds} s (${stalled}).`;
      ctx.emit({ kind: 'error', message, hint: 'Check the network connection (and a proxy, if you use one), then run again. Signed out? Run `codex login`.', code: 'offline' });
      return { status: 'failed', reason: message };
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', forward);
    }
  }
}

/** `codex login status` says whether Codex has credentials, without any request to the model. */
async function codexSignIn(agent: Agent, options: CodexOptions, signal?: AbortSignal): Promise<SignInStatus> {
  const detection = await agent.detect(signal);
  if (!detection.available || !detection.path) return { detail: 'not installed' };
  const launch = launchFor(detection.path);
  const lines: string[] = [];
  const outcome = await (options.runProcess ?? defaultRunProcess)({
    command: launch.command,
    args: [...launch.args, 'login', 'status'],
    cwd: process.cwd(),
    env: { NO_COLOR: '1', ...options.env },
    stdin: 'ignore',
    timeoutMs: 10_000,
    killGraceMs: 500,
    signal,
    onLine: (line) => lines.push(line.text),
  });
  const text = lines.join(' ').trim();
  // An older Codex without `login status` fails too: only its own words mean "signed out".
  if (/not logged in/i.test(text)) return { signedIn: false, detail: CODEX_SETUP.signInHint };
  if (outcome.status === 'succeeded') return { signedIn: true, ...(text ? { detail: text } : {}) };
  return { detail: `codex login status ended ${outcome.status}` };
}

export function createCodexAgent(options: CodexOptions): ComposedAgent {
  const exec = new CodexExecAgent(options);
  const probe = (signal?: AbortSignal) => codexSignIn(exec, options, signal);
  if (options.mode !== 'acp') return new ComposedAgent(CODEX_ID, CODEX_SETUP.label, [exec], probe);
  const acp = new AcpAgent({
    id: CODEX_ID,
    label: CODEX_SETUP.label,
    detect: (signal) => detectCli({
      names: ['codex-acp'],
      explicitPath: options.acpPath,
      extraPaths: options.extraPaths,
      searchInstallFolders: options.searchInstallFolders,
      env: options.env,
      setup: { ...CODEX_SETUP, installCommand: CODEX_ACP_INSTALL },
      protocol: 'acp',
      versionArgs: null,
      signal,
      runProcess: options.runProcess,
    }),
    acpArgs: [],
    signInHint: CODEX_SETUP.signInHint,
    runtime: { ...options.runtime, env: { ...options.runtime.env, ...options.env } },
  });
  return new ComposedAgent(CODEX_ID, CODEX_SETUP.label, [acp]);
}
