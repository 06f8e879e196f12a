import type { AgentEvent, ToolStatus } from '../../../protocol';
import type { Acp } from './sdk';

const MAX_DETAIL = 2000;

/** What one `session/update` becomes: events for the conversation, and the cost when it says. */
export interface MappedUpdate {
  events: AgentEvent[];
  /** Session cost so far in US dollars (ACP `usage_update`); other currencies are not converted. */
  costUsd?: number;
}

/**
 * ACP `session/update` → AgentEvents, one mapper per session. It remembers tool titles, so an
 * update that only changes a status still shows what the tool was, and which tools ended.
 */
export function createUpdateMapper(): (update: Acp.SessionUpdate) => MappedUpdate {
  const titles = new Map<string, string>();
  const ended = new Set<string>();

  const tool = (phase: 'start' | 'update', u: Acp.ToolCall | Acp.ToolCallUpdate): AgentEvent[] => {
    const id = u.toolCallId;
    if (u.title) titles.set(id, u.title);
    const status = toolStatus(u.status, phase === 'start' ? 'pending' : 'running');
    const finished = status === 'succeeded' || status === 'failed';
    if (finished && ended.has(id)) return [];
    if (finished) ended.add(id);
    const detail = toolDetail(u.content, u.locations);
    return [{
      kind: 'tool',
      phase: finished ? 'end' : phase,
      id,
      ...(titles.has(id) ? { title: titles.get(id) } : {}),
      status,
      ...(detail ? { detail } : {}),
    }];
  };

  return (update) => {
    switch (update.sessionUpdate) {
      case 'agent_message_chunk':
        return { events: chunk('message', update) };
      case 'agent_thought_chunk':
        return { events: chunk('thinking', update) };
      case 'user_message_chunk':
        // Our own prompt echoed back (or replayed on session/load): already known.
        return { events: [] };
      case 'tool_call':
        return { events: tool('start', update) };
      case 'tool_call_update':
        return { events: tool('update', update) };
      case 'plan':
        return { events: [{ kind: 'plan', entries: update.entries.map((e) => ({ content: e.content, status: e.status })) }] };
      case 'usage_update':
        // Context-window use is the agent's business; the cost, when given in dollars, is ours to show.
        return { events: [], ...(update.cost && /^usd$/i.test(update.cost.currency) ? { costUsd: update.cost.amount } : {}) };
      case 'current_mode_update':
        return { events: [{ kind: 'info', text: `Mode: ${update.currentModeId}` }] };
      case 'session_info_update':
        return { events: update.title ? [{ kind: 'info', text: `Session: ${update.title}` }] : [] };
      case 'notice':
        return { events: [{ kind: 'info', text: [update.title, update.description].filter(Boolean).join(' — ') }] };
      case 'available_commands_update':
      case 'config_option_update':
        // Menus for an interactive client; a log line keeps them visible without noise.
        return { events: [{ kind: 'log', text: `${update.sessionUpdate}` }] };
      case 'compaction_update':
      case 'compaction_summary_chunk':
        return { events: [{ kind: 'info', text: 'The agent is compacting its context.' }] };
      default:
        return { events: [{ kind: 'info', text: `Agent update: ${(update as { sessionUpdate: string }).sessionUpdate}` }] };
    }
  };
}

function chunk(kind: 'message' | 'thinking', update: Acp.ContentChunk): AgentEvent[] {
  const text = contentText(update.content);
  if (!text) return [];
  // Chunks of one message share a stream id, so the bus merges them and the UI shows one block.
  return [{ kind, text, stream: update.messageId ?? kind }];
}

function contentText(block: Acp.ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'resource_link':
      return `[${block.title ?? block.name}](${block.uri})`;
    case 'resource':
      return 'text' in block.resource ? block.resource.text : `(${block.resource.uri})`;
    case 'image':
      return '(image)';
    case 'audio':
      return '(audio)';
    default:
      return '';
  }
}

function toolStatus(status: Acp.ToolCallStatus | null | undefined, fallback: ToolStatus): ToolStatus {
  switch (status) {
    case 'pending':
      return 'pending';
    case 'in_progress':
      return 'running';
    case 'completed':
      return 'succeeded';
    case 'failed':
      return 'failed';
    default:
      return fallback;
  }
}

/** A line per location and per content item: enough to see what a tool touched, clipped. */
function toolDetail(content: Acp.ToolCallContent[] | null | undefined, locations: Acp.ToolCallLocation[] | null | undefined): string | undefined {
  const lines: string[] = [];
  for (const location of locations ?? []) lines.push(location.line ? `${location.path}:${location.line}` : location.path);
  for (const item of content ?? []) {
    if (item.type === 'content') lines.push(contentText(item.content));
    else if (item.type === 'diff') lines.push(`Edit ${item.path} (${item.newText.split('\n').length} lines)`);
    else if (item.type === 'terminal') lines.push(`Terminal ${item.terminalId}`);
  }
  const text = lines.filter((l) => l.trim()).join('\n');
  if (!text) return undefined;
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
