import type { AgentEvent } from '../../protocol';
import { runProcess as defaultRunProcess } from '../runner/runner';
import { watchOutsideWrites } from './outsideWrites';
import type { OutputLine, RunOutcome, RunSpec } from '../runner/types';
import type {
  Agent,
  AgentDetection,
  AgentOutcome,
  AgentRequest,
  AgentRunContext,
  CliAgentSpec,
} from '../ports/agent';

export type RunProcess = (spec: RunSpec) => Promise<RunOutcome>;

export interface CliAgentOptions {
  id: string;
  label: string;
  spec: CliAgentSpec;
  detect: (signal?: AbortSignal) => Promise<AgentDetection>;
  /** The shared subprocess runner by default; injectable so tests can script outcomes. */
  runProcess?: RunProcess;
  /** Shown when the executable is missing and detection gave no hint of its own. */
  installHint?: string;
  /** A command Specwright cannot confine (the custom one): say what it wrote outside the feature folder. */
  watchOutside?: boolean;
}

/** How many stderr lines a failure reason quotes: enough for context, short enough for a toast. */
const REASON_STDERR_LINES = 2;

/**
 * Any external CLI as an Agent: the runner executes the spec's invocation, a fresh parser per
 * run turns lines into events, and the RunOutcome becomes an AgentOutcome.
 */
export class CliAgent implements Agent {
  readonly id: string;
  readonly label: string;
  private lastDetection: AgentDetection | undefined;

  constructor(private readonly options: CliAgentOptions) {
    this.id = options.id;
    this.label = options.label;
  }

  async detect(signal?: AbortSignal): Promise<AgentDetection> {
    this.lastDetection = await this.options.detect(signal);
    return this.lastDetection;
  }

  async run(request: AgentRequest, ctx: AgentRunContext): Promise<AgentOutcome> {
    // Reuse a successful detection (a `--version` per run is wasted time); a stale one is
    // harmless because a vanished executable comes back from the runner as notFound.
    const detection = this.lastDetection?.available ? this.lastDetection : await this.detect(ctx.signal);
    if (ctx.signal.aborted) return { status: 'cancelled' };
    if (!detection.available) {
      // A path means it exists but failed its check (e.g. `--version`): "not found" would mislead.
      const message = detection.path ? `${this.label} at ${detection.path} is not usable` : `${this.label} was not found`;
      ctx.emit({ kind: 'error', message, hint: detection.hint ?? this.options.installHint, code: 'agent_unavailable' });
      return { status: 'failed', reason: message };
    }

    const parser = this.options.spec.createParser();
    const tracker = new ErrorTracker(ctx);
    let outcome: RunOutcome;
    try {
      const invocation = this.options.spec.invocation(request, detection);
      const runProcess = this.options.runProcess ?? defaultRunProcess;
      const start = () => runProcess({
        ...invocation,
        env: { ...request.env, ...invocation.env },
        timeoutMs: invocation.timeoutMs ?? request.timeoutMs,
        signal: ctx.signal,
        onLine: (line: OutputLine) => tracker.emitAll(safely(() => parser.line(line.stream, line.text))),
      });
      outcome = this.options.watchOutside ? await watchOutsideWrites(this.label, request, ctx, start) : await start();
    } catch (error) {
      // The runner reports failures as outcomes; a throw is a bug, still not the user's crash.
      const message = `${this.label} could not be started: ${errorText(error)}`;
      ctx.emit({ kind: 'error', message });
      return { status: 'failed', reason: message };
    }
    tracker.emitAll(safely(() => parser.end?.() ?? []));
    return this.outcome(outcome, ctx, detection, tracker.lastError);
  }

  private outcome(outcome: RunOutcome, ctx: AgentRunContext, detection: AgentDetection, lastError?: string): AgentOutcome {
    switch (outcome.status) {
      case 'succeeded':
        return { status: 'succeeded' };
      case 'cancelled':
        return { status: 'cancelled' };
      case 'timedOut':
        return { status: 'timedOut', reason: `${this.label} did not finish within ${formatDuration(outcome.timeoutMs)}` };
      case 'notFound':
        return this.notFound(ctx, outcome.command, detection.hint);
      case 'failed':
        return { status: 'failed', reason: this.failureReason(outcome, lastError) };
    }
  }

  private notFound(ctx: AgentRunContext, command: string, hint?: string): AgentOutcome {
    const message = `${this.label} was not found (${command})`;
    ctx.emit({ kind: 'error', message, hint: hint ?? this.options.installHint, code: 'agent_not_found' });
    return { status: 'failed', reason: message };
  }

  private failureReason(outcome: Extract<RunOutcome, { status: 'failed' }>, lastError?: string): string {
    const how =
      outcome.exitCode !== undefined
        ? `exited with code ${outcome.exitCode}`
        : `was stopped by ${outcome.signal ?? 'an unknown signal'}`;
    // The parser's own error ("not signed in") says more than the raw tail of stderr.
    const detail =
      lastError ??
      outcome.stderrTail
        .map((l) => l.trim())
        .filter((l) => l.length > 0)
        .slice(-REASON_STDERR_LINES)
        .join(' ');
    return detail ? `${this.label} ${how}: ${detail}` : `${this.label} ${how}`;
  }
}

/** Forwards events and remembers the last error message, which makes a better failure reason. */
class ErrorTracker {
  lastError: string | undefined;
  constructor(private readonly ctx: AgentRunContext) {}

  emitAll(events: readonly AgentEvent[]): void {
    for (const event of events) {
      if (event.kind === 'error') this.lastError = event.message;
      this.ctx.emit(event);
    }
  }
}

/** Parsers promise not to throw; this keeps a broken promise from killing the run. */
function safely(produce: () => AgentEvent[]): AgentEvent[] {
  try {
    return produce();
  } catch (error) {
    return [{ kind: 'log', level: 'warn', text: `Output parser failed: ${errorText(error)}` }];
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Math.round(ms / 1000)} s`;
  return `${ms} ms`;
}
