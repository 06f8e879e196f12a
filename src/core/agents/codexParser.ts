import * as z from 'zod/mini';
import type { AgentEvent, ToolStatus } from '../../protocol';
import { CODEX_SETUP } from './agentCatalog';
import { createCodexCollab } from './codexCollab';
import type { OutputParser, RunReport } from '../ports/agent';
import { clip, parseJson, usageSummary } from './parserHelpers';

/**
 * Codex CLI `codex exec --json` → AgentEvents. The pinned 0.171.0 (exec on the in-process app
 * server) writes thread.started, turn.started, item.started / item.updated / item.completed
 * (items: agent_message, reasoning, command_execution, file_change, mcp_tool_call,
 * collab_tool_call — sub-agents, see codexCollab.ts —, web_search, todo_list, error),
 * turn.completed (usage), turn.failed (error), and error (stream errors, including the
 * "Reconnecting… n/m" retries Codex makes when it cannot reach its API). Earlier exec builds also
 * wrote `plan` items streamed by `item.plan.delta`, and `request_user_input` with the questions;
 * 0.171.0 has neither (it refuses the question and logs that on stderr). Unknown types are logs.
 */
const Item = z.looseObject({ id: z.string(), type: z.string() });
const Line = z.looseObject({ type: z.string() });
const Usage = z.object({ input_tokens: z.optional(z.number()), cached_input_tokens: z.optional(z.number()), output_tokens: z.optional(z.number()) });
const Command = z.object({ command: z.string(), aggregated_output: z.optional(z.string()), exit_code: z.nullish(z.number()), status: z.optional(z.string()) });
const FileChange = z.object({ changes: z.array(z.object({ path: z.string(), kind: z.optional(z.string()) })), status: z.optional(z.string()) });
const McpCall = z.object({ server: z.string(), tool: z.string(), status: z.optional(z.string()), error: z.nullish(z.object({ message: z.string() })) });
const Todo = z.object({ items: z.array(z.object({ text: z.string(), completed: z.boolean() })) });
const Text = z.object({ text: z.string() });
const PlanDelta = z.object({ item_id: z.string(), delta: z.string() });
const Question = z.object({ header: z.optional(z.string()), question: z.string(), options: z.nullish(z.array(z.object({ label: z.string() }))) });
const UserInput = z.object({ questions: z.array(Question) });
/** 0.171.0's stderr when exec refuses a request only a person could answer. */
const NOT_IN_EXEC = /(request_user_input|[\w ]*approval) is not supported in exec mode/;

const RECONNECTING = /^Reconnecting/i;
const AUTH = /401|unauthori[sz]ed|not logged in|log ?in (with|to)|OPENAI_API_KEY|invalid api key|token (has )?expired/i;

export interface CodexParserHooks {
  report?: (facts: RunReport) => void;
  /** Codex is retrying its connection ("Reconnecting… n/m"); a watchdog decides how long that may go on. */
  onRetry?: (message: string) => void;
  /** Anything that shows the agent is working again. */
  onProgress?: () => void;
}

