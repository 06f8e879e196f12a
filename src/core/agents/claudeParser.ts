import * as z from 'zod/mini';
import type { AgentEvent } from '../../protocol';
import { CLAUDE_SETUP } from './agentCatalog';
import type { OutputParser, RunReport } from '../ports/agent';
import { clip, parseJson, usageSummary } from './parserHelpers';

/**
 * Claude Code `-p --output-format stream-json --verbose [--include-partial-messages]` → AgentEvents.
 *
 * Lines are `system` (init, api_retry, …), `stream_event` (Anthropic streaming deltas, with
 * partial messages on), `assistant` / `user` (whole messages: text, thinking, tool_use, and the
 * tool_result that answers it), and one final `result` with cost, usage and the outcome. Text
 * streamed as deltas is not repeated when the whole message follows. Unknown types become logs.
 */
const Block = z.looseObject({ type: z.string() });
const System = z.looseObject({ subtype: z.optional(z.string()), session_id: z.optional(z.string()), model: z.optional(z.string()), claude_code_version: z.optional(z.string()), attempt: z.optional(z.number()), max_retries: z.optional(z.number()), error: z.optional(z.unknown()) });
/** Fields of the system events that carry words for the user (the Agent SDK's SDKMessage types). */
const SystemText = z.looseObject({
  content: z.optional(z.string()), text: z.optional(z.string()), message: z.optional(z.string()), summary: z.optional(z.string()), description: z.optional(z.string()),
  tool_name: z.optional(z.string()), decision_reason: z.optional(z.string()), level: z.optional(z.string()), status: z.nullish(z.string()),
  fallback_model: z.optional(z.string()), original_model: z.optional(z.string()), api_refusal_explanation: z.nullish(z.string()),
  task_id: z.optional(z.string()), last_tool_name: z.optional(z.string()), patch: z.optional(z.partial(z.object({ status: z.optional(z.string()), description: z.optional(z.string()), error: z.optional(z.string()) }))),
});
const AuthStatus = z.object({ isAuthenticating: z.optional(z.boolean()), output: z.optional(z.array(z.string())), error: z.optional(z.string()) });
const RateLimit = z.object({ rate_limit_info: z.looseObject({ status: z.string(), resetsAt: z.optional(z.number()), rateLimitType: z.optional(z.string()), overageDisabledReason: z.optional(z.string()) }) });
const ToolUseSummary = z.object({ summary: z.string() });
const StreamEvent = z.object({
  event: z.looseObject({
    type: z.string(),
    index: z.optional(z.number()),
    message: z.optional(z.looseObject({ id: z.string() })),
    delta: z.optional(z.looseObject({ type: z.string(), text: z.optional(z.string()), thinking: z.optional(z.string()) })),
  }),
});
const Message = z.object({
  message: z.looseObject({ id: z.optional(z.string()), model: z.optional(z.string()), content: z.union([z.string(), z.array(Block)]) }),
  error: z.optional(z.string()),
});
const ToolUse = z.object({ id: z.string(), name: z.string(), input: z.optional(z.unknown()) });
const ToolResult = z.object({ tool_use_id: z.string(), is_error: z.optional(z.boolean()), content: z.optional(z.unknown()) });
const Result = z.object({
  subtype: z.optional(z.string()),
  is_error: z.optional(z.boolean()),
  result: z.optional(z.string()),
  stop_reason: z.nullish(z.string()),
  total_cost_usd: z.optional(z.number()),
  usage: z.optional(z.looseObject({
    input_tokens: z.optional(z.number()),
    output_tokens: z.optional(z.number()),
    cache_creation_input_tokens: z.optional(z.number()),
    cache_read_input_tokens: z.optional(z.number()),
  })),
  permission_denials: z.optional(z.array(z.looseObject({ tool_name: z.string() }))),
  /** What went wrong, in Claude Code's words, on error results (error_during_execution, error_max_turns…). */
  errors: z.optional(z.array(z.string())),
});

/** Result subtypes in words. */
const STOP_WORDS: Record<string, string> = {
  error_during_execution: 'an error during the run',
  error_max_turns: 'it reached the turn limit',
  error_max_budget_usd: 'it reached the spending limit',
  error_max_structured_output_retries: 'it could not produce the structured output',
};

