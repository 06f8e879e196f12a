import type { OperationSummary } from '../../src/protocol';

/** Documents can be refined; a task run writes code and has no document to follow up on. */
export const isRefinable = (op: OperationSummary): boolean => op.kind !== 'task' && op.document !== undefined;

/** The turns of the refine thread an operation belongs to, oldest first (one turn: no thread yet). */
export function threadTurns(operations: Readonly<Record<string, OperationSummary>>, operationId: string): OperationSummary[] {
  const op = operations[operationId];
  if (!op) return [];
  const root = op.parentOperationId ?? op.id;
  return Object.values(operations).filter((o) => o.id === root || o.parentOperationId === root).sort((a, b) => a.createdAt - b.createdAt);
}
