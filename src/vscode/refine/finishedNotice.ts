import { basename } from 'node:path';
import { isTerminal, type OperationSummary } from '../../protocol';

export interface FinishedNotice {
  message: string;
  /** Show changes only when the run changed the document. */
  actions: ('Open' | 'Show changes')[];
  document: string;
}

/**
 * What to tell the user when a generation or refine turn ends while the Conversation view is not
 * on screen; nothing when the view is visible (the run is right there) or the run was not one this
 * window watched start.
 */
export function finishedNotice(summary: OperationSummary, watched: boolean, viewVisible: boolean): FinishedNotice | undefined {
  if (!watched || viewVisible || !isTerminal(summary.status) || summary.kind === 'task' || !summary.document) return undefined;
  const doc = basename(summary.document);
  const what = summary.refine ? `Refine turn ${summary.refine.turn} of ${doc}` : `${doc}`;
  const of = `${what} (${summary.featureName})`;
  if (summary.status === 'succeeded') return { message: `${of} is ready.`, actions: ['Open', 'Show changes'], document: summary.document };
  const how = summary.status === 'cancelled' ? 'was cancelled' : summary.status === 'timedOut' ? 'timed out' : 'failed';
  return { message: `${of} ${how}${summary.reason ? `: ${summary.reason}` : '.'} The previous document was kept.`, actions: ['Open'], document: summary.document };
}
