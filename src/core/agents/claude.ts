import type { RunSpec } from '../runner/types';
import { AcpAgent } from './acp/acpAgent';
import { CLAUDE_ACP_INSTALL, CLAUDE_SETUP } from './agentCatalog';
import type { AgentFactoryOptions } from './agentFactory';
import { createClaudeParser } from './claudeParser';
import { CliAdapterAgent } from './cliAdapter';
import { ComposedAgent } from './composedAgent';
import { detectCli, findExecutable, type SignInStatus } from './detection';
import { runProcess as defaultRunProcess } from '../runner/runner';
import { launchFor } from './detectionPaths';
import type { PermissionPolicy } from './permissions';
import type { AgentDetection, AgentRequest } from '../ports/agent';
import type { ClaudeMode } from '../settings/coreSettings';

export const CLAUDE_ID = 'claude';

export interface ClaudeOptions extends AgentFactoryOptions {
  /** auto: the ACP adapter (claude-agent-acp) when it is installed, else `claude -p` stream-json. */
  mode?: ClaudeMode;
  /** Where claude-agent-acp is, when not on PATH. */
  acpPath?: string;
}

/**
 * Read-only tools Claude Code may always use: reading is how it learns the project. Only tools
 * the CLI lists in its `system/init` line (the contract test reads the pinned one's): `LS` and
 * `MultiEdit` are gone, and the native 2.1 builds search through Bash, with no `Glob`/`Grep`.
 */
export const CLAUDE_READ_TOOLS = ['Read'];
/** The tools that write, allowed only under the feature folder. */
export const CLAUDE_EDIT_TOOLS = ['Edit', 'Write'];

/**
 * `claude -p` cannot ask anyone, so the policy becomes its flags. "ask" and "allow edits in
 * the feature folder" both allow reading and editing inside the feature folder only (Claude's
 * `//` prefix makes a rule path absolute); every other tool call is refused and listed in the
 * result: `dontAsk` says exactly that ("deny what is not pre-approved") and is a mode of every
 * 2.1 release, where `default` is gone from 2.1.332's choices. "allow all" skips Claude's
 * permission checks altogether.
 */
export function claudePermissionArgs(policy: PermissionPolicy, featureDir: string): string[] {
  if (policy === 'allowAll') return ['--dangerously-skip-permissions'];
  const dir = featureDir.replace(/\\/g, '/').replace(/^\/+/, '');
  return ['--permission-mode', 'dontAsk', '--allowedTools', ...CLAUDE_READ_TOOLS, ...CLAUDE_EDIT_TOOLS.map((tool) => `${tool}(//${dir}/**)`)];
}

/**
 * The prompt always goes through stdin: `claude -p` reads it there, which sidesteps argument
 * limits and prompts that start with `-`. Partial messages make the answer stream as it is written.
 */
export function claudeInvocation(request: AgentRequest, detection: AgentDetection, policy: PermissionPolicy, env: Record<string, string | undefined> = {}): Omit<RunSpec, 'onLine' | 'signal'> {
  const launch = launchFor(detection.path ?? 'claude');
  return {
    command: launch.command,
    args: [
      ...launch.args,
      '-p',
      '--output-format', 'stream-json',
      '--verbose',
      '--include-partial-messages',
      ...claudePermissionArgs(policy, request.featureDir),
      '--add-dir', request.featureDir,
      // A refine turn continues the conversation (same session id: no --fork-session).
      ...(request.resume ? ['--resume', request.resume.session.id] : []),
    ],
    cwd: request.workspaceRoot,
    env: { NO_COLOR: '1', ...env },
    stdin: 'pipe',
    input: request.prompt,
    timeoutMs: request.timeoutMs,
  };
}

