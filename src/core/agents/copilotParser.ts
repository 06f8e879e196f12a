import * as z from 'zod/mini';
import type { AgentEvent } from '../../protocol';
import { COPILOT_VISIBLE_EVENTS } from './copilotEvents';
import type { OutputParser, RunReport } from '../ports/agent';

/**
 * GitHub Copilot CLI `--output-format json` → AgentEvents.
 *
 * Each stdout line is `{type, data, id, timestamp, …}` as in the CLI's
 * schemas/session-events.schema.json (160+ types), plus one final
 * `{type: "result", exitCode, usage}` line that is not a session event. We map the types a user
 * should see, drop per-turn bookkeeping, and keep every other type as a `log` so a new CLI
 * version degrades to noise, never to a crash.
 */

/** Shown whenever Copilot says it has no credentials, wherever it says it. */
export const COPILOT_SIGN_IN_HINT =
  'Sign in: run `copilot` in a terminal and type /login (or run `gh auth login`), ' +
  'or set COPILOT_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN to a token with Copilot access.';

const NO_AUTH = /No authentication information found/i;
/** Offline, behind a proxy, or a GitHub outage: the token is there, it could not be checked. */
const UNVALIDATED = /Authentication token found but could not be validated|network fetch failed/i;
export const COPILOT_NETWORK_HINT = 'Check the network connection (and HTTPS_PROXY if you use a proxy), then run again. The token itself may be fine: signing in again will not help while GitHub cannot be reached.';
const MAX_LOG_DATA = 200;
const MAX_DETAIL = 500;

/** Events that only track turns; the conversation has nothing to show for them. */
const IGNORED = new Set(['user.message', 'assistant.turn_start', 'assistant.turn_end', 'assistant.message_start', 'assistant.streaming_delta', 'assistant.tool_call_delta', 'pending_messages.modified']);

/** `agentId`: set on the events of a sub-agent (absent for the main agent's). */
const Envelope = z.object({ type: z.string(), data: z.optional(z.unknown()), agentId: z.optional(z.string()) });
const Usage = z.object({ inputTokens: z.optional(z.number()), outputTokens: z.optional(z.number()), parentToolCallId: z.optional(z.string()) });
const Subagent = z.object({ toolCallId: z.string(), agentName: z.optional(z.string()), agentDisplayName: z.optional(z.string()), agentDescription: z.optional(z.string()), error: z.optional(z.string()), totalToolCalls: z.optional(z.number()), cancelled: z.optional(z.boolean()) });
const Partial = z.object({ toolCallId: z.string(), partialOutput: z.string() });

const schemas = {
  'session.start': z.object({ sessionId: z.optional(z.string()), copilotVersion: z.optional(z.string()), selectedModel: z.optional(z.string()) }),
  'assistant.reasoning_delta': z.object({ reasoningId: z.string(), deltaContent: z.string() }),
  'assistant.reasoning': z.object({ reasoningId: z.string(), content: z.string() }),
  'assistant.message_delta': z.object({ messageId: z.string(), deltaContent: z.string() }),
  'assistant.message': z.object({ messageId: z.string(), content: z.string() }),
  'tool.execution_start': z.object({
    toolCallId: z.string(),
    toolName: z.string(),
    toolTitle: z.optional(z.string()),
    arguments: z.optional(z.unknown()),
    parentToolCallId: z.optional(z.string()),
  }),
  'tool.execution_progress': z.object({ toolCallId: z.string(), progressMessage: z.string() }),
  'tool.execution_complete': z.object({
    toolCallId: z.string(),
    success: z.boolean(),
    result: z.optional(z.object({ content: z.optional(z.string()) })),
    error: z.optional(z.object({ message: z.string() })),
  }),
  'session.error': z.object({
    errorType: z.string(),
    message: z.string(),
    remediation: z.optional(z.string()),
  }),
  'session.warning': z.object({ message: z.string() }),
  'session.info': z.object({ message: z.string() }),
  'session.idle': z.object({ aborted: z.optional(z.boolean()) }),
};
type Schemas = typeof schemas;
type Handlers = { [K in keyof Schemas]: (data: z.infer<Schemas[K]>) => AgentEvent[] };

