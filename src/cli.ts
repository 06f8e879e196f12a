import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { runAgents } from './cli/agents';
import { runCheck } from './cli/check';
import { runGenerate } from './cli/generate';
import { runGitHubFeatures, runGitHubIssues } from './cli/github';
import { runNew } from './cli/new';
import { runServe } from './cli/serve';
import { runTasks } from './cli/tasks';
import { HISTORY_USAGE, runHistory } from './cli/history';
import { DIFF_USAGE, runDiff } from './cli/diff';
import { REFINE_USAGE, runRefine } from './cli/refine';
import { parseRunArgs, RUN_USAGE, runRun } from './cli/run';
import { guardSignals } from './cli/signals';
import { CURRENT_FEATURE_HINT, defaultFeatureDir } from './cli/currentFeatureArg';
import { AGENT_FLAG_OPTIONS, agentFlagsOf } from './cli/agentFlags';
import { AGENT_FLAGS_USAGE, SettingsError } from './cli/cliSettings';
import type { OperationKind } from './protocol';
import { isPermissionPolicy, type PermissionPolicy } from './core/agents/permissions';

const USAGE = `Usage: specwright <command> [options]

Commands:
  serve [--workspace DIR] [--port N] [--agent ID] [--open] [--bind ADDR]
      Serve the web UI (the VS Code panel in a browser) and print its address with a
      one-time token. Binds 127.0.0.1 on a free port unless told otherwise.
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
      Spec → plan → tasks as one chain that stops at the first failure. Without --prompt on a
      feature that has its spec.md, the spec is kept and the chain starts at the plan.
${REFINE_USAGE}  tasks <tasks.md> [--json]
      The tasks by phase: IDs, state (todo, done, skipped), tags ([P], [US1]), nesting,
      dependencies, requirement references, files and progress.
  check <featureDir> | --all [--workspace DIR] [--since REV] [--strict] [--json]
      Traceability: requirements no task covers, unknown requirement or task ids,
      [P] tasks of a phase touching one file, duplicate task ids. History: requirement
      ids reused, renumbered or dropped without being retired (against the spec's kept
      versions, or its text at REV), tasks citing requirements changed since the tasks
      were written, and drift: files of done tasks changed since (not by a later task),
      done tasks whose requirement changed. --since REV counts only what changed in
      REV..HEAD (CI: --since origin/main). Exit 0: no errors; 1: errors (with --strict:
      warnings too); 2: bad usage, or REV unknown / not a git repository.
${DIFF_USAGE}${RUN_USAGE}${HISTORY_USAGE}  agents [--json] [--quick]
      Which agents are installed, where, which version, whether they are signed in,
      and how to install or sign in the others (--quick skips the sign-in check).

  github issues <featureDir> [--dry-run] [--repo owner/name] [--api-url URL] [--tracking] [--yes] [--json]
      One GitHub issue per open task of tasks.md (again: updates changed ones, closes the
      issues of ticked tasks with --yes or when you agree). Token from GH_TOKEN/GITHUB_TOKEN;
      the repository from the feature's git remote unless --repo names it.
  github features <owner/name> [--ref REF] [--api-url URL] [--json]
      The features (specs/*/) of a repository on GitHub: stage and task progress, no clone.

Left out, <featureDir> (and tasks' <tasks.md>) of generate, refine, run, check, tasks and
github issues is spec-kit's current feature: SPECIFY_FEATURE_DIRECTORY, else
.specify/feature.json of the project around --workspace (or the current directory). In a
spec-kit project "new" points that file at the folder it creates.

Options:
  --workspace DIR     workspace root (default: the folder above specs/, else the current directory)
  --timeout MINUTES   stop the agent after this long (default 10)
  --permissions P     ask (default: questions are asked on the terminal), allowEditsInFeature, allowAll
  --json              print events as JSON lines instead of text; an agent's permission
                      question is a line with "kind":"permission": answer it with a line
                      {"permissionId":"<id>","optionId":"<option id>"} on stdin (with stdin
                      closed it is declined at once; or pass --permissions allowEditsInFeature)
  -h, --help          show this help

${AGENT_FLAGS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  guardSignals();
  // run, history, diff and refine parse their own flags (src/cli/run.ts, history.ts, diff.ts, refine.ts).
  if (argv[0] === 'run') {
    const cmd = await parseRunArgs(argv.slice(1), () => defaultFeatureDir(process.cwd()));
    return typeof cmd === 'string' ? usageError(cmd) : runRun(cmd);
  }
  if (argv[0] === 'history') return runHistory(argv.slice(1));
  if (argv[0] === 'diff') return runDiff(argv.slice(1));
  if (argv[0] === 'refine') return runRefine(argv.slice(1));
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
      port: { type: 'string' },
      open: { type: 'boolean', default: false },
      bind: { type: 'string' },
      permissions: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      repo: { type: 'string' },
      'api-url': { type: 'string' },
      tracking: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y', default: false },
      ref: { type: 'string' },
      since: { type: 'string' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...AGENT_FLAG_OPTIONS,
    },
  });
  const agentFlags = agentFlagsOf(values);
  const [command, kind, named] = positionals;
  /** The feature folder named, else spec-kit's current feature (generate, github issues, check, tasks). */
  const current = () => defaultFeatureDir(resolve(values.workspace ?? process.cwd()));
  const takesFeature = (command === 'generate' && isGenerateKind(kind)) || (command === 'github' && kind === 'issues');
  const target = named ?? (takesFeature ? await current() : undefined);
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'generate') {
    if (!isGenerateKind(kind) || !target) return usageError(`generate needs: spec|plan|tasks|all <featureDir> (${CURRENT_FEATURE_HINT})`);
    if (values.from !== undefined && !isStage(values.from)) return usageError('--from takes spec, plan or tasks');
    let from: OperationKind | undefined = values.from;
    // `all` on a feature that has its spec, without words for a new one, continues from the plan
    // (the spec is kept), as the VS Code command does once asked.
    if (kind === 'all' && from === undefined && !values.prompt?.trim()) {
      if (hasDocument(resolve(target), 'spec.md')) {
        from = 'plan';
        process.stderr.write('specwright: spec.md is there and no --prompt was given: keeping it and continuing from the plan (--from spec --prompt "…" rewrites the spec).\n');
      } else return usageError(`generate all needs --prompt "<what the feature is>": ${target} has no spec.md to continue from`);
    }
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
      agentFlags,
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
      agentFlags,
    });
  }
  if (command === 'tasks') {
    const file = kind ? resolve(kind) : await current().then((dir) => dir && join(dir, 'tasks.md'));
    if (!file) return usageError(`tasks needs the path of a tasks.md (${CURRENT_FEATURE_HINT})`);
    return runTasks({ file, json: values.json });
  }
  if (command === 'check') {
    const featureDir = values.all ? undefined : kind ? resolve(kind) : await current();
    if (!values.all && !featureDir) return usageError(`check needs <featureDir> or --all (${CURRENT_FEATURE_HINT})`);
    const workspace = resolve(values.workspace ?? process.cwd());
    if (values.since !== undefined && !values.since.trim()) return usageError('--since takes a git revision: a branch, tag or commit (e.g. origin/main)');
    return runCheck({
      all: values.all, json: values.json, workspace, strict: values.strict,
      ...(featureDir ? { featureDir } : {}), ...(values.since === undefined ? {} : { since: values.since }),
    });
  }
  if (command === 'serve') {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) return usageError('--port takes a port number (0: any free port)');
    if (values.permissions !== undefined && !isPermissionPolicy(values.permissions)) return usageError('--permissions takes ask, allowEditsInFeature or allowAll');
    return runServe({
      workspace: resolve(values.workspace ?? process.cwd()), port, agent: values.agent, open: values.open, bindAddress: values.bind,
      permissions: values.permissions as PermissionPolicy | undefined,
      agentFlags,
    });
  }
  if (command === 'github') {
    const apiUrl = values['api-url'];
    if (kind === 'issues') {
      if (!target) return usageError(`github issues needs a feature folder: specwright github issues specs/001-my-feature (${CURRENT_FEATURE_HINT})`);
      if (values.repo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(values.repo)) return usageError('--repo takes owner/name');
      return runGitHubIssues({
        featureDir: resolve(target), dryRun: values['dry-run'], yes: values.yes, json: values.json,
        ...(values.repo ? { repo: values.repo } : {}), ...(apiUrl ? { apiUrl } : {}), ...(values.tracking === undefined ? {} : { tracking: values.tracking }),
      });
    }
    if (kind === 'features') {
      if (!target || !/^[\w.-]+\/[\w.-]+$/.test(target)) return usageError('github features needs a repository: specwright github features owner/name');
      return runGitHubFeatures({ repo: target, json: values.json, ...(apiUrl ? { apiUrl } : {}), ...(values.ref ? { ref: values.ref } : {}) });
    }
    return usageError('github takes issues <featureDir> or features <owner/name>');
  }
  if (command === 'agents') {
    return runAgents({ json: values.json, quick: values.quick, workspace: values.workspace ? resolve(values.workspace) : process.cwd(), agentFlags: { ...agentFlags, ...(values.agent ? { agent: values.agent } : {}) } });
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
    // A bad agent option or environment variable is a usage error, like a bad flag.
    process.exitCode = error instanceof SettingsError ? 2 : 1;
  },
);

/** The feature folder has this document with some text in it. */
function hasDocument(featureDir: string, name: string): boolean {
  try {
    return readFileSync(resolve(featureDir, name), 'utf8').trim() !== '';
  } catch {
    return false;
  }
}
