import type { AgentEvent } from '../../protocol';

/**
 * How much of an agent's output one operation keeps. An agent can print without end (200 MB of
 * stdout, one 10 MB line); everything kept is held in memory by the bus, written to the journal,
 * printed by the CLI and sent to every client, so the host's memory would grow with it.
 */
export interface OutputLimits {
  /** Longest text field of one event; longer ones are cut with a note of what was left out. */
  maxEventChars: number;
  /** Agent text (messages, thinking, stderr logs, tool output) kept per operation; the rest is dropped and said so. */
  maxOutputChars: number;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxEventChars: 64 * 1024, maxOutputChars: 8 * 1024 * 1024 };

/** Each kept event costs its text plus this, so a flood of empty lines is bounded too. */
const EVENT_OVERHEAD = 32;
/** Once the budget is spent, events that are always kept (errors, questions, the end) are cut to this. */
const SPENT_EVENT_CHARS = 4 * 1024;

const TEXT_FIELDS = ['text', 'output', 'detail', 'title', 'message', 'hint', 'question', 'summary'] as const;

/** `text` cut to `max` characters (never inside a surrogate pair), saying how much was left out. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max);
  const before = text.charCodeAt(cut - 1);
  if (cut > 0 && before >= 0xd800 && before <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}… [${(text.length - cut).toLocaleString('en-US')} more characters not kept]`;
}

/** The event with each text field cut to `max` characters; the same object when nothing was cut. */
export function clipEvent(event: AgentEvent, max: number): AgentEvent {
  let clipped: Record<string, unknown> | undefined;
  for (const field of TEXT_FIELDS) {
    const value = (event as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > max) {
      clipped ??= { ...event };
      clipped[field] = clipText(value, max);
    }
  }
  return (clipped as AgentEvent | undefined) ?? event;
}

/** Characters of text an event carries (what memory, journal and sockets pay for). */
export function eventChars(event: AgentEvent): number {
  let size = 0;
  for (const field of TEXT_FIELDS) {
    const value = (event as Record<string, unknown>)[field];
    if (typeof value === 'string') size += value.length;
  }
  if (event.kind === 'plan') for (const entry of event.entries) size += entry.content.length;
  return size;
}

/** Output the agent produces in bulk: what gets dropped once the budget is spent. */
const isBulk = (event: AgentEvent): boolean =>
  event.kind === 'message' || event.kind === 'thinking' || event.kind === 'log' || (event.kind === 'tool' && event.output !== undefined);

export interface Admission {
  /** What to store; undefined: dropped. */
  event?: AgentEvent;
  /** Said once, when the budget is first spent: the conversation tells the user output was cut. */
  notice?: AgentEvent;
}

/**
 * One operation's output budget. Errors, questions, tool steps, plans and the end are always
 * kept (cut short once the budget is spent); bulk text beyond the budget is counted and dropped.
 */
export class OutputBudget {
  private used = 0;
  private droppedChars = 0;
  private droppedEvents = 0;
  private noticed = false;

  constructor(private readonly limits: OutputLimits = DEFAULT_OUTPUT_LIMITS) {}

  get dropped(): { chars: number; events: number } {
    return { chars: this.droppedChars, events: this.droppedEvents };
  }

  admit(event: AgentEvent): Admission {
    const spent = this.used >= this.limits.maxOutputChars;
    if (spent && isBulk(event)) return this.drop(event);
    const clipped = clipEvent(event, spent ? Math.min(SPENT_EVENT_CHARS, this.limits.maxEventChars) : this.limits.maxEventChars);
    this.used += eventChars(clipped) + EVENT_OVERHEAD;
    return { event: clipped };
  }

  /** The closing word on what was dropped; undefined when nothing was. */
  summary(): AgentEvent | undefined {
    if (!this.droppedEvents) return undefined;
    return {
      kind: 'info',
      text: `Output truncated: ${formatChars(this.droppedChars)} of agent output (${this.droppedEvents.toLocaleString('en-US')} lines or pieces) were not kept (the limit is ${formatChars(this.limits.maxOutputChars)} per run).`,
    };
  }

  private drop(event: AgentEvent): Admission {
    // A tool step's progress still counts; only the output it carries goes.
    if (event.kind === 'tool') {
      const { output, ...rest } = event;
      this.count(output?.length ?? 0);
      return { event: clipEvent(rest, SPENT_EVENT_CHARS), ...this.firstNotice() };
    }
    this.count(eventChars(event));
    return this.firstNotice();
  }

  private count(chars: number): void {
    this.droppedChars += chars;
    this.droppedEvents += 1;
  }

  private firstNotice(): Pick<Admission, 'notice'> {
    if (this.noticed) return {};
    this.noticed = true;
    return {
      notice: {
        kind: 'info',
        text: `Output truncated: the agent printed more than ${formatChars(this.limits.maxOutputChars)}; the rest of its output is not shown or kept. The run goes on.`,
      },
    };
  }
}

function formatChars(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (chars >= 1024) return `${Math.round(chars / 1024)} KB`;
  return `${chars} characters`;
}
