/**
 * Waves: the open tasks in the order they can run, each wave a set that may run together
 * (every task's dependencies are in earlier waves, and no two tasks of a wave name the same
 * file). Run All Ready Tasks schedules dynamically with the same two rules; the waves are the
 * plan it shows before it starts.
 */
import type { TaskGraph, TaskNode } from './graph';

/** Keys of the open tasks (not ticked, not skipped, not containers) in document order. */
export const openTasks = (graph: TaskGraph): string[] =>
  graph.order.filter((key) => {
    const node = graph.nodes.get(key) as TaskNode;
    return !node.closed && !node.container;
  });

/** A task is satisfied when it is ticked or skipped in the file, or the caller says so (skipped in this run). */
export function isSatisfied(graph: TaskGraph, key: string, extra: ReadonlySet<string> = new Set()): boolean {
  const node = graph.nodes.get(key);
  return node === undefined || node.closed || extra.has(key);
}

/** True when two tasks name a file in common: they must not run at the same time. */
export function sharesFile(a: TaskNode, b: TaskNode): boolean {
  if (!a.task.files.length || !b.task.files.length) return false;
  const files = new Set(a.task.files);
  return b.task.files.some((f) => files.has(f));
}

/**
 * The open tasks in waves. Tasks caught in a cycle (or waiting for one) never become ready and
 * are left out; the graph's problems say why.
 */
export function planWaves(graph: TaskGraph, satisfied: ReadonlySet<string> = new Set()): string[][] {
  const done = new Set(satisfied);
  let remaining = openTasks(graph).filter((key) => !done.has(key));
  const waves: string[][] = [];
  for (;;) {
    const ready = remaining.filter((key) => (graph.nodes.get(key) as TaskNode).deps.every((d) => done.has(d) || isSatisfied(graph, d)));
    if (!ready.length) break;
    waves.push(...splitByFiles(graph, ready));
    for (const key of ready) done.add(key);
    remaining = remaining.filter((key) => !done.has(key));
  }
  return waves;
}

/** Greedy, in document order: each task goes to the first sub-wave none of whose tasks shares a file with it. */
function splitByFiles(graph: TaskGraph, ready: string[]): string[][] {
  const groups: string[][] = [];
  for (const key of ready) {
    const node = graph.nodes.get(key) as TaskNode;
    const fits = groups.find((group) => group.every((other) => !sharesFile(node, graph.nodes.get(other) as TaskNode)));
    if (fits) fits.push(key);
    else groups.push([key]);
  }
  return groups;
}