const Result = z.object({
  exitCode: z.number(),
  sessionId: z.optional(z.string()),
  outcome: z.optional(z.string()),
  usage: z.optional(z
    .object({
      premiumRequests: z.optional(z.number()),
      codeChanges: z.optional(z.object({ filesModified: z.optional(z.array(z.string())) })),
    })),
});

export function createCopilotParser(report: (facts: RunReport) => void = () => undefined): OutputParser {
  /** Text already streamed per message/reasoning id, so the final event adds only what is new. */
  const streamed = new Map<string, string>();
  const toolTitles = new Map<string, string>();
  /** Sub-agent instance → the task tool call that started it: its work is grouped under that step. */
  const subagentTool = new Map<string, string>();
  let current: { agentId?: string; parentToolCallId?: string } = {};
  const usage = { inputTokens: 0, outputTokens: 0 };
  /** The tool step the event in hand belongs under, when a sub-agent produced it. */
  const groupOf = (): string | undefined => current.parentToolCallId ?? (current.agentId ? subagentTool.get(current.agentId) ?? `agent:${current.agentId}` : undefined);
  const grouped = (events: AgentEvent[]): AgentEvent[] => {
    const g = groupOf();
    if (!g) return events;
    return events.map((e) => (e.kind === 'message' || e.kind === 'thinking' || (e.kind === 'tool' && e.id !== g) ? { ...e, group: g } : e));
  };
  let completed = false;
  let signInReported = false;

  // Reported once: the CLI prints the same news on stdout, stderr and as a session.error.
  const signInError = (message = 'Copilot is not signed in.'): AgentEvent[] => {
    if (signInReported) return [];
    signInReported = true;
    return [{ kind: 'error', message, hint: COPILOT_SIGN_IN_HINT, code: 'auth' }];
  };
  const networkError = (): AgentEvent[] => {
    if (signInReported) return [];
    signInReported = true;
    return [{ kind: 'error', message: 'Copilot could not reach GitHub to validate the token (network).', hint: COPILOT_NETWORK_HINT, code: 'network' }];
  };
  /** Any line: the network case first, since its text also mentions authentication. */
  const credentialNews = (text: string): AgentEvent[] | undefined => (UNVALIDATED.test(text) ? networkError() : NO_AUTH.test(text) ? signInError() : undefined);
  const complete = (event: Extract<AgentEvent, { kind: 'complete' }>): AgentEvent[] => {
    if (completed) return [];
    completed = true;
    if (event.stopReason) report({ stopReason: event.stopReason });
    return [event];
  };
  // `copilot --resume <id>` continues the session; the id is on session.start and on the result line.
  const session = (id: string | undefined) => {
    if (id) report({ session: { agent: 'copilot', id, resumable: true, via: 'jsonl' } });
  };
  const delta = (kind: 'thinking' | 'message', id: string, text: string): AgentEvent[] => {
    streamed.set(id, (streamed.get(id) ?? '') + text);
    return text ? [{ kind, text, stream: id }] : [];
  };
  const final = (kind: 'thinking' | 'message', id: string, content: string): AgentEvent[] => {
    const already = streamed.get(id) ?? '';
    // The final event repeats the whole text; re-emitting it would show everything twice.
    const rest = content.startsWith(already) ? content.slice(already.length) : '';
    streamed.set(id, already + rest);
    return rest ? [{ kind, text: rest, stream: id }] : [];
  };

  const handlers: Handlers = {
    'session.start': (d) => {
      if (d.selectedModel) report({ model: d.selectedModel });
      session(d.sessionId);
      return [{
        kind: 'info',
        text: `GitHub Copilot CLI ${d.copilotVersion ?? ''}${d.selectedModel ? ` · model ${d.selectedModel}` : ''}`.trim(),
      }];
    },
    'assistant.reasoning_delta': (d) => delta('thinking', d.reasoningId, d.deltaContent),
    'assistant.reasoning': (d) => final('thinking', d.reasoningId, d.content),
    'assistant.message_delta': (d) => delta('message', d.messageId, d.deltaContent),
    'assistant.message': (d) => final('message', d.messageId, d.content),
    'tool.execution_start': (d) => {
      if (d.parentToolCallId) current = { ...current, parentToolCallId: d.parentToolCallId };
      const title = d.toolTitle ?? toolTitle(d.toolName, d.arguments);
      toolTitles.set(d.toolCallId, title);
      return [{ kind: 'tool', phase: 'start', id: d.toolCallId, title, status: 'running', detail: clip(json(d.arguments)) }];
    },
    'tool.execution_progress': (d) => [
      { kind: 'tool', phase: 'update', id: d.toolCallId, title: toolTitles.get(d.toolCallId), status: 'running', detail: d.progressMessage },
    ],
    'tool.execution_complete': (d) => {
      const detail = clip(d.error?.message ?? d.result?.content);
      return [{ kind: 'tool', phase: 'end', id: d.toolCallId, title: toolTitles.get(d.toolCallId), status: d.success ? 'succeeded' : 'failed', ...(detail ? { detail } : {}) }];
    },
    'session.error': (d) =>
      UNVALIDATED.test(d.message) ? networkError()
      : d.errorType === 'authentication' || d.remediation === 'sign_in' || NO_AUTH.test(d.message)
        ? signInError(NO_AUTH.test(d.message) ? undefined : d.message)
        : [{ kind: 'error', message: d.message, code: d.errorType }],
    'session.warning': (d) => [{ kind: 'log', level: 'warn', text: d.message }],
    'session.info': (d) => [{ kind: 'info', text: d.message }],
    'session.idle': (d) => complete({ kind: 'complete', stopReason: d.aborted ? 'aborted' : 'idle' }),
  };

  const result = (value: unknown): AgentEvent[] => {
    const parsed = Result.safeParse(value);
    if (!parsed.success) return [{ kind: 'log', text: 'Copilot result line in an unexpected shape' }];
    const { exitCode, outcome, usage, sessionId } = parsed.data;
    session(sessionId);
    if (outcome === 'blocked') return [{ kind: 'error', message: 'Copilot stopped: the session was blocked.', code: 'blocked' }];
    if (exitCode !== 0) return [{ kind: 'log', level: 'warn', text: `Copilot finished with exit code ${exitCode}` }];
    return complete({ kind: 'complete', summary: usageSummary(usage), stopReason: 'end_turn' });
  };

  const stdout = (text: string): AgentEvent[] => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return credentialNews(text) ?? [{ kind: 'log', text }];
    }
    const envelope = Envelope.safeParse(value);
    if (!envelope.success) return [{ kind: 'log', text: clip(text, MAX_LOG_DATA) ?? '' }];
    const { type, data } = envelope.data;
    if (type === 'result') return result(value);
    if (IGNORED.has(type)) return [];
    current = { agentId: envelope.data.agentId, parentToolCallId: parentToolCallIdOf(data) };
    const extra = extraHandlers[type];
    if (extra) return grouped(extra(data));
    const visible = COPILOT_VISIBLE_EVENTS[type];
    if (visible) return grouped(visible(isRecord(data) ? data : {}));
    // Bookkeeping (telemetry, registry changes…): its type is enough, its data is not for reading.
    if (!isKnown(type)) return [{ kind: 'log', text: `copilot ${type}` }];
    return grouped(dispatch(handlers, type, data));
  };

  /** Sub-agents, live tool output and usage: they need the parser's state. */
  const extraHandlers: Record<string, (data: unknown) => AgentEvent[]> = {
    'subagent.started': (data) => {
      const d = Subagent.safeParse(data);
      if (!d.success) return [];
      if (current.agentId) subagentTool.set(current.agentId, d.data.toolCallId);
      const name = d.data.agentDisplayName ?? d.data.agentName ?? 'sub-agent';
      const title = `Sub-agent ${name}${d.data.agentDescription ? `: ${clip(d.data.agentDescription, 120)}` : ''}`;
      toolTitles.set(d.data.toolCallId, title);
      current = {};
      return [{ kind: 'tool', phase: 'update', id: d.data.toolCallId, title, status: 'running' }];
    },
    'subagent.completed': (data) => subagentEnd(data, true),
    'subagent.failed': (data) => subagentEnd(data, false),
    'tool.execution_partial_result': (data) => {
      const d = Partial.safeParse(data);
      if (!d.success || !d.data.partialOutput) return [];
      return [{ kind: 'tool', phase: 'update', id: d.data.toolCallId, title: toolTitles.get(d.data.toolCallId), status: 'running', output: d.data.partialOutput }];
    },
    'assistant.usage': (data) => {
      const d = Usage.safeParse(data);
      if (!d.success) return [];
      usage.inputTokens += d.data.inputTokens ?? 0;
      usage.outputTokens += d.data.outputTokens ?? 0;
      report({ usage: { ...usage } });
      return [];
    },
  };

  const subagentEnd = (data: unknown, ok: boolean): AgentEvent[] => {
    const d = Subagent.safeParse(data);
    if (!d.success) return [];
    current = {};
    const calls = d.data.totalToolCalls !== undefined ? `${d.data.totalToolCalls} tool call${d.data.totalToolCalls === 1 ? '' : 's'}` : undefined;
    const detail = ok ? (d.data.cancelled ? 'cancelled' : calls) : d.data.error;
    return [{ kind: 'tool', phase: 'end', id: d.data.toolCallId, title: toolTitles.get(d.data.toolCallId), status: ok && !d.data.cancelled ? 'succeeded' : 'failed', ...(detail ? { detail: clip(detail) } : {}) }];
  };

  return {
    line(stream, text) {
      if (!text.trim()) return [];
      if (stream === 'stderr') return credentialNews(text) ?? [{ kind: 'log', text }];
      return stdout(text);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sub-agent events name the task tool call that spawned them (deprecated in the schema, still sent). */
function parentToolCallIdOf(data: unknown): string | undefined {
  const id = isRecord(data) ? data.parentToolCallId : undefined;
  return typeof id === 'string' && id ? id : undefined;
}

function isKnown(type: string): type is keyof Schemas {
  return Object.hasOwn(schemas, type);
}

/** One place where the table's key ties a schema to its handler; TS cannot see that link itself. */
function dispatch<K extends keyof Schemas>(handlers: Handlers, type: K, data: unknown): AgentEvent[] {
  const parsed = schemas[type].safeParse(data ?? {});
  if (!parsed.success) return [{ kind: 'log', text: `copilot ${type} in an unexpected shape` }];
  return (handlers[type] as (d: unknown) => AgentEvent[])(parsed.data);
}

/** `view src/app.ts` reads better than `view` alone; the key names are the CLI's built-in tools'. */
function toolTitle(name: string, args: unknown): string {
  if (typeof args !== 'object' || args === null) return name;
  const record = args as Record<string, unknown>;
  const subject = ['path', 'command', 'pattern', 'url'].map((k) => record[k]).find((v) => typeof v === 'string');
  return typeof subject === 'string' ? `${name} ${clip(subject, 120)}` : name;
}

function usageSummary(usage: z.infer<typeof Result>['usage']): string | undefined {
  if (!usage) return undefined;
  const parts: string[] = [];
  if (usage.premiumRequests !== undefined) parts.push(`${usage.premiumRequests} premium request${usage.premiumRequests === 1 ? '' : 's'}`);
  const files = usage.codeChanges?.filesModified?.length;
  if (files !== undefined) parts.push(`${files} file${files === 1 ? '' : 's'} modified`);
  return parts.length ? parts.join(' · ') : undefined;
}

function json(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function clip(text: string | undefined, max = MAX_DETAIL): string | undefined {
  if (text === undefined) return undefined;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
