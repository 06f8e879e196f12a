import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runAgents } from './cli/agents';
import { runCheck } from './cli/check';
import { runGenerate } from './cli/generate';
import { runNew } from './cli/new';
import { runTasks } from './cli/tasks';
import type { OperationKind } from './protocol';
import { isPermissionPolicy, type PermissionPolicy } from './core/agents/permissions';

const USAGE = `Usage: specwright <command> [options]

Commands:
  new "<description>" [--workspace DIR] [--agent ID] [--then spec|all|none] [--short-name WORDS]
      Create specs/NNN-slug/ (next number, or a timestamp when .specify/init-options.json
      asks for it) and generate its spec from the description (--then all: the whole chain).
  generate spec <featureDir> --prompt "<description>" [--agent ID] [--json]
      Generate spec.md in a feature folder, printing the agent's live event stream.
      ID: auto, copilot, claude, gemini, codex, opencode, qwen, custom, scaffold.
  generate plan <featureDir> [--prompt "<technical direction>"]
  generate tasks <featureDir> [--prompt "<notes>"]
      Generate plan.md from spec.md, or tasks.md from spec.md and plan.md.
  generate all <featureDir> --prompt "<description>" [--plan-prompt "…"] [--tasks-prompt "…"] [--from plan|tasks]
      Spec → plan → tasks as one chain that stops at the first failure.
  tasks <tasks.md> [--json]
      The tasks by phase: IDs, state, tags ([P], [US1]), dependencies, requirement
      references, files and progress.
  check <featureDir> | --all [--workspace DIR] [--json]
      Traceability: requirements no task covers, unknown requirement or task ids,
      [P] tasks of a phase touching one file, duplicate task ids. Exit 1 on errors.
  agents [--json] [--quick]
      Which agents are installed, where, which version, whether they are signed in,
      and how to install or sign in the others (--quick skips the sign-in check).

Options:
  --workspace DIR     workspace root (default: the folder above specs/, else the current directory)
  --timeout MINUTES   stop the agent after this long (default 10)
  --permissions P     ask (default: questions are asked on the terminal), allowEditsInFeature, allowAll
  --json              print events as JSON lines instead of text
  -h, --help          show this help
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prompt: { type: 'string', short: 'p' },
      'plan-prompt': { type: 'string' },
      'tasks-prompt': { type: 'string' },
      from: { type: 'string' },
      all: { type: 'boolean', default: false },
      then: { type: 'string' },
      'short-name': { type: 'string' },
      agent: { type: 'string', short: 'a' },
      workspace: { type: 'string', short: 'w' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      permissions: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, kind, target] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'generate') {
    if (!isGenerateKind(kind) || !target) return usageError('generate needs: spec|plan|tasks|all <featureDir>');
    const from = values.from;
    if (from !== undefined && !isStage(from)) return usageError('--from takes spec, plan or tasks');
    // A spec needs a description; a plan or tasks are written from the documents before them, the words are optional.
    const needsPrompt = kind === 'spec' || (kind === 'all' && (from ?? 'spec') === 'spec');
    if (needsPrompt && !values.prompt?.trim()) return usageError(`generate ${kind} needs --prompt "<what the feature is>"`);
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) return usageError('--timeout takes a number of minutes greater than 0');
    if (values.permissions !== undefined && !isPermissionPolicy(values.permissions)) return usageError('--permissions takes ask, allowEditsInFeature or allowAll');
    return runGenerate({
      kind,
      featureDir: resolve(target),
      prompt: values.prompt ?? '',
      ...(from === undefined ? {} : { from }),
      stagePrompts: { plan: values['plan-prompt'], tasks: values['tasks-prompt'] },
      agent: values.agent,
      workspace: values.workspace ? resolve(values.workspace) : undefined,
      timeoutMinutes: timeout,
      permissions: values.permissions as PermissionPolicy | undefined,
      json: values.json,
    });
  }
  if (command === 'new') {
    const description = positionals.slice(1).join(' ').trim();
    if (!description) return usageError('new needs a description: specwright new "<what the feature is>"');
    const then = values.then ?? 'spec';
    if (then !== 'spec' && then !== 'all' && then !== 'none') return usageError('--then takes spec, all or none');
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) return usageError('--timeout takes a number of minutes greater than 0');
    if (values.permissions !== undefined && !isPermissionPolicy(values.permissions)) return usageError('--permissions takes ask, allowEditsInFeature or allowAll');
    return runNew({
      description, then, json: values.json,
      workspace: resolve(values.workspace ?? process.cwd()),
      agent: values.agent, timeoutMinutes: timeout,
      permissions: values.permissions as PermissionPolicy | undefined,
      shortName: values['short-name'], planPrompt: values['plan-prompt'], tasksPrompt: values['tasks-prompt'],
    });
  }
  if (command === 'tasks') {
    if (!kind) return usageError('tasks needs the path of a tasks.md');
    return runTasks({ file: resolve(kind), json: values.json });
  }
  if (command === 'check') {
    if (!values.all && !kind) return usageError('check needs <featureDir> or --all');
    const workspace = resolve(values.workspace ?? process.cwd());
    return runCheck({ all: values.all, json: values.json, workspace, ...(kind ? { featureDir: resolve(kind) } : {}) });
  }
  if (command === 'agents') {
    return runAgents({ json: values.json, quick: values.quick, workspace: values.workspace ? resolve(values.workspace) : process.cwd() });
  }
  return usageError(`unknown command "${command}"`);
}

const STAGES: readonly string[] = ['spec', 'plan', 'tasks'];
const isStage = (value: string): value is OperationKind => STAGES.includes(value);
const isGenerateKind = (value: string | undefined): value is OperationKind | 'all' => value !== undefined && (value === 'all' || isStage(value));

function usageError(message: string): number {
  process.stderr.write(`specwright: ${message}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`specwright: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
