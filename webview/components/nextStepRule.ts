import type { OperationKind, OperationSummary, OperationSummaryKind } from '../../src/protocol';

const NEXT: Partial<Record<OperationSummaryKind, OperationKind>> = { spec: 'plan', plan: 'tasks' };

/**
 * The step a finished operation leads to: a succeeded spec → plan, a succeeded plan → tasks.
 * Nothing when a chain already went on from it, or something is running for that feature.
 */
export function nextStepFor(op: OperationSummary, operations: readonly OperationSummary[]): OperationKind | undefined {
  if (op.status !== 'succeeded') return undefined;
  const next = NEXT[op.kind];
  if (!next) return undefined;
  const continued = operations.some((o) => o.parentId === op.id);
  const busy = operations.some((o) => o.feature === op.feature && (o.status === 'queued' || o.status === 'running'));
  return continued || busy ? undefined : next;
}