export function createCodexParser(hooks: CodexParserHooks = {}): OutputParser {
  const report = hooks.report ?? (() => undefined);
  let completed = false;
  let authReported = false;
  const collab = createCodexCollab();
  /** Text already streamed per item (plan deltas), so the completed item adds only the rest. */
  const streamed = new Map<string, string>();

  const authError = (message: string): AgentEvent[] => {
    if (authReported) return [];
    authReported = true;
    return [{ kind: 'error', message: `Codex is not signed in: ${clip(message, 200)}`, hint: CODEX_SETUP.signInHint, code: 'auth' }];
  };

  const item = (phase: 'started' | 'updated' | 'completed', raw: unknown): AgentEvent[] => {
    const parsed = Item.safeParse(raw);
    if (!parsed.success) return [{ kind: 'log', text: 'codex item in an unexpected shape' }];
    const it = parsed.data;
    const toolPhase = phase === 'started' ? 'start' : phase === 'updated' ? 'update' : 'end';
    switch (it.type) {
      case 'agent_message':
      case 'plan': {
        const t = Text.safeParse(it);
        if (!t.success || phase !== 'completed' || !t.data.text) return [];
        const sent = streamed.get(it.id) ?? '';
        streamed.delete(it.id);
        const rest = sent && t.data.text.startsWith(sent) ? t.data.text.slice(sent.length) : sent ? '' : t.data.text;
        return rest ? [{ kind: 'message', text: rest, stream: it.id }] : [];
      }
      case 'collab_tool_call':
        return collab.item(toolPhase, it);
      case 'reasoning': {
        const t = Text.safeParse(it);
        return t.success && phase === 'completed' && t.data.text ? [{ kind: 'thinking', text: t.data.text, stream: it.id }] : [];
      }
      case 'command_execution': {
        const c = Command.safeParse(it);
        if (!c.success) return [];
        const status = phase === 'completed' ? endStatus(c.data.status, c.data.exit_code) : 'running';
        const output = c.data.aggregated_output?.trim();
        return [{ kind: 'tool', phase: toolPhase, id: it.id, title: `$ ${clip(c.data.command, 120)}`, status, ...(output ? { detail: tail(output) } : {}) }];
      }
      case 'file_change': {
        const f = FileChange.safeParse(it);
        if (!f.success) return [];
        const files = f.data.changes.map((c) => `${c.kind ?? 'update'} ${c.path}`);
        const status = phase === 'completed' ? endStatus(f.data.status) : 'running';
        return [{ kind: 'tool', phase: phase === 'completed' ? 'end' : toolPhase, id: it.id, title: `Edit ${f.data.changes.length} file${f.data.changes.length === 1 ? '' : 's'}`, status, detail: files.join('\n') }];
      }
      case 'mcp_tool_call': {
        const m = McpCall.safeParse(it);
        if (!m.success) return [];
        const status = phase === 'completed' ? endStatus(m.data.status) : 'running';
        return [{ kind: 'tool', phase: toolPhase, id: it.id, title: `${m.data.server}.${m.data.tool}`, status, ...(m.data.error ? { detail: m.data.error.message } : {}) }];
      }
      case 'web_search': {
        const query = typeof it.query === 'string' ? it.query : '';
        return [{ kind: 'tool', phase: toolPhase, id: it.id, title: `Search the web: ${clip(query, 100)}`, status: phase === 'completed' ? 'succeeded' : 'running' }];
      }
      case 'todo_list': {
        const t = Todo.safeParse(it);
        if (!t.success) return [];
        // The first open item is the one being worked on.
        const firstOpen = t.data.items.findIndex((i) => !i.completed);
        return [{ kind: 'plan', entries: t.data.items.map((i, n) => ({ content: i.text, status: i.completed ? 'completed' : n === firstOpen ? 'in_progress' : 'pending' })) }];
      }
      case 'error': {
        const t = Text.safeParse({ text: it.message });
        return [{ kind: 'log', level: 'warn', text: t.success ? t.data.text : 'codex error item' }];
      }
      default:
        return [{ kind: 'log', text: `codex item ${it.type}` }];
    }
  };

  const handle = (type: string, value: Record<string, unknown>): AgentEvent[] => {
    switch (type) {
      case 'thread.started':
        // `codex exec resume <id>` continues the thread.
        if (typeof value.thread_id === 'string' && value.thread_id) report({ session: { agent: CODEX_SETUP.id, id: value.thread_id, resumable: true, via: 'exec' } });
        return [{ kind: 'log', text: `codex thread ${String(value.thread_id ?? '')}` }];
      case 'turn.started':
        return [];
      case 'item.started':
      case 'item.updated':
      case 'item.completed':
        return item(type.slice(5) as 'started' | 'updated' | 'completed', value.item);
      case 'turn.completed': {
        const u = Usage.safeParse(value.usage ?? {});
        const usage = u.success ? { inputTokens: u.data.input_tokens ?? 0, outputTokens: u.data.output_tokens ?? 0 } : undefined;
        report({ stopReason: 'end_turn', ...(usage ? { usage } : {}) });
        if (completed) return [];
        completed = true;
        return [{ kind: 'complete', stopReason: 'end_turn', ...(usage ? { summary: usageSummary(usage) } : {}) }];
      }
      case 'turn.failed': {
        const message = String((value.error as { message?: unknown } | undefined)?.message ?? 'the turn failed');
        report({ stopReason: 'failed' });
        return AUTH.test(message) ? authError(message) : [{ kind: 'error', message: `Codex: ${message}` }];
      }
      case 'error': {
        const message = String(value.message ?? '');
        if (RECONNECTING.test(message)) {
          hooks.onRetry?.(message);
          return [{ kind: 'log', level: 'warn', text: `Codex: ${message}` }];
        }
        return AUTH.test(message) ? authError(message) : [{ kind: 'error', message: `Codex: ${message}` }];
      }
      case 'item.plan.delta': {
        const d = PlanDelta.safeParse(value);
        if (!d.success || !d.data.delta) return [];
        streamed.set(d.data.item_id, (streamed.get(d.data.item_id) ?? '') + d.data.delta);
        return [{ kind: 'message', text: d.data.delta, stream: d.data.item_id }];
      }
      case 'request_user_input': {
        const u = UserInput.safeParse(value);
        const asked = u.success ? u.data.questions.map((q): AgentEvent => ({ kind: 'info', text: `Codex asks: ${questionText(q)}` })) : [];
        return [...asked, { kind: 'log', level: 'warn', text: CANNOT_ASK }];
      }
      default:
        return [{ kind: 'log', text: `codex ${type}` }];
    }
  };

  return {
    line(stream, text) {
      if (!text.trim()) return [];
      if (stream === 'stderr') {
        const refused = NOT_IN_EXEC.exec(text);
        if (refused) return [{ kind: 'log', level: 'warn', text: refused[1] === 'request_user_input' ? CANNOT_ASK : `Codex needed ${refused[1].trim()}, which \`codex exec\` cannot ask for, so it was refused; a wider permission policy lets Codex do more without asking.` }];
        return AUTH.test(text) && /error/i.test(text) ? authError(text) : [{ kind: 'log', text }];
      }
      const line = Line.safeParse(parseJson(text));
      if (!line.success) return [{ kind: 'log', text: clip(text, 200) }];
      const events = handle(line.data.type, line.data);
      if (line.data.type !== 'error' && line.data.type !== 'thread.started') hooks.onProgress?.();
      return events;
    },
  };
}

const CANNOT_ASK = 'Codex asked a question, which `codex exec` cannot put to you; it goes on without an answer.';

/** "Header: the question (a / b / c)": what the agent wanted to know, as it put it. */
function questionText(q: z.infer<typeof Question>): string {
  const header = q.header?.trim();
  const options = q.options?.map((o) => o.label).filter(Boolean) ?? [];
  return `${header && header !== q.question ? `${header}: ` : ''}${clip(q.question, 500)}${options.length ? ` (${options.join(' / ')})` : ''}`;
}

function endStatus(status: string | undefined, exitCode?: number | null): ToolStatus {
  if (status === 'failed' || status === 'declined') return 'failed';
  if (exitCode !== undefined && exitCode !== null && exitCode !== 0) return 'failed';
  return 'succeeded';
}

/** The end of a command's output is where its verdict is. */
function tail(text: string, max = 800): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}
