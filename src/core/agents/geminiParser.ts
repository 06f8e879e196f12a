import * as z from 'zod/mini';
import type { AgentEvent } from '../../protocol';
import { GEMINI_SETUP } from './agentCatalog';
import type { OutputParser, RunReport } from '../ports/agent';
import { clip, parseJson, usageSummary } from './parserHelpers';

/**
 * Gemini CLI `-p … -o stream-json` → AgentEvents. Lines are `{type, timestamp, …}` with type
 * init (session_id, model), message (role user|assistant, content, delta), tool_use (tool_name,
 * tool_id, parameters), tool_result (tool_id, status success|error, output, error), error
 * (severity warning|error, message) and a final result (status, error, stats with tokens).
 * Other types become logs; lines that are not JSON (stderr chatter) too.
 */
const schemas = {
  init: z.object({ session_id: z.optional(z.string()), model: z.optional(z.string()) }),
  message: z.object({ role: z.string(), content: z.string() }),
  tool_use: z.object({ tool_name: z.string(), tool_id: z.string(), parameters: z.optional(z.unknown()) }),
  tool_result: z.object({ tool_id: z.string(), status: z.string(), output: z.nullish(z.string()), error: z.nullish(z.partial(z.object({ message: z.string() }))) }),
  error: z.object({ severity: z.optional(z.string()), message: z.string() }),
  result: z.object({
    status: z.string(),
    error: z.nullish(z.object({ type: z.optional(z.string()), message: z.string() })),
    stats: z.nullish(z.looseObject({ input_tokens: z.optional(z.number()), output_tokens: z.optional(z.number()) })),
  }),
};
type Schemas = typeof schemas;

/** What Gemini CLI prints without credentials (exit code 41), on stderr or in an error. */
const AUTH = /Please set an Auth method|GEMINI_API_KEY|API key (is )?(missing|not valid|invalid)|not (logged|signed) in|login required/i;

export function createGeminiParser(report: (facts: RunReport) => void = () => undefined): OutputParser {
  const titles = new Map<string, string>();
  /** A new assistant message starts after each tool: separate blocks, not one run-on text. */
  let messageIndex = 0;
  let authReported = false;
  let completed = false;

  const authError = (message = 'Gemini CLI is not signed in.'): AgentEvent[] => {
    if (authReported) return [];
    authReported = true;
    return [{ kind: 'error', message, hint: GEMINI_SETUP.signInHint, code: 'auth' }];
  };

  const handlers: { [K in keyof Schemas]: (d: z.infer<Schemas[K]>) => AgentEvent[] } = {
    init: (d) => {
      if (d.model) report({ model: d.model });
      // `gemini --resume <uuid>` takes the id (or "latest", or an index).
      if (d.session_id) report({ session: { agent: GEMINI_SETUP.id, id: d.session_id, resumable: true, via: 'stream-json' } });
      return [{ kind: 'info', text: `Gemini CLI${d.model ? ` · model ${d.model}` : ''}` }];
    },
    message: (d) => (d.role === 'assistant' && d.content ? [{ kind: 'message', text: d.content, stream: `gemini-${messageIndex}` }] : []),
    tool_use: (d) => {
      messageIndex += 1;
      const title = toolTitle(d.tool_name, d.parameters);
      titles.set(d.tool_id, title);
      return [{ kind: 'tool', phase: 'start', id: d.tool_id, title, status: 'running', detail: clip(JSON.stringify(d.parameters ?? {})) }];
    },
    tool_result: (d) => {
      const failed = d.status !== 'success';
      const detail = failed ? d.error?.message ?? d.output : d.output;
      return [{ kind: 'tool', phase: 'end', id: d.tool_id, title: titles.get(d.tool_id), status: failed ? 'failed' : 'succeeded', ...(detail ? { detail: clip(detail) } : {}) }];
    },
    error: (d) => {
      if (AUTH.test(d.message)) return authError();
      return d.severity === 'error' ? [{ kind: 'error', message: `Gemini CLI: ${d.message}` }] : [{ kind: 'log', level: 'warn', text: d.message }];
    },
    result: (d) => {
      const input = d.stats?.input_tokens;
      const output = d.stats?.output_tokens;
      const usage = input !== undefined || output !== undefined ? { inputTokens: input ?? 0, outputTokens: output ?? 0 } : undefined;
      const stopReason = d.status === 'success' ? 'end_turn' : d.error?.type ?? d.status;
      report({ stopReason, ...(usage ? { usage } : {}) });
      if (d.status !== 'success') {
        const message = d.error?.message ?? `Gemini CLI ended with status ${d.status}`;
        return AUTH.test(message) ? authError() : [{ kind: 'error', message: `Gemini CLI: ${message}`, ...(d.error?.type ? { code: d.error.type } : {}) }];
      }
      if (completed) return [];
      completed = true;
      return [{ kind: 'complete', stopReason, ...(usage ? { summary: usageSummary(usage) } : {}) }];
    },
  };

  return {
    line(stream, text) {
      if (!text.trim()) return [];
      if (stream === 'stderr') return AUTH.test(text) ? authError() : [{ kind: 'log', text }];
      const value = parseJson(text);
      const type = (value as { type?: unknown } | undefined)?.type;
      if (typeof type !== 'string') return AUTH.test(text) ? authError() : [{ kind: 'log', text: clip(text, 200) }];
      if (!Object.hasOwn(schemas, type)) return [{ kind: 'log', text: `gemini ${type}` }];
      return dispatch(handlers, type as keyof Schemas, value);
    },
  };
}

/** The one place a table key ties a schema to its handler; TypeScript cannot see that link itself. */
function dispatch<K extends keyof Schemas>(handlers: { [P in keyof Schemas]: (d: z.infer<Schemas[P]>) => AgentEvent[] }, type: K, value: unknown): AgentEvent[] {
  const parsed = schemas[type].safeParse(value);
  if (!parsed.success) return [{ kind: 'log', text: `gemini ${type} in an unexpected shape` }];
  return (handlers[type] as (d: unknown) => AgentEvent[])(parsed.data);
}

/** Gemini's built-in tools name their subject `file_path`, `absolute_path`, `command`, `pattern`… */
function toolTitle(name: string, parameters: unknown): string {
  if (typeof parameters !== 'object' || parameters === null) return name;
  const record = parameters as Record<string, unknown>;
  const subject = ['file_path', 'absolute_path', 'path', 'command', 'pattern', 'query', 'url'].map((k) => record[k]).find((v) => typeof v === 'string');
  return typeof subject === 'string' ? `${name} ${clip(subject, 120)}` : name;
}