export function createClaudeAgent(options: ClaudeOptions): ComposedAgent {
  const mode = options.mode ?? 'auto';
  const acp = new AcpAgent({
    id: CLAUDE_ID,
    label: CLAUDE_SETUP.label,
    detect: (signal) => detectCli({
      names: ['claude-agent-acp', 'claude-code-acp'],
      explicitPath: options.acpPath,
      extraPaths: options.extraPaths,
      searchInstallFolders: options.searchInstallFolders,
      env: options.env,
      setup: { ...CLAUDE_SETUP, installCommand: CLAUDE_ACP_INSTALL },
      protocol: 'acp',
      versionArgs: null,
      signal,
      runProcess: options.runProcess,
    }),
    acpArgs: [],
    signInHint: CLAUDE_SETUP.signInHint,
    runtime: { ...options.runtime, env: { ...options.runtime.env, ...options.env } },
  });
  const print = new CliAdapterAgent({
    id: CLAUDE_ID,
    label: CLAUDE_SETUP.label,
    detect: (signal) => detectCli({
      names: ['claude'],
      explicitPath: options.path,
      extraPaths: options.extraPaths,
      searchInstallFolders: options.searchInstallFolders,
      env: options.env,
      setup: CLAUDE_SETUP,
      protocol: 'stream-json',
      versionTimeoutMs: options.versionTimeoutMs,
      signal,
      runProcess: options.runProcess,
    }),
    invocation: (request, detection) => claudeInvocation(request, detection, options.runtime.policy(), { ...options.runtime.env, ...options.env }),
    createParser: createClaudeParser,
    installHint: `Install Claude Code: ${CLAUDE_SETUP.installCommand}`,
    runProcess: options.runProcess,
    resumeVia: 'stream-json',
  });
  const candidates = mode === 'acp' ? [acp] : mode === 'stream-json' ? [print] : [acp, print];
  // Whichever way it runs, `claude auth status` knows: the ACP adapter's `session/new` succeeds
  // without credentials (it fails only at the prompt), so its probe proves nothing.
  return new ComposedAgent(CLAUDE_ID, CLAUDE_SETUP.label, candidates, (signal) => claudeSignIn(options, signal));
}

/** `claude auth status` prints `{"loggedIn": …, "authMethod": …}` without any request to the model. */
export async function claudeSignIn(options: ClaudeOptions, signal?: AbortSignal): Promise<SignInStatus> {
  const found = await findExecutable(['claude'], { explicitPath: options.path, extraPaths: options.extraPaths, env: options.env, searchInstallFolders: options.searchInstallFolders, runProcess: options.runProcess });
  if (!found) return { detail: `Claude Code (claude) is not installed, so its sign-in cannot be checked. Install: ${CLAUDE_SETUP.installCommand}` };
  const launch = launchFor(found);
  const lines: string[] = [];
  const outcome = await (options.runProcess ?? defaultRunProcess)({
    command: launch.command,
    args: [...launch.args, 'auth', 'status'],
    cwd: process.cwd(),
    env: { NO_COLOR: '1', ...options.runtime.env, ...options.env },
    stdin: 'ignore',
    timeoutMs: 10_000,
    killGraceMs: 500,
    signal,
    onLine: (line) => { if (line.stream === 'stdout') lines.push(line.text); },
  });
  const status = parseClaudeAuthStatus(lines.join('\n'));
  if (status === undefined) return { detail: `claude auth status ended ${outcome.status}` };
  return status.loggedIn ? { signedIn: true, ...(status.authMethod ? { detail: `signed in (${status.authMethod})` } : {}) } : { signedIn: false, detail: CLAUDE_SETUP.signInHint };
}

/** The JSON `claude auth status` prints (exit 1 when signed out, which is still an answer). */
export function parseClaudeAuthStatus(text: string): { loggedIn: boolean; authMethod?: string } | undefined {
  try {
    const value = JSON.parse(text) as { loggedIn?: unknown; authMethod?: unknown };
    if (typeof value.loggedIn !== 'boolean') return undefined;
    return { loggedIn: value.loggedIn, ...(typeof value.authMethod === 'string' && value.authMethod !== 'none' ? { authMethod: value.authMethod } : {}) };
  } catch {
    return undefined;
  }
}
