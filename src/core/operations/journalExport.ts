/**
 * One operation exported for people (Markdown: the conversation as a document) or for tools
 * (JSON: the summary and every event with its seq and time, as the journal holds them).
 */
import type { AgentEvent, ExportFormat, OperationSummary } from '../../protocol';
import type { JournalEvent } from './journalFormat';

export interface ExportedOperation {
  fileName: string;
  content: string;
}

export function exportOperation(summary: OperationSummary, events: readonly JournalEvent[], format: ExportFormat): ExportedOperation {
  const base = `specwright-${summary.featureName}-${titleOf(summary).replace(/[^\w.-]+/g, '-')}-${summary.id.slice(0, 8)}`.replace(/-+/g, '-');
  if (format === 'json') return { fileName: `${base}.json`, content: `${JSON.stringify({ summary, events }, null, 2)}\n` };
  return { fileName: `${base}.md`, content: toMarkdown(summary, events) };
}

/** "T012" for a task run, "spec" for a document. */
const titleOf = (s: OperationSummary): string => (s.kind === 'task' ? s.task?.id ?? s.task?.key ?? 'task' : s.kind);

export function toMarkdown(summary: OperationSummary, events: readonly JournalEvent[]): string {
  const heading = summary.kind === 'task'
    ? `# ${titleOf(summary)} — ${summary.task?.title ?? 'task'} (${summary.featureName})`
    : `# ${summary.kind}.md of ${summary.featureName}`;
  const facts = [
    `- **Operation:** ${summary.kind} · \`${summary.id}\``,
    `- **Agent:** ${summary.agent}${summary.model ? ` (${summary.model})` : ''}`,
    `- **Status:** ${summary.status}${summary.reason ? ` — ${summary.reason}` : ''}`,
    `- **Started:** ${iso(summary.startedAt ?? summary.createdAt)}${summary.endedAt ? ` · **Ended:** ${iso(summary.endedAt)} (${((summary.endedAt - (summary.startedAt ?? summary.createdAt)) / 1000).toFixed(1)} s)` : ''}`,
  ];
  if (summary.document) facts.push(`- **Document:** ${summary.document}`);
  if (summary.usage) facts.push(`- **Tokens:** ${summary.usage.inputTokens} in, ${summary.usage.outputTokens} out${summary.usage.costUsd !== undefined ? `, $${summary.usage.costUsd.toFixed(4)}` : ''}`);
  if (summary.git) facts.push(`- **Git before the run:** ${summary.git.branch ?? 'detached HEAD'}${summary.git.head ? ` at ${summary.git.head.slice(0, 12)}` : ''}${summary.git.dirty.length ? `, ${summary.git.dirty.length} file(s) already changed` : ', clean'}`);
  if (summary.touched) facts.push(`- **Files changed by the run:** ${summary.touched.length ? summary.touched.map((f) => `\`${f}\``).join(', ') : 'none'}`);
  const body = conversation(events);
  return `${heading}\n\n${facts.join('\n')}\n\n## Conversation\n\n${body || '_No events._'}\n`;
}

/** Consecutive deltas of one stream are one paragraph; everything else is one block per event. */
function conversation(events: readonly JournalEvent[]): string {
  const blocks: string[] = [];
  let stream: { kind: 'thinking' | 'message'; key: string | undefined; text: string } | undefined;
  const flush = () => {
    if (!stream) return;
    const text = stream.text.trim();
    if (text) blocks.push(stream.kind === 'thinking' ? text.split('\n').map((l) => `> ${l}`).join('\n') : text);
    stream = undefined;
  };
  for (const { event } of events) {
    if (event.kind === 'thinking' || event.kind === 'message') {
      if (stream && (stream.kind !== event.kind || stream.key !== event.stream)) flush();
      stream ??= { kind: event.kind, key: event.stream, text: '' };
      stream.text += event.text;
      continue;
    }
    flush();
    const block = blockOf(event);
    if (block) blocks.push(block);
  }
  flush();
  return blocks.join('\n\n');
}

function blockOf(event: AgentEvent): string | undefined {
  switch (event.kind) {
    case 'tool':
      // The start and the end of a tool are one line each; updates add nothing a reader needs.
      if (event.phase === 'update') return undefined;
      return `- ${event.phase === 'start' ? '⚙' : event.status === 'failed' ? '✖' : '✔'} **${event.title ?? event.id}**${event.detail ? ` — ${event.detail}` : ''}`;
    case 'plan': return event.entries.map((e) => `- [${e.status === 'completed' ? 'x' : ' '}] ${e.content}`).join('\n');
    case 'permission': return `**Question:** ${event.question} (${event.options.map((o) => o.label).join(' / ')})`;
    case 'permissionResolved': return `**Answer:** ${event.outcome === 'selected' ? event.label ?? event.optionId ?? '' : event.outcome === 'timedOut' ? 'no answer in time' : 'withdrawn'}`;
    case 'log': return `\`\`\`text\n${event.text.trimEnd()}\n\`\`\``;
    case 'info': return `_${event.text.trim()}_`;
    case 'error': return `**Error:** ${event.message}${event.hint ? `\n\n${event.hint}` : ''}`;
    case 'complete': return `**Done.** ${event.summary ?? ''}`.trim();
    default: return undefined;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