const AUTH = /authentication_failed|invalid api key|please run \/login|not logged in|oauth token has expired/i;

export function createClaudeParser(report: (facts: RunReport) => void = () => undefined): OutputParser {
  /** Message ids whose text arrived as deltas: their whole form adds only tool calls. */
  const streamed = new Set<string>();
  let currentMessage = 'claude';
  const titles = new Map<string, string>();
  let authReported = false;

  const authError = (): AgentEvent[] => {
    if (authReported) return [];
    authReported = true;
    return [{ kind: 'error', message: 'Claude Code is not signed in.', hint: CLAUDE_SETUP.signInHint, code: 'auth' }];
  };

  const system = (value: unknown): AgentEvent[] => {
    const d = System.safeParse(value);
    if (!d.success) return [{ kind: 'log', text: 'claude system line in an unexpected shape' }];
    switch (d.data.subtype) {
      case 'init':
        if (d.data.model) report({ model: d.data.model });
        // `claude --resume <id>` continues it (unless persistence was turned off, which we never do).
        if (d.data.session_id) report({ session: { agent: CLAUDE_SETUP.id, id: d.data.session_id, resumable: true, via: 'stream-json' } });
        return [{ kind: 'info', text: `Claude Code ${d.data.claude_code_version ?? ''}${d.data.model ? ` · model ${d.data.model}` : ''}`.replace(/\s+·/, ' ·').trim() }];
      case 'api_retry':
        return [{ kind: 'log', level: 'warn', text: `Claude API retry ${d.data.attempt ?? '?'}/${d.data.max_retries ?? '?'}${d.data.error ? `: ${String(typeof d.data.error === 'string' ? d.data.error : JSON.stringify(d.data.error))}` : ''}` }];
      case 'compact_boundary':
        return [{ kind: 'info', text: 'Claude compacted its context.' }];
      default:
        return systemText(d.data.subtype ?? '(no subtype)', value);
    }
  };

  /** The system events with words a user should read: each becomes an event with its text. */
  const systemText = (subtype: string, value: unknown): AgentEvent[] => {
    const t = SystemText.safeParse(value);
    if (!t.success) return [{ kind: 'log', text: `claude system ${subtype}` }];
    const d = t.data;
    switch (subtype) {
      case 'permission_denied':
        return [{ kind: 'log', level: 'warn', text: `Claude Code was not allowed to use ${d.tool_name ?? 'a tool'}${d.decision_reason ? ` (${d.decision_reason})` : ''}${d.message ? `: ${d.message}` : ''}` }];
      case 'model_refusal_no_fallback':
        return [{ kind: 'error', message: `${d.original_model ?? 'The model'} declined the request${d.api_refusal_explanation ? `: ${d.api_refusal_explanation}` : d.content ? `: ${d.content}` : '.'}`, code: 'refusal' }];
      case 'model_refusal_fallback':
        return [{ kind: 'info', text: `${d.original_model ?? 'The model'} declined; retried with ${d.fallback_model ?? 'a fallback model'}.${d.content ? ` ${d.content}` : ''}` }];
      case 'notification':
        return d.text ? [{ kind: 'info', text: d.text }] : [];
      case 'informational':
        return d.content ? [d.level === 'warning' ? { kind: 'log', level: 'warn', text: d.content } : { kind: 'info', text: d.content }] : [];
      case 'local_command_output':
        return d.content ? [{ kind: 'info', text: d.content }] : [];
      case 'status':
        return d.status === 'compacting' ? [{ kind: 'info', text: 'Claude is compacting its context.' }] : [];
      case 'task_started':
        return d.task_id ? [{ kind: 'tool', phase: 'start', id: `task:${d.task_id}`, title: `Task: ${clip(d.description ?? d.task_id, 120)}`, status: 'running' }] : [];
      case 'task_progress':
        return d.task_id ? [{ kind: 'tool', phase: 'update', id: `task:${d.task_id}`, status: 'running', ...(d.summary ?? d.last_tool_name ? { detail: d.summary ?? `using ${d.last_tool_name}` } : {}) }] : [];
      case 'task_updated': {
        const status = d.patch?.status;
        if (!d.task_id || !status) return [];
        const ended = status === 'completed' || status === 'failed' || status === 'killed';
        return [{ kind: 'tool', phase: ended ? 'end' : 'update', id: `task:${d.task_id}`, status: status === 'completed' ? 'succeeded' : ended ? 'failed' : 'running', ...(d.patch?.error ? { detail: d.patch.error } : {}) }];
      }
      case 'task_notification':
        return d.task_id ? [{ kind: 'tool', phase: 'end', id: `task:${d.task_id}`, status: d.status === 'completed' ? 'succeeded' : 'failed', ...(d.summary ? { detail: clip(d.summary) } : {}) }] : [];
      default:
        return [{ kind: 'log', text: `claude system ${subtype}` }];
    }
  };

  const authStatus = (value: unknown): AgentEvent[] => {
    const d = AuthStatus.safeParse(value);
    if (!d.success) return [];
    if (d.data.error) return AUTH.test(d.data.error) ? authError() : [{ kind: 'error', message: `Claude Code sign-in: ${d.data.error}`, hint: CLAUDE_SETUP.signInHint, code: 'auth' }];
    return (d.data.output ?? []).filter((l) => l.trim()).map((text) => ({ kind: 'info' as const, text }));
  };

  const rateLimit = (value: unknown): AgentEvent[] => {
    const d = RateLimit.safeParse(value);
    if (!d.success) return [];
    const info = d.data.rate_limit_info;
    const resets = info.resetsAt ? ` It resets at ${new Date(info.resetsAt * (info.resetsAt < 1e12 ? 1000 : 1)).toISOString().replace('T', ' ').slice(0, 16)} UTC.` : '';
    const which = info.rateLimitType ? ` (${info.rateLimitType.replace(/_/g, ' ')})` : '';
    if (info.status === 'rejected') return [{ kind: 'error', message: `Claude usage limit reached${which}.${resets}`, code: 'rate_limit' }];
    if (info.status === 'allowed_warning') return [{ kind: 'log', level: 'warn', text: `Claude usage is close to its limit${which}.${resets}` }];
    return [];
  };

  const toolUseSummary = (value: unknown): AgentEvent[] => {
    const d = ToolUseSummary.safeParse(value);
    return d.success && d.data.summary ? [{ kind: 'info', text: d.data.summary }] : [];
  };

  const streamEvent = (value: unknown): AgentEvent[] => {
    const d = StreamEvent.safeParse(value);
    if (!d.success) return [];
    const { event } = d.data;
    if (event.type === 'message_start' && event.message) {
      currentMessage = event.message.id;
      streamed.add(currentMessage);
      return [];
    }
    if (event.type !== 'content_block_delta' || !event.delta) return [];
    if (event.delta.type === 'text_delta' && event.delta.text) return [{ kind: 'message', text: event.delta.text, stream: currentMessage }];
    if (event.delta.type === 'thinking_delta' && event.delta.thinking) return [{ kind: 'thinking', text: event.delta.thinking, stream: `${currentMessage}-thinking` }];
    return [];
  };

  const assistant = (value: unknown): AgentEvent[] => {
    const d = Message.safeParse(value);
    if (!d.success) return [{ kind: 'log', text: 'claude assistant line in an unexpected shape' }];
    const { message, error } = d.data;
    const id = message.id ?? 'claude';
    const events: AgentEvent[] = [];
    if (error && AUTH.test(error)) events.push(...authError());
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    const already = streamed.has(id);
    for (const block of blocks) {
      if (block.type === 'text' && !already && typeof block.text === 'string') {
        if (AUTH.test(block.text) && error) continue;
        events.push({ kind: 'message', text: block.text, stream: id });
      } else if (block.type === 'thinking' && !already && typeof block.thinking === 'string') {
        events.push({ kind: 'thinking', text: block.thinking, stream: `${id}-thinking` });
      } else if (block.type === 'tool_use') {
        const tool = ToolUse.safeParse(block);
        if (!tool.success) continue;
        const title = toolTitle(tool.data.name, tool.data.input);
        titles.set(tool.data.id, title);
        events.push({ kind: 'tool', phase: 'start', id: tool.data.id, title, status: 'running', detail: clip(JSON.stringify(tool.data.input ?? {})) });
      }
    }
    if (error && !AUTH.test(error)) events.push({ kind: 'error', message: `Claude Code: ${error}`, code: error });
    return events;
  };

  const user = (value: unknown): AgentEvent[] => {
    const d = Message.safeParse(value);
    if (!d.success || typeof d.data.message.content === 'string') return [];
    const events: AgentEvent[] = [];
    for (const block of d.data.message.content) {
      const result = ToolResult.safeParse(block);
      if (block.type !== 'tool_result' || !result.success) continue;
      const { tool_use_id: id, is_error: failed, content } = result.data;
      events.push({ kind: 'tool', phase: 'end', id, title: titles.get(id), status: failed ? 'failed' : 'succeeded', detail: clip(resultText(content)) });
    }
    return events;
  };

  const result = (value: unknown): AgentEvent[] => {
    const d = Result.safeParse(value);
    if (!d.success) return [{ kind: 'log', text: 'claude result line in an unexpected shape' }];
    const r = d.data;
    const u = r.usage;
    const usage = {
      inputTokens: (u?.input_tokens ?? 0) + (u?.cache_creation_input_tokens ?? 0) + (u?.cache_read_input_tokens ?? 0),
      outputTokens: u?.output_tokens ?? 0,
      ...(r.total_cost_usd !== undefined ? { costUsd: r.total_cost_usd } : {}),
    };
    const stopReason = r.stop_reason ?? (r.subtype === 'success' ? 'end_turn' : r.subtype ?? 'unknown');
    report({ usage, stopReason });
    const events: AgentEvent[] = [];
    const denied = r.permission_denials ?? [];
    if (denied.length) {
      const tools = [...new Set(denied.map((x) => x.tool_name))].join(', ');
      events.push({ kind: 'log', level: 'warn', text: `Claude Code was refused ${denied.length} tool call${denied.length === 1 ? '' : 's'} by the permission policy: ${tools}` });
    }
    if (r.is_error) {
      const said = [r.result, ...(r.errors ?? [])].filter((t): t is string => !!t && !!t.trim());
      if (said.some((t) => AUTH.test(t))) events.push(...authError());
      else if (!authReported) events.push({ kind: 'error', message: `Claude Code stopped (${STOP_WORDS[r.subtype ?? ''] ?? r.subtype ?? 'error'})${said.length ? `: ${said.join(' · ')}` : '.'}`, code: r.subtype });
      return events;
    }
    events.push({ kind: 'complete', stopReason, summary: usageSummary(usage) || undefined });
    return events;
  };

  const handlers: Record<string, (value: unknown) => AgentEvent[]> = {
    system, stream_event: streamEvent, assistant, user, result,
    auth_status: authStatus, rate_limit_event: rateLimit, tool_use_summary: toolUseSummary,
    // Liveness and per-tool timers: nothing to read in them.
    keep_alive: () => [], tool_progress: () => [],
  };

  return {
    line(stream, text) {
      if (!text.trim()) return [];
      if (stream === 'stderr') return AUTH.test(text) ? authError() : [{ kind: 'log', text }];
      const value = parseJson(text);
      const type = (value as { type?: unknown } | undefined)?.type;
      if (typeof type !== 'string') return AUTH.test(text) ? authError() : [{ kind: 'log', text: clip(text, 200) }];
      const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
      return handler ? handler(value) : [{ kind: 'log', text: `claude ${type}` }];
    },
  };
}

/** `Write specs/001/spec.md` reads better than `Write`; the keys are Claude Code's tool inputs. */
function toolTitle(name: string, input: unknown): string {
  if (typeof input !== 'object' || input === null) return name;
  const record = input as Record<string, unknown>;
  const subject = ['file_path', 'path', 'command', 'pattern', 'url', 'description'].map((k) => record[k]).find((v) => typeof v === 'string');
  return typeof subject === 'string' ? `${name} ${clip(subject, 120)}` : name;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (typeof (c as { text?: unknown }).text === 'string' ? (c as { text: string }).text : '')).join('\n');
  return '';
}
