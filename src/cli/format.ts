import type { AgentEvent } from '../protocol';

/** One event as terminal text: every line prefixed so a long stream stays scannable. */
export function formatEvent(event: AgentEvent): string {
  switch (event.kind) {
    case 'thinking': return prefix('  💭 ', event.text);
    case 'message': return prefix('  ', event.text);
    case 'tool': return `  ${event.phase === 'start' ? '⚙' : event.status === 'failed' ? '✖' : event.phase === 'end' ? '✔' : '…'} ${event.title ?? event.id}${event.detail ? ` — ${event.detail}` : ''}\n`;
    case 'plan': return event.entries.map((e) => `  ${e.status === 'completed' ? '☑' : '☐'} ${e.content}\n`).join('');
    case 'permission': return `  ? ${event.question} [${event.options.map((o) => o.label).join(' / ')}]\n`;
    case 'permissionResolved': return `  ${event.outcome === 'selected' ? '→' : '✖'} ${event.outcome === 'cancelled' ? 'question withdrawn' : `${event.label ?? event.optionId}${event.outcome === 'timedOut' ? ' (no answer in time)' : ''}`}\n`;
    case 'log': return prefix('  │ ', event.text);
    case 'info': return prefix('  ℹ ', event.text);
    case 'error': return prefix('  ✖ ', event.message + (event.hint ? `\n${event.hint}` : ''));
    case 'complete': return `  ✔ ${event.summary ?? 'done'}${event.stopReason ? ` (${event.stopReason})` : ''}\n`;
  }
}

const prefix = (p: string, text: string): string => `${text.replace(/^\n+|\n+$/g, '').split('\n').map((l) => p + l).join('\n')}\n`;
