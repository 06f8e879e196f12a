import type { OperationKind, OperationSummary } from '../../protocol';
import { isTerminal } from '../../protocol';

const DOCUMENT_KINDS: readonly string[] = ['spec', 'plan', 'tasks'];

/** A generation or refine turn of a document (task runs are not threads of a document). */
export const isDocumentOperation = (op: OperationSummary): op is OperationSummary & { kind: OperationKind } => DOCUMENT_KINDS.includes(op.kind);

/** The id of the first operation of the thread an operation belongs to (itself when it started one). */
export const threadIdOf = (op: OperationSummary): string => op.parentOperationId ?? op.id;

/** Every turn of a thread, oldest first: the generation that started it, then its refine turns. */
export function threadOf(operations: readonly OperationSummary[], operationId: string): OperationSummary[] {
  const op = operations.find((o) => o.id === operationId);
  if (!op) return [];
  const root = threadIdOf(op);
  return operations.filter((o) => o.id === root || o.parentOperationId === root).sort((a, b) => a.createdAt - b.createdAt);
}

/** The newest finished generation or refine turn that wrote this document. */
export function latestOfDocument(operations: readonly OperationSummary[], docPath: string): OperationSummary | undefined {
  return operations
    .filter((o) => isDocumentOperation(o) && o.document === docPath && isTerminal(o.status))
    .sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** The newest finished document operation of a feature (which document `refine` without `--doc` means). */
export function latestOfFeature(operations: readonly OperationSummary[], featureDir: string): OperationSummary | undefined {
  return operations
    .filter((o) => isDocumentOperation(o) && o.feature === featureDir && isTerminal(o.status))
    .sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** The session a new turn continues: the newest turn's that named one. */
export function sessionOfThread(turns: readonly OperationSummary[]): OperationSummary['session'] {
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i].session) return turns[i].session;
  }
  return undefined;
}
