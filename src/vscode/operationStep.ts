import type { AgentEvent } from '../protocol';

/** The short "what is it doing now" text of an event, for progress notifications and editor toolbars. */
export function operationStep(event: AgentEvent): string | undefined {
  switch (event.kind) {
    case 'tool': return event.title ? `${event.title}…` : undefined;
    case 'info': return event.text;
    case 'thinking': return 'Thinking…';
    case 'message': return 'Writing…';
    default: return undefined;
  }
}
