import * as z from 'zod/mini';
import type { AgentEvent, ToolStatus } from '../../protocol';
import { clip } from './parserHelpers';

/**
 * Codex sub-agents in `codex exec --json`: the main agent's `collab_tool_call` items
 * (`spawn_agent`, `send_input`, `wait`, `close_agent`; newer builds may add more). Exec streams
 * only the main thread's items, so a sub-agent's work is known by these calls and by
 * `agents_states` (per sub-agent thread id: its status and, when it has one, its last message).
 * The spawn call is the sub-agent's step; every later call about that thread, and what the
 * sub-agent said, carry `group` = that step's id, as Copilot's and Claude's sub-agents do.
 */
const AgentState = z.object({ status: z.string(), message: z.nullish(z.string()) });
const CollabCall = z.object({
  id: z.string(),
  tool: z.string(),
  sender_thread_id: z.optional(z.string()),
  receiver_thread_ids: z._default(z.array(z.string()), []),
  prompt: z.nullish(z.string()),
  agents_states: z._default(z.record(z.string(), AgentState), {}),
  status: z.optional(z.string()),
});
type CollabCall = z.infer<typeof CollabCall>;

/** Sub-agent states that mean it is done (with its answer or its error). */
const FINISHED = new Set(['completed', 'errored', 'shutdown', 'not_found', 'interrupted']);
const FAILED = new Set(['errored', 'not_found']);

export interface CodexCollab {
  /** A `collab_tool_call` item at one of its phases → the steps and messages to show. */
  item(phase: 'start' | 'update' | 'end', raw: unknown): AgentEvent[];
}

export function createCodexCollab(): CodexCollab {
  /** Sub-agent thread id → the id of the spawn step its work is shown under. */
  const stepOf = new Map<string, string>();
  /** What each sub-agent said that is already shown (wait and close both repeat it). */
  const said = new Map<string, string>();
  /** Titles by step id: a step keeps its title on update and end. */
  const titles = new Map<string, string>();

  const groupFor = (call: CollabCall): string | undefined => {
    if (call.tool === 'spawn_agent') return undefined;
    const steps = [...new Set(call.receiver_thread_ids.map((t) => stepOf.get(t)).filter((s): s is string => s !== undefined))];
    return steps.length === 1 && steps[0] !== call.id ? steps[0] : undefined;
  };

  const titleOf = (call: CollabCall): string => {
    const prompt = call.prompt?.trim() ? clip(call.prompt.trim().replace(/\s+/g, ' '), 120) : '';
    const many = call.receiver_thread_ids.length > 1 ? `${call.receiver_thread_ids.length} sub-agents` : 'the sub-agent';
    switch (call.tool) {
      case 'spawn_agent':
        return prompt ? `Sub-agent: ${prompt}` : 'Sub-agent';
      case 'send_input':
        return prompt ? `Message to ${many}: ${prompt}` : `Message to ${many}`;
      case 'wait':
        return `Wait for ${many}`;
      case 'close_agent':
        return `Close ${many}`;
      default:
        return `Sub-agent ${call.tool.replace(/_/g, ' ')}${prompt ? `: ${prompt}` : ''}`;
    }
  };

  return {
    item(phase, raw) {
      const parsed = CollabCall.safeParse(raw);
      if (!parsed.success) return [{ kind: 'log', text: 'codex collab_tool_call in an unexpected shape' }];
      const call = parsed.data;
      if (call.tool === 'spawn_agent') for (const thread of call.receiver_thread_ids) if (!stepOf.has(thread)) stepOf.set(thread, call.id);
      const title = titles.get(call.id) ?? titleOf(call);
      titles.set(call.id, title);
      const group = groupFor(call);
      const states = Object.entries(call.agents_states);
      const failedAgents = states.filter(([, s]) => FAILED.has(s.status));
      const status: ToolStatus = phase !== 'end' ? 'running' : call.status === 'failed' || failedAgents.length > 0 ? 'failed' : 'succeeded';
      const detail = states.length > 0 ? states.map(([thread, s]) => `${thread}: ${s.status.replace(/_/g, ' ')}`).join('\n') : undefined;
      const events: AgentEvent[] = [{ kind: 'tool', phase, id: call.id, title, status, ...(detail ? { detail } : {}), ...(group ? { group } : {}) }];
      // What a finished sub-agent said (its answer, or why it failed), under its own step.
      for (const [thread, state] of states) {
        const text = state.message?.trim();
        if (!text || !FINISHED.has(state.status) || said.get(thread) === text) continue;
        said.set(thread, text);
        const under = stepOf.get(thread) ?? call.id;
        events.push({ kind: 'message', text: FAILED.has(state.status) ? `Sub-agent failed: ${text}` : text, stream: `codex-agent:${thread}`, group: under });
      }
      return events;
    },
  };
}
