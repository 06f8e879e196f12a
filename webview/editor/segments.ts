import type { EditorTask } from '../../src/protocol';

/** A run of ordinary Markdown, or one task line (with its indented detail lines) shown as a checkbox row. */
export type Segment =
  | { kind: 'markdown'; text: string; line: number }
  | { kind: 'task'; task: EditorTask; details: string };

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].replace(/\t/g, '    ').length ?? 0;

/**
 * Cuts a document into Markdown runs and task rows, by the task lines the host found (the host's
 * parser knows which checkbox lines are real tasks: not the ones in code fences, comments or
 * legends). Lines indented under a task (Kiro's `_Requirements: …_` bullets) stay with it, dedented,
 * so they render as its details instead of as an indented code block.
 */
export function segmentsOf(text: string, tasks: readonly EditorTask[] | undefined): Segment[] {
  const lines = text.split('\n');
  if (!tasks?.length) return [{ kind: 'markdown', text, line: 0 }];
  const byLine = new Map(tasks.map((t) => [t.line, t]));
  const segments: Segment[] = [];
  let run: string[] = [];
  let runStart = 0;
  const flush = (next: number) => {
    if (run.some((l) => l.trim() !== '')) segments.push({ kind: 'markdown', text: run.join('\n'), line: runStart });
    run = [];
    runStart = next;
  };
  for (let i = 0; i < lines.length; i++) {
    const task = byLine.get(i);
    if (!task) {
      if (!run.length) runStart = i;
      run.push(lines[i]);
      continue;
    }
    flush(i);
    const own = indentOf(lines[i]);
    const details: string[] = [];
    while (i + 1 < lines.length && !byLine.has(i + 1) && lines[i + 1].trim() !== '' && indentOf(lines[i + 1]) > own) details.push(lines[++i]);
    const cut = Math.min(...details.map(indentOf));
    segments.push({ kind: 'task', task, details: details.map((l) => l.replace(/\t/g, '    ').slice(cut)).join('\n') });
    runStart = i + 1;
  }
  flush(lines.length);
  return segments;
}
