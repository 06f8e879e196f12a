import type { AgentInfo } from '../../src/protocol';
import type { StatusLook } from './status';

export type AgentState = 'ready' | 'signedOut' | 'missing' | 'checking';

/** "Not installed" and "not signed in" are different problems with different fixes. */
export function agentState(agent: AgentInfo): AgentState {
  if (!agent.available) return /^Checking/.test(agent.hint ?? '') ? 'checking' : 'missing';
  return agent.signedIn === false ? 'signedOut' : 'ready';
}

export const agentStateLook: Record<AgentState, StatusLook> = {
  ready: { icon: 'pass-filled', label: 'Ready', tone: 'ok' },
  signedOut: { icon: 'account', label: 'Not signed in', tone: 'bad' },
  missing: { icon: 'circle-slash', label: 'Not installed', tone: 'muted' },
  checking: { icon: 'loading', label: 'Checking…', tone: 'running', spin: true },
};

const STOP_REASONS: Record<string, string> = {
  end_turn: 'finished its turn',
  max_tokens: 'hit its token limit',
  max_turn_requests: 'hit its turn limit',
  refusal: 'declined',
  cancelled: 'was cancelled',
};

/** The agent's stop reason in words, the raw value when it is one we do not know. */
export const stopReasonText = (reason: string): string => STOP_REASONS[reason] ?? reason.replace(/_/g, ' ');

export function usageText(usage: { inputTokens: number; outputTokens: number; costUsd?: number }): string {
  const parts: string[] = [];
  if (usage.inputTokens || usage.outputTokens) parts.push(`${compact(usage.inputTokens)} in · ${compact(usage.outputTokens)} out`);
  if (usage.costUsd !== undefined) parts.push(`$${usage.costUsd < 0.01 ? usage.costUsd.toFixed(4) : usage.costUsd.toFixed(2)}`);
  return parts.join(' · ');
}

/** 12,345 → "12.3k": tokens are for a glance, the exact count is in the tooltip. */
function compact(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : n.toLocaleString('en-US');
}
