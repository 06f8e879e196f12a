import type { ImpactedTask, OperationSummary } from '../../src/protocol';

/** Documents can be refined; a task run writes code and has no document to follow up on. */
export const isRefinable = (op: OperationSummary): boolean => op.kind !== 'task' && op.document !== undefined;

/** The turns of the refine thread an operation belongs to, oldest first (one turn: no thread yet). */
export function threadTurns(operations: Readonly<Record<string, OperationSummary>>, operationId: string): OperationSummary[] {
  const op = operations[operationId];
  if (!op) return [];
  const root = op.parentOperationId ?? op.id;
  return Object.values(operations).filter((o) => o.id === root || o.parentOperationId === root).sort((a, b) => a.createdAt - b.createdAt);
}

export const taskName = (t: ImpactedTask): string => t.id ?? t.key;

/** "Update only these": the follow-up that names each stale task and what changed under it. */
export function impactedPrompt(tasks: readonly ImpactedTask[]): string {
  const lines = tasks.map((t) => `- ${taskName(t)}: ${t.requirements.map((r) => `${r.id} ${r.change}${r.after ? ` (now: "${r.after}")` : ''}`).join('; ')}`);
  return `Update these tasks to the requirements that changed since tasks.md was written; leave every other task as it is.\n${lines.join('\n')}`;
}
