/**
 * A refine thread exported as one document: every turn (the generation that started it, then each
 * follow-up) with its words and its conversation, oldest first. JSON keeps each turn's summary and
 * events as the journal holds them.
 */
import { basename } from 'node:path';
import type { ExportFormat, OperationSummary } from '../../protocol';
import { toMarkdown, type ExportedOperation } from '../operations/journalExport';
import type { JournalEvent } from '../operations/journalFormat';

export interface ThreadTurn {
  summary: OperationSummary;
  events: readonly JournalEvent[];
}

export function exportThread(turns: readonly ThreadTurn[], format: ExportFormat): ExportedOperation {
  const first = turns[0].summary;
  const doc = first.document ? basename(first.document) : `${first.kind}.md`;
  const base = `specwright-${first.featureName}-${first.kind}-thread-${first.id.slice(0, 8)}`.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-');
  if (format === 'json') {
    return { fileName: `${base}.json`, content: `${JSON.stringify({ thread: first.id, turns: turns.map((t) => ({ summary: t.summary, events: t.events })) }, null, 2)}\n` };
  }
  const parts = turns.map((turn, i) => {
    const words = turn.summary.prompt?.trim();
    const how = i === 0 ? 'generation' : turn.summary.refine?.resumed ? 'refine, same session' : 'refine, new session';
    // One level down: the thread is the document, each turn a section.
    const body = toMarkdown(turn.summary, turn.events).replace(/^# .*\n\n/, '').replace(/^## Conversation$/m, '#### Conversation');
    return `## Turn ${i + 1} (${how})${words ? `\n\n> ${words.replace(/\n/g, '\n> ')}` : ''}\n\n${body}`;
  });
  return { fileName: `${base}.md`, content: `# ${doc} of ${first.featureName}: ${turns.length} turns\n\n${parts.join('\n')}` };
}
