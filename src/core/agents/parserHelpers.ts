/** What the agents' output parsers share: a JSON.parse that never throws, clipped texts, the usage line of `complete`. */
import type { RunReport } from '../ports/agent';

export type Usage = NonNullable<RunReport['usage']>;

/** "1,234 tokens in · 567 out · $0.0123": the summary line of an agent's `complete` event. */
export function usageSummary(usage: Usage): string {
  const parts = [];
  if (usage.inputTokens || usage.outputTokens) parts.push(`${usage.inputTokens.toLocaleString('en-US')} tokens in · ${usage.outputTokens.toLocaleString('en-US')} out`);
  if (usage.costUsd !== undefined) parts.push(`$${usage.costUsd.toFixed(4)}`);
  return parts.join(' · ');
}

/** Parsers say "never throw"; JSON.parse is where unexpected input would make them. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A text cut to `max` characters, marked with … when it was cut. */
export function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
