import type { RunSpec } from '../runner/types';
import { AcpAgent } from './acp/acpAgent';
import { GEMINI_SETUP } from './agentCatalog';
import { MAX_PROMPT_ARG, type AgentFactoryOptions } from './agentFactory';
import { CliAdapterAgent } from './cliAdapter';
import { ComposedAgent } from './composedAgent';
import { detectCli } from './detection';
import { launchFor } from './detectionPaths';
import { createGeminiParser } from './geminiParser';
import type { PermissionPolicy } from './permissions';
import type { AgentDetection, AgentRequest } from '../ports/agent';
import type { GeminiMode } from '../settings/coreSettings';

export const GEMINI_ID = 'gemini';

/**
 * `--skip-trust` in ACP mode too: without it Gemini treats the workspace as untrusted and skips
 * the project's agents, hooks and skills (Specwright only runs agents in a trusted workspace).
 */
export const GEMINI_ACP_ARGS = ['--acp', '--skip-trust'];

export interface GeminiOptions extends AgentFactoryOptions {
  /** acp (default): `gemini --acp`, which asks for permission; stream-json: `gemini -p -o stream-json`. */
  mode?: GeminiMode;
}

/**
 * Headless Gemini cannot ask, so "ask" and "allow edits in the feature folder" become
 * `auto_edit` (file edits go through, shell commands and other tools needing approval do
 * not), and "allow all" becomes `yolo`.
 */
export function geminiApprovalMode(policy: PermissionPolicy): string {
  return policy === 'allowAll' ? 'yolo' : 'auto_edit';
}

/**
 * `--skip-trust`: Specwright only runs agents in a workspace VS Code already trusts, and an
 * untrusted folder would make headless Gemini refuse its tools. A long prompt goes through
 * stdin, which `-p` text is appended to.
 */
export function geminiInvocation(request: AgentRequest, detection: AgentDetection, policy: PermissionPolicy, env: Record<string, string | undefined> = {}): Omit<RunSpec, 'onLine' | 'signal'> {
  const launch = launchFor(detection.path ?? 'gemini');
  const viaStdin = request.prompt.length > MAX_PROMPT_ARG;
  return {
    command: launch.command,
    args: [
      ...launch.args,
      '--output-format', 'stream-json',
      '--approval-mode', geminiApprovalMode(policy),
      '--skip-trust',
      '--include-directories', request.featureDir,
      // A refine turn: the session's uuid (the CLI also takes "latest" or an index, never wanted here).
      ...(request.resume ? [`--resume=${request.resume.session.id}`] : []),
      `--prompt=${viaStdin ? 'Follow the instructions above.' : request.prompt}`,
    ],
    cwd: request.workspaceRoot,
    env: { NO_COLOR: '1', ...env },
    ...(viaStdin ? { stdin: 'pipe' as const, input: request.prompt } : { stdin: 'ignore' as const }),
    timeoutMs: request.timeoutMs,
  };
}

export function createGeminiAgent(options: GeminiOptions): ComposedAgent {
  const detect = (protocol: string) => (signal?: AbortSignal) => detectCli({
    names: ['gemini'],
    explicitPath: options.path,
    extraPaths: options.extraPaths,
    searchInstallFolders: options.searchInstallFolders,
    env: options.env,
    setup: GEMINI_SETUP,
    protocol,
    versionTimeoutMs: options.versionTimeoutMs ?? 20_000,
    signal,
    runProcess: options.runProcess,
  });
  const acp = new AcpAgent({
    id: GEMINI_ID,
    label: GEMINI_SETUP.label,
    detect: detect('acp'),
    acpArgs: GEMINI_ACP_ARGS,
    signInHint: GEMINI_SETUP.signInHint,
    runtime: { ...options.runtime, env: { ...options.runtime.env, ...options.env } },
    probeTimeoutMs: 30_000,
  });
  if (options.mode !== 'stream-json') return new ComposedAgent(GEMINI_ID, GEMINI_SETUP.label, [acp]);
  const headless = new CliAdapterAgent({
    id: GEMINI_ID,
    label: GEMINI_SETUP.label,
    detect: detect('stream-json'),
    invocation: (request, detection) => geminiInvocation(request, detection, options.runtime.policy(), { ...options.runtime.env, ...options.env }),
    createParser: createGeminiParser,
    installHint: `Install Gemini CLI: ${GEMINI_SETUP.installCommand}`,
    runProcess: options.runProcess,
    resumeVia: 'stream-json',
  });
  // Whatever mode runs, `gemini --acp` answers the sign-in question cheaply.
  return new ComposedAgent(GEMINI_ID, GEMINI_SETUP.label, [headless], (signal) => acp.probeSignIn(signal));
}
