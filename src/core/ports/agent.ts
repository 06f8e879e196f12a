import type { AgentEvent, AgentSession, OperationKind } from '../../protocol';
import type { RunSpec } from '../runner/types';

export interface AgentDetection {
  id: string;
  available: boolean;
  version?: string;
  /** Resolved executable path, when found. */
  path?: string;
  /** What to do when it is not available (install command, sign-in command). */
  hint?: string;
  /** Known once a sign-in probe or a run told; absent while unknown. */
  signedIn?: boolean;
  /** A shell line that installs the agent. */
  installCommand?: string;
  /** A shell line that signs the user in (interactive: run in a terminal). */
  loginCommand?: string;
  /** How Specwright talks to it ('acp', 'jsonl', 'stream-json', 'text', 'builtin'). */
  protocol?: string;
}

/** One generation as the agent sees it. */
export interface AgentRequest {
  kind: OperationKind;
  workspaceRoot: string;
  featureDir: string;
  /** Absolute path of the document the agent must write (spec.md, plan.md, tasks.md). */
  docPath: string;
  /** What the user typed. */
  userPrompt: string;
  /** The full prompt built for the agent (instructions + context + user prompt). */
  prompt: string;
  /** Environment additions, e.g. SPECIFY_FEATURE_DIRECTORY. */
  env: Record<string, string>;
  timeoutMs?: number;
  /**
   * A refine turn that continues this session (the agent said `resumes()` yes): the CLI's resume
   * flag, or ACP `session/load`/`session/resume`. `freshPrompt` is for an agent that finds out only
   * now that it cannot (an ACP agent no longer advertising it): a new session with full context.
   */
  resume?: { session: AgentSession; freshPrompt: string };
  /** A refine turn: the user's words of the earlier turns, first the description (the scaffold re-applies them). */
  thread?: readonly string[];
}

/** Facts about a run that belong on the operation rather than in its conversation. */
export interface RunReport {
  model?: string;
  usage?: { inputTokens: number; outputTokens: number; costUsd?: number };
  stopReason?: string;
  /** The CLI's own session, so a later run can resume it. */
  session?: AgentSession;
  /** Files the run wrote outside the feature folder (a generation should write none), relative to the workspace. */
  touched?: string[];
}

export interface AgentRunContext {
  emit(event: AgentEvent): void;
  signal: AbortSignal;
  /** Records model, usage and stop reason on the operation; optional so plain callers need not care. */
  report?(facts: RunReport): void;
}

/** How an agent run ended, before the document check. */
export type AgentOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; reason: string }
  | { status: 'cancelled' }
  | { status: 'timedOut'; reason: string };

export interface Agent {
  readonly id: string;
  readonly label: string;
  /**
   * Its standard output is the document (the custom command in `text` mode): a generation it
   * ends successfully without writing the document itself writes what it printed.
   */
  readonly documentFromOutput?: boolean;
  detect(signal?: AbortSignal): Promise<AgentDetection>;
  run(request: AgentRequest, ctx: AgentRunContext): Promise<AgentOutcome>;
  /** It can continue this session, the way it would run now (absent: it never continues one). */
  resumes?(session: AgentSession, signal?: AbortSignal): Promise<boolean>;
}

/** A session an agent that ran `via` this way can continue: its own, resumable, recorded the same way. */
export function sameWay(agentId: string, via: string, session: AgentSession): boolean {
  return session.agent === agentId && session.resumable && session.via === via;
}

/**
 * An agent that is an external CLI: the shared runner executes the invocation, and a fresh
 * parser per run turns its output lines into AgentEvents.
 */
export interface CliAgentSpec {
  invocation(request: AgentRequest, detection: AgentDetection): Omit<RunSpec, 'onLine' | 'signal'>;
  createParser(): OutputParser;
}

export interface OutputParser {
  /** Events for one line of output. Must never throw on unexpected input. */
  line(stream: 'stdout' | 'stderr', text: string): AgentEvent[];
  /** Events at the end of the run (e.g. a final error summarising stderr). */
  end?(): AgentEvent[];
}
