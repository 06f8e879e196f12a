/**
 * The plan of work of a tasks.md: which task waits for which. Phases run in document order
 * (Setup → Foundational → stories → Polish); inside a phase a task without [P] waits for
 * everything before it, a [P] task only for the last task without [P] (so consecutive [P] tasks
 * may run together); inline `depends on` adds edges; a task with sub-tasks (Kiro's `2.` over
 * `2.1`, `2.2`) is a container that is done when they are. Cycles, unknown ids and duplicate ids
 * are problems to show the user, never exceptions.
 */
import type { TaskGraphProblem } from '../../protocol';
import type { Task, TasksDocument } from '../features/tasks';

export interface TaskNode {
  /** The id, or `line:N` for a task without one (or a second task with an id already taken). */
  key: string;
  task: Task;
  /** Keys of the tasks it waits for: phase and list order, and `depends on` (containers resolved to their sub-tasks). */
  deps: string[];
  /** Has sub-tasks: never run itself, done when they are. */
  container: boolean;
  /** Ticked or skipped in the file. */
  closed: boolean;
}

export interface TaskGraph {
  nodes: Map<string, TaskNode>;
  /** Keys in document order. */
  order: string[];
  problems: TaskGraphProblem[];
}

/** The key a task is known by in runs, statuses and hub requests. */
export const keyOfTask = (task: Pick<Task, 'id' | 'line'>): string => task.id ?? `line:${task.line}`;

export function buildTaskGraph(doc: TasksDocument): TaskGraph {
  const problems: TaskGraphProblem[] = [];
  const nodes = new Map<string, TaskNode>();
  const byId = new Map<string, string>();
  const keyOfIndex = new Map<number, string>();
  for (const task of doc.tasks) {
    let key = keyOfTask(task);
    if (nodes.has(key)) {
      problems.push({ code: 'duplicateId', message: `${task.id} is used twice (lines ${(nodes.get(key)?.task.line ?? 0) + 1} and ${task.line + 1}); the second is run as the task on line ${task.line + 1}.`, line: task.line, tasks: [key] });
      key = `line:${task.line}`;
    }
    nodes.set(key, { key, task, deps: [], container: task.childIndexes.length > 0, closed: task.done || task.skipped });
    keyOfIndex.set(task.index, key);
    for (const id of task.ids) if (!byId.has(id)) byId.set(id, key);
  }
  const order = doc.tasks.map((t) => keyOfIndex.get(t.index) as string);
  const leavesOf = (key: string): string[] => {
    const node = nodes.get(key) as TaskNode;
    if (!node.container) return [key];
    return node.task.childIndexes.flatMap((i) => leavesOf(keyOfIndex.get(i) as string));
  };

  addOrderEdges(order, nodes);
  for (const key of order) {
    const node = nodes.get(key) as TaskNode;
    for (const id of node.task.dependsOn) {
      const target = byId.get(id);
      if (target === undefined) {
        problems.push({ code: 'unknownTask', message: `${label(node)} depends on ${id}, which this tasks.md does not have.`, line: node.task.line, tasks: [key] });
        continue;
      }
      if (target === key) {
        problems.push({ code: 'cycle', message: `${label(node)} depends on itself.`, line: node.task.line, tasks: [key] });
        continue;
      }
      for (const leaf of leavesOf(target)) addDep(node, leaf);
    }
    // A container waits for its sub-tasks, whatever its own position says.
    if (node.container) node.deps = unique([...node.deps, ...leavesOf(key)]);
  }
  problems.push(...findCycles(order, nodes));
  return { nodes, order, problems };
}

/**
 * List order inside a phase and phase order between phases. A phase is a run of consecutive
 * tasks with the same phase key, so two phases that happen to share a name stay apart.
 */
function addOrderEdges(order: string[], nodes: Map<string, TaskNode>): void {
  /** Inside the phase: what a [P] task waits for (the last task without [P]), and the [P] tasks since. */
  let lastSequential: string[] = [];
  let group: string[] = [];
  let phase: string | undefined;
  for (const key of order) {
    const node = nodes.get(key) as TaskNode;
    if (node.task.phase !== phase) {
      // The whole previous phase is done once its last task and the [P] tasks after it are.
      if (phase !== undefined) lastSequential = unique([...lastSequential, ...group]);
      phase = node.task.phase;
      group = [];
    }
    // Containers are placed by their sub-tasks; they take no place in the order themselves.
    if (node.container) continue;
    if (node.task.parallel) {
      for (const d of lastSequential) addDep(node, d);
      group.push(key);
    } else {
      for (const d of [...lastSequential, ...group]) addDep(node, d);
      lastSequential = [key];
      group = [];
    }
  }
}

function addDep(node: TaskNode, dep: string): void {
  if (dep !== node.key && !node.deps.includes(dep)) node.deps.push(dep);
}

/** Each cycle once, as the keys along it, reported on its first task in document order. */
function findCycles(order: string[], nodes: Map<string, TaskNode>): TaskGraphProblem[] {
  const problems: TaskGraphProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (key: string): void => {
    state.set(key, 'visiting');
    stack.push(key);
    for (const dep of (nodes.get(key) as TaskNode).deps) {
      const s = state.get(dep);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(dep));
        const first = [...cycle].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
        const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first))];
        const id = [...rotated].sort().join(',');
        if (!reported.has(id)) {
          reported.add(id);
          problems.push({
            code: 'cycle',
            message: `Dependency cycle: ${[...rotated, first].join(' → ')} (each waits for the next), so none of them can run. A task may depend on tasks above it, not on later ones.`,
            line: (nodes.get(first) as TaskNode).task.line,
            tasks: rotated,
          });
        }
      } else if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(key, 'done');
  };
  for (const key of order) if (!state.has(key)) visit(key);
  return problems;
}

const label = (node: TaskNode): string => node.task.id ?? `The task on line ${node.task.line + 1}`;
const unique = <T>(items: T[]): T[] => [...new Set(items)];
