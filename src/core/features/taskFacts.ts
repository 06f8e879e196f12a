/**
 * The facts about each task that the checks and the status need: id(s), line, phase, [P], the
 * tasks it depends on, the requirements it names and the files it touches. A flat view of the
 * tasks.md model (./tasks), which does the parsing.
 */
import { parseTasks, type Task } from './tasks';

export { filesOf } from './tasks';

export interface TaskFacts {
  /** The task's own id (T001, or 2.1 for Kiro-style numbering), when it has one. */
  id?: string;
  /** Every id the entry stands for: a range T029–T034 stands for six. */
  ids: string[];
  /** 0-based line in tasks.md. */
  line: number;
  /** Key of the phase it belongs to (its heading), '' before the first phase. */
  phase: string;
  parallel: boolean;
  done: boolean;
  /** The checkbox character as written: ' ', 'x', 'X' or '-' (skipped). */
  mark: string;
  /** Bracketed tags around the id, as written: P, US1, and any others. */
  tags: string[];
  /** The text after the id and the tags. */
  description: string;
  dependsOn: string[];
  /** FR-001, SC-002, R005 … as written (Kiro's `_Requirements: 1.1_` entries too). */
  requirements: string[];
  /** Paths named in the description (src/models/user.py, package.json). */
  files: string[];
}

export function taskFactsOf(text: string): TaskFacts[] {
  return parseTasks(text).tasks.map(factsOf);
}

export function factsOf(t: Task): TaskFacts {
  // Two whole literals (with and without the id) in TaskFacts' key order: a spread makes every
  // later key slow, and keys added after a literal cost about as much again; this runs per task.
  const { ids, line, phase, parallel, done, mark, tags, description, dependsOn, requirements, files } = t;
  return t.id !== undefined
    ? { id: t.id, ids, line, phase, parallel, done, mark, tags, description, dependsOn, requirements, files }
    : { ids, line, phase, parallel, done, mark, tags, description, dependsOn, requirements, files };
}
