import type { ExportFormat, OperationSummary } from '../../src/protocol';
import { usageText } from './agentStatus';
import { Icon } from './Icon';
import { kindLabel, operationStatusLook } from './status';

interface Props {
  operations: readonly OperationSummary[];
  onOpen: (operationId: string) => void;
  onExport: (operationId: string, format: ExportFormat) => void;
  exporting?: string;
}

/** What an operation was about: "T012 Album model…" for a task run, "spec.md" for a document. */
export const operationTitle = (op: OperationSummary): string =>
  op.kind === 'task' ? `${op.task?.id ?? 'Task'} ${op.task?.title ?? ''}`.trim() : `${kindLabel[op.kind]} (${op.kind}.md)${op.refine ? ` — refine turn ${op.refine.turn}` : ''}`;

const when = (at: number): string => new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Past operations, newest first; a row opens its conversation, and exports it as Markdown or JSON. */
export function HistoryList({ operations, onOpen, onExport, exporting }: Props) {
  if (!operations.length) return <p class="muted history-empty">No operations match.</p>;
  return (
    <ul class="history-list">
      {operations.map((op) => {
        const look = operationStatusLook[op.status];
        return (
          <li key={op.id} class="history-row">
            <button type="button" class="history-open" title={`Open the conversation${op.reason ? ` — ${op.reason}` : ''}`} onClick={() => onOpen(op.id)}>
              <Icon name={look.icon} spin={look.spin} class={`tone-${look.tone}`} label={look.label} />
              <span class="history-title">{operationTitle(op)}</span>
              <span class="history-meta muted">
                {op.featureName} · {op.agent} · {when(op.createdAt)}
                {op.touched ? ` · ${op.touched.length} file${op.touched.length === 1 ? '' : 's'} changed` : ''}
                {op.usage && usageText(op.usage) ? ` · ${usageText(op.usage)}` : ''}
              </span>
              {op.reason && op.status !== 'succeeded' && <span class="history-reason">{op.reason}</span>}
            </button>
            <span class="history-actions">
              <button type="button" class="link-button" disabled={exporting === op.id} onClick={() => onExport(op.id, 'markdown')} title="Export the conversation as Markdown">Markdown</button>
              <button type="button" class="link-button" disabled={exporting === op.id} onClick={() => onExport(op.id, 'json')} title="Export the operation and its events as JSON">JSON</button>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
