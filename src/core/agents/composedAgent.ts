import type { SignInProbe, SignInStatus } from './detection';
import type { AgentSession } from '../../protocol';
import type { Agent, AgentDetection, AgentOutcome, AgentRequest, AgentRunContext } from '../ports/agent';

/**
 * An agent with more than one way to run (Claude Code through its ACP adapter or its
 * stream-json mode; Gemini through ACP or stream-json): the first candidate that is available
 * wins, and when none is, the last one's detection (with its install hint) is what the user sees.
 * A sign-in probe, when given, works whichever candidate runs.
 */
export class ComposedAgent implements Agent, SignInProbe {
  private chosen: Agent | undefined;

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly candidates: readonly Agent[],
    private readonly probe?: (signal?: AbortSignal) => Promise<SignInStatus>,
  ) {
    if (candidates.length === 0) throw new Error(`${id}: no way to run it`);
  }

  async detect(signal?: AbortSignal): Promise<AgentDetection> {
    let last: AgentDetection | undefined;
    for (const candidate of this.candidates) {
      last = { ...(await candidate.detect(signal)), id: this.id };
      if (last.available) {
        this.chosen = candidate;
        return last;
      }
    }
    this.chosen = undefined;
    return last as AgentDetection;
  }

  async run(request: AgentRequest, ctx: AgentRunContext): Promise<AgentOutcome> {
    if (!this.chosen) await this.detect(ctx.signal);
    return (this.chosen ?? this.candidates[this.candidates.length - 1]).run(request, ctx);
  }

  /** Whether the way it would run now (the chosen candidate) can continue the session. */
  async resumes(session: AgentSession, signal?: AbortSignal): Promise<boolean> {
    if (!this.chosen) await this.detect(signal);
    const agent = this.chosen ?? this.candidates[this.candidates.length - 1];
    return (await agent.resumes?.(session, signal)) ?? false;
  }

  async probeSignIn(signal?: AbortSignal): Promise<SignInStatus> {
    if (this.probe) return this.probe(signal);
    if (!this.chosen) await this.detect(signal);
    const agent = this.chosen as (Agent & Partial<SignInProbe>) | undefined;
    return agent?.probeSignIn ? agent.probeSignIn(signal) : {};
  }
}
