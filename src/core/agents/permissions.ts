import { randomUUID } from 'node:crypto';
import type { AgentEvent } from '../../protocol';

// The policy is a setting (settings/ sits below agents/); the broker speaks it, so its importers find it here too.
export { PERMISSION_POLICIES, isPermissionPolicy, type PermissionPolicy } from '../settings/coreSettings';

/** A question nobody answers must not hold an agent (and its document) forever. */
export const DEFAULT_PERMISSION_TIMEOUT_MS = 5 * 60_000;

export type PermissionOptionKind = 'allow_once' | 'allow_always' | 'reject_once' | 'reject_always';

export interface PermissionOption {
  id: string;
  label: string;
  kind: PermissionOptionKind;
}

export interface PermissionQuestion {
  question: string;
  options: readonly PermissionOption[];
}

export type PermissionAnswer =
  /** `timedOut`: nobody answered and the broker picked the rejecting option. */
  | { outcome: 'selected'; optionId: string; timedOut?: boolean }
  /** The run was cancelled, or no option could stand for "no" when time ran out. */
  | { outcome: 'cancelled' };

export interface AskContext {
  emit(event: AgentEvent): void;
  signal: AbortSignal;
}

export type AnswerResult = 'accepted' | 'unknown' | 'invalidOption';

interface Pending {
  question: PermissionQuestion;
  settle(answer: PermissionAnswer): void;
}

export interface PermissionBrokerOptions {
  /** Read per question, so a settings change applies to the next one. */
  timeoutMs?: () => number;
  newId?: () => string;
}

/**
 * Questions agents ask the user. A question becomes a `permission` event in the operation's
 * conversation (every client shows it); whichever client answers first settles it through the
 * hub's `answerPermission`. Ids are random UUIDs, so an id alone names one question of one run.
 */
export class PermissionBroker {
  private readonly pending = new Map<string, Pending>();
  private readonly timeoutMs: () => number;
  private readonly newId: () => string;

  constructor(options: PermissionBrokerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? (() => DEFAULT_PERMISSION_TIMEOUT_MS);
    this.newId = options.newId ?? randomUUID;
  }

  ask(question: PermissionQuestion, ctx: AskContext): Promise<PermissionAnswer> {
    if (ctx.signal.aborted) return Promise.resolve({ outcome: 'cancelled' });
    const id = this.newId();
    return new Promise<PermissionAnswer>((resolve) => {
      const limit = this.timeoutMs();
      const timer = setTimeout(() => settle(this.onTimeout(question, ctx, limit)), limit);
      const onAbort = () => settle({ outcome: 'cancelled' });
      const settle = (answer: PermissionAnswer) => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        // Every client shows the question; this tells them all it is settled (and how).
        ctx.emit(resolution(id, question, answer));
        resolve(answer);
      };
      this.pending.set(id, { question, settle });
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      ctx.emit({ kind: 'permission', id, question: question.question, options: question.options.map((o) => ({ id: o.id, label: o.label })) });
    });
  }

  /** The user picked `optionId` for question `permissionId` (from any client). */
  answer(permissionId: string, optionId: string): AnswerResult {
    const pending = this.pending.get(permissionId);
    if (!pending) return 'unknown';
    if (!pending.question.options.some((o) => o.id === optionId)) return 'invalidOption';
    pending.settle({ outcome: 'selected', optionId });
    return 'accepted';
  }

  /**
   * Answers `permissionId` with its rejecting option, as a timeout would: for a shell that knows
   * no answer can come (the CLI in --json mode with stdin closed). Cancels when none rejects.
   */
  decline(permissionId: string): AnswerResult {
    const pending = this.pending.get(permissionId);
    if (!pending) return 'unknown';
    const reject = pickOption(pending.question.options, ['reject_once', 'reject_always']);
    pending.settle(reject ? { outcome: 'selected', optionId: reject.id } : { outcome: 'cancelled' });
    return 'accepted';
  }

  /** Questions still waiting for an answer (for tests and diagnostics). */
  pendingCount(): number {
    return this.pending.size;
  }

  private onTimeout(question: PermissionQuestion, ctx: AskContext, limit: number): PermissionAnswer {
    const reject = pickOption(question.options, ['reject_once', 'reject_always']);
    ctx.emit({ kind: 'info', text: `No answer within ${formatSeconds(limit)}: the request was rejected.` });
    return reject ? { outcome: 'selected', optionId: reject.id, timedOut: true } : { outcome: 'cancelled' };
  }
}

function resolution(id: string, question: PermissionQuestion, answer: PermissionAnswer): AgentEvent {
  if (answer.outcome === 'cancelled') return { kind: 'permissionResolved', id, outcome: 'cancelled' };
  const label = question.options.find((o) => o.id === answer.optionId)?.label ?? answer.optionId;
  return { kind: 'permissionResolved', id, outcome: answer.timedOut ? 'timedOut' : 'selected', optionId: answer.optionId, label };
}

/** The first option of the first kind in `preference` that the agent offers. */
export function pickOption(options: readonly PermissionOption[], preference: readonly PermissionOptionKind[]): PermissionOption | undefined {
  for (const kind of preference) {
    const found = options.find((o) => o.kind === kind);
    if (found) return found;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}
