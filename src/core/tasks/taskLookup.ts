import type { Task, TasksDocument } from '../features/tasks';
import type { TaskGraph } from './graph';

/**
 * The task a key names in a parsed tasks.md: `T012` (any id of a range, any case), `line:N`
 * (0-based line) for a task without an id, or a plain number as Kiro numbers tasks (`2.1`).
 * `description` re-finds a `line:N` task that moved because the file changed meanwhile.
 */
export function findTask(doc: TasksDocument, key: string, description?: string): Task | undefined {
  const line = /^line:(\d+)$/.exec(key);
  if (line) {
    const at = doc.tasks.find((t) => t.line === Number(line[1]));
    if (at && (description === undefined || at.description === description)) return at;
    return description === undefined ? undefined : doc.tasks.find((t) => t.description === description);
  }
  const wanted = key.trim().toUpperCase();
  return doc.tasks.find((t) => t.id?.toUpperCase() === wanted) ?? doc.tasks.find((t) => t.ids.some((id) => id.toUpperCase() === wanted));
}

/** The graph key of a task (the graph renames a duplicate id to `line:N`). */
export function graphKeyOf(graph: TaskGraph, task: Task): string {
  for (const node of graph.nodes.values()) if (node.task.index === task.index) return node.key;
  return task.id ?? `line:${task.line}`;
}
