import type { SignInProbe, SignInStatus } from '../detection';
import { launchFor } from '../detectionPaths';
import type { PermissionBroker, PermissionPolicy } from '../permissions';
import type { AgentSession } from '../../../protocol';
import { sameWay, type Agent, type AgentDetection, type AgentOutcome, type AgentRequest, type AgentRunContext } from '../../ports/agent';
import { probeAcpAgent } from './acpProbe';
import { runAcpTurn } from './acpRun';
import type { FileSystemPort } from './fileSystem';
import type { KeptAcpSessions } from './keptSessions';

/** What every ACP agent shares, from the composition root. */
export interface AcpRuntime {
  broker: PermissionBroker;
  /** Read per run, so a settings change applies to the next run. */
  policy: () => PermissionPolicy;
  fileSystem: FileSystemPort;
  cancelGraceMs?: number;
  killGraceMs?: number;
  /** Environment for every agent process (tests strip credentials here). */
  env?: Record<string, string | undefined>;
  /** Agent processes waiting for the next turn of their session (absent: each turn ends its process). */
  kept?: KeptAcpSessions;
}

export interface AcpAgentOptions {
  id: string;
  label: string;
  detect: (signal?: AbortSignal) => Promise<AgentDetection>;
  /** The arguments that make the detected executable speak ACP (`--acp`, `acp`, …); no request when probing. */
  acpArgs: readonly string[] | ((request?: AgentRequest) => readonly string[]);
  signInHint: string;
  runtime: AcpRuntime;
  /** Limit of the sign-in probe; agents that load slowly (Gemini) need a few seconds. */
  probeTimeoutMs?: number;
}

/** Any agent that speaks the Agent Client Protocol on stdio. */
export class AcpAgent implements Agent, SignInProbe {
  readonly id: string;
  readonly label: string;
  private lastDetection: AgentDetection | undefined;

  constructor(private readonly options: AcpAgentOptions) {
    this.id = options.id;
    this.label = options.label;
  }

  async detect(signal?: AbortSignal): Promise<AgentDetection> {
    this.lastDetection = await this.options.detect(signal);
    return this.lastDetection;
  }

  /**
   * A session it opened itself and said it could load or resume (`resumable`; the turn checks the
   * capability again), or one whose agent process still waits for its next turn (any agent can
   * take another `session/prompt`).
   */
  resumes(session: AgentSession): Promise<boolean> {
    const waiting = session.agent === this.id && session.via === 'acp' && this.options.runtime.kept?.has(this.id, session.id) === true;
    return Promise.resolve(waiting || sameWay(this.id, 'acp', session));
  }

  async run(request: AgentRequest, ctx: AgentRunContext): Promise<AgentOutcome> {
    const detection = this.lastDetection?.available ? this.lastDetection : await this.detect(ctx.signal);
    if (ctx.signal.aborted) return { status: 'cancelled' };
    if (!detection.available || !detection.path) {
      const message = detection.path ? `${this.label} at ${detection.path} is not usable` : `${this.label} is not installed`;
      ctx.emit({ kind: 'error', message, hint: detection.hint, code: 'agent_unavailable' });
      return { status: 'failed', reason: message };
    }
    const { runtime } = this.options;
    const launch = launchFor(detection.path);
    return runAcpTurn({
      label: this.label,
      agentId: this.id,
      spec: {
        command: launch.command,
        args: [...launch.args, ...this.args(request)],
        cwd: request.workspaceRoot,
        env: { NO_COLOR: '1', ...runtime.env, ...request.env },
      },
      request,
      ctx,
      broker: runtime.broker,
      policy: runtime.policy(),
      fileSystem: runtime.fileSystem,
      signInHint: this.options.signInHint,
      cancelGraceMs: runtime.cancelGraceMs,
      killGraceMs: runtime.killGraceMs,
      ...(runtime.kept ? { kept: runtime.kept } : {}),
    });
  }

  private args(request?: AgentRequest): readonly string[] {
    const { acpArgs } = this.options;
    return typeof acpArgs === 'function' ? acpArgs(request) : acpArgs;
  }

  async probeSignIn(signal?: AbortSignal): Promise<SignInStatus> {
    const detection = this.lastDetection ?? (await this.detect(signal));
    if (!detection.available || !detection.path) return { detail: 'not installed' };
    const launch = launchFor(detection.path);
    const result = await probeAcpAgent(
      { command: launch.command, args: [...launch.args, ...this.args()], env: { NO_COLOR: '1', ...this.options.runtime.env } },
      { timeoutMs: this.options.probeTimeoutMs, signal, killGraceMs: this.options.runtime.killGraceMs },
    );
    if (result.signedIn === false) return { signedIn: false, detail: this.options.signInHint };
    if (result.signedIn === true) return { signedIn: true };
    return { detail: result.error ?? 'the agent did not say' };
  }
}
