/**
 * The prompt of one task run: that task (as written, with its detail lines), the spec, the plan,
 * the design documents (research.md, data-model.md, quickstart.md, contracts/ — what spec-kit's
 * implement step reads when they exist) and the constitution as context, and plain instructions
 * to do only this task. The documents are
 * inlined for the same reason as in document generation: agents differ in whether they read
 * files on their own, and the prompt is what the conversation and the journal record.
 */
import { basename, join, relative } from 'node:path';
import { designSections, readText, section } from '../features/designContext';
import type { Task, TasksDocument } from '../features/tasks';

export interface TaskPromptInput {
  workspaceRoot: string;
  featureDir: string;
  tasksPath: string;
  doc: TasksDocument;
  task: Task;
  /** Extra words from the user (retry with a hint, CLI --prompt). */
  userPrompt?: string;
}

const CONSTITUTION = ['.specify', 'memory', 'constitution.md'];

export async function buildTaskPrompt(input: TaskPromptInput): Promise<string> {
  const { task, doc } = input;
  const name = task.id ?? `the task on line ${task.line + 1}`;
  const rel = (path: string) => relative(input.workspaceRoot, path) || basename(path);
  const [constitution, spec, plan, design] = await Promise.all([
    readText(join(input.workspaceRoot, ...CONSTITUTION)),
    readText(join(input.featureDir, 'spec.md')),
    readText(join(input.featureDir, 'plan.md')),
    designSections(input.workspaceRoot, input.featureDir),
  ]);
  const written = [doc.lines[task.line]?.text.trim() ?? task.description, ...task.details.map((d) => `  ${d}`)].join('\n');
  const phase = doc.phases.find((p) => p.key === task.phase);
  const parts = [
    `You are implementing ONE task of the feature in ${input.featureDir} (spec-kit layout): ${name}.`,
    `Do only ${name}. Do not start other tasks of ${rel(input.tasksPath)}, do not tick or edit its checkboxes (Specwright ticks ${name} when you finish successfully), and do not rewrite spec.md or plan.md.`,
    `Make the change in the workspace (${input.workspaceRoot}) with your file tools; do not only describe it. If the task cannot be done, say why and stop without pretending. When you are done, say in one or two sentences what you changed.`,
    section(`The task (${rel(input.tasksPath)}, line ${task.line + 1}${phase ? `, ${phase.key}` : ''})`, written),
  ];
  if (constitution !== undefined) parts.push(section(`Project constitution (${CONSTITUTION.join('/')}) — the change must respect it`, constitution));
  if (spec !== undefined) parts.push(section(`Feature specification (${rel(join(input.featureDir, 'spec.md'))})`, spec));
  if (plan !== undefined) parts.push(section(`Implementation plan (${rel(join(input.featureDir, 'plan.md'))})`, plan));
  parts.push(...design);
  if (input.userPrompt?.trim()) parts.push(section('Notes from the user', input.userPrompt));
  return parts.join('\n\n');
}

