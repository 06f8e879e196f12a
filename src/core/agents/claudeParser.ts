import { z } from 'zod';
import type { AgentEvent } from '../../protocol';
import { CLAUDE_SETUP } from './agentCatalog';
import type { OutputParser, RunReport } from './types';
import { clip, parseJson, usageSummary } from './usage';

/**
 * Claude Code `-p --output-format stream-json --verbose [--include-partial-messages]` → AgentEvents.
 *
 * Lines are `system` (init, api_retry, …), `stream_event` (Anthropic streaming deltas, with
 * partial messages on), `assistant` / `user` (whole messages: text, thinking, tool_use, and the
 * tool_result that answers it), and one final `result` with cost, usage and the outcome. Text
 * streamed as deltas is not repeated when the whole message follows. Unknown types become logs.
 */
const Block = z.object({ type: z.string() }).passthrough();
const System = z.object({ subtype: z.string().optional(), session_id: z.string().optional(), model: z.string().optional(), claude_code_version: z.string().optional(), attempt: z.number().optional(), max_retries: z.number().optional(), error: z.unknown().optional() });
const StreamEvent = z.object({
  event: z.object({
    type: z.string(),
    index: z.number().optional(),
    message: z.object({ id: z.string() }).passthrough().optional(),
    delta: z.object({ type: z.string(), text: z.string().optional(), thinking: z.string().optional() }).passthrough().optional(),
  }).passthrough(),
});
const Message = z.object({
  message: z.object({ id: z.string().optional(), model: z.string().optional(), content: z.union([z.string(), z.array(Block)]) }).passthrough(),
  error: z.string().optional(),
});
const ToolUse = z.object({ id: z.string(), name: z.string(), input: z.unknown().optional() });
const ToolResult = z.object({ tool_use_id: z.string(), is_error: z.boolean().optional(), content: z.unknown().optional() });
const Result = z.object({
  subtype: z.string().optional(),
  is_error: z.boolean().optional(),
  result: z.string().optional(),
  stop_reason: z.string().nullish(),
  total_cost_usd: z.number().optional(),
  usage: z.object({
    input_tokens: z.number().optional(),
    output_tokens: z.number().optional(),
    cache_creation_input_tokens: z.number().optional(),
    cache_read_input_tokens: z.number().optional(),
  }).passthrough().optional(),
  permission_denials: z.array(z.object({ tool_name: z.string() }).passthrough()).optional(),
});

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
        return [{ kind: 'log', text: `claude system ${d.data.subtype ?? '(no subtype)'}` }];
    }
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
      if (r.result && AUTH.test(r.result)) events.push(...authError());
      else if (!authReported) events.push({ kind: 'error', message: `Claude Code stopped: ${r.result ?? r.subtype ?? 'error'}`, code: r.subtype });
      return events;
    }
    events.push({ kind: 'complete', stopReason, summary: usageSummary(usage) || undefined });
    return events;
  };

  const handlers: Record<string, (value: unknown) => AgentEvent[]> = { system, stream_event: streamEvent, assistant, user, result };

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
