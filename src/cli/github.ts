/**
 * `specwright github issues <featureDir>` and `specwright github features <owner/name>`: the
 * GitHub use cases from a terminal or CI, with the token from GH_TOKEN / GITHUB_TOKEN (never an
 * argument: arguments end up in shell history and process lists).
 */
import { createInterface } from 'node:readline/promises';
import { relative } from 'node:path';
import type { IssueAction, IssuePlan, RemoteFeature } from '../protocol';
import { GitHubError } from '../core/github/errors';
import { GitHubService } from '../core/github/githubService';
import { readGitRemotes } from '../core/github/gitRemotes';
import { planView } from '../core/github/issuePlan';
import { apiUrlForHost, GITHUB_HOST } from '../core/github/remoteUrl';

export interface GitHubCommandBase {
  /** --api-url, else GITHUB_API_URL, else the host of the feature's git remote. */
  apiUrl?: string;
  json: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface IssuesCommand extends GitHubCommandBase {
  featureDir: string;
  repo?: string;
  dryRun: boolean;
  tracking?: boolean;
  /** Close the issues of ticked tasks without asking. */
  yes: boolean;
}

export interface FeaturesCommand extends GitHubCommandBase {
  repo: string;
  ref?: string;
}

export const TOKEN_HINT = 'Set GH_TOKEN (or GITHUB_TOKEN) to a token with the repo scope (gh auth token prints one).';

/** The token of the environment, as gh and GitHub Actions name it. */
export const tokenFromEnv = (env: NodeJS.ProcessEnv = process.env): string | undefined => env.GH_TOKEN?.trim() || env.GITHUB_TOKEN?.trim() || undefined;

/** Signs a service in with the environment's token (for `serve` too); false when there is none or GitHub refused it. */
export async function connectGitHubFromEnv(github: GitHubService, options: { apiUrl?: string; env?: NodeJS.ProcessEnv } = {}): Promise<boolean> {
  const env = options.env ?? process.env;
  const apiUrl = options.apiUrl ?? (env.GITHUB_API_URL?.trim() || undefined);
  github.setApiUrl(apiUrl);
  const token = tokenFromEnv(env);
  if (!token) return false;
  return (await github.setAuth({ token, ...(apiUrl ? { apiUrl } : {}) })).signedIn;
}

export async function runGitHubIssues(cmd: IssuesCommand): Promise<number> {
  const github = service();
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const apiUrl = cmd.apiUrl ?? envApiUrl(cmd.env) ?? (cmd.repo ? undefined : await apiUrlOfRemotes(cmd.featureDir));
    const signedIn = await connectGitHubFromEnv(github, { ...(apiUrl ? { apiUrl } : {}), ...(cmd.env ? { env: cmd.env } : {}) });
    if (!signedIn && !cmd.dryRun) return fail(github.status().problem ?? TOKEN_HINT);
    const target = { feature: cmd.featureDir, ...(cmd.repo ? { repo: cmd.repo } : {}), ...(cmd.tracking === undefined ? {} : { tracking: cmd.tracking }) };
    const preview = planView((await github.previewIssues(target, controller.signal)).plan);
    if (cmd.dryRun) {
      if (cmd.json) print(JSON.stringify({ dryRun: true, plan: preview }, null, 2));
      else process.stdout.write(`${formatPlan(preview)}${signedIn ? '' : '(signed out: planned from the mapping file alone)\n'}Dry run: nothing was sent.\n`);
      return 0;
    }
    if (!cmd.json) process.stdout.write(formatPlan(preview));
    if (preview.counts.create + preview.counts.update + preview.counts.close === 0 && preview.tracking?.kind !== 'create' && preview.tracking?.kind !== 'update') {
      if (cmd.json) print(JSON.stringify({ plan: preview, created: 0, updated: 0, closed: 0, cancelled: false }, null, 2));
      else process.stdout.write('Nothing to send: the issues match the tasks.\n');
      return 0;
    }
    const closeTicked = preview.counts.close > 0 && (cmd.yes || await confirmClose(preview.counts.close));
    github.onDidChange((_status, activity) => {
      if (activity && !activity.finished && !cmd.json) process.stderr.write(`  [${activity.done}/${activity.total}] ${activity.message}\n`);
    });
    const { prepared, result } = await github.applyIssues({ ...target, closeTicked }, controller.signal);
    const view = planView(prepared.plan);
    if (cmd.json) {
      print(JSON.stringify({ plan: view, created: result.created, updated: result.updated, closed: result.closed, skippedCloses: result.skippedCloses, tracking: result.tracking, cancelled: result.cancelled }, null, 2));
    } else {
      for (const r of result.created) print(`created #${r.number} ${r.title}  ${r.url}`);
      for (const r of result.updated) print(`updated #${r.number} ${r.title}`);
      for (const r of result.closed) print(`closed  #${r.number} ${r.title}`);
      if (result.tracking) print(`tracking issue #${result.tracking.number}  ${result.tracking.url}`);
      if (result.skippedCloses) print(`${result.skippedCloses} issue(s) of ticked tasks left open (run again with --yes to close them).`);
      print(result.cancelled ? 'Cancelled; what was sent is kept in the mapping.' : `Mapping: ${relative(process.cwd(), view.mappingFile) || view.mappingFile}`);
    }
    return result.cancelled ? 130 : 0;
  } catch (error) {
    if (error instanceof GitHubError) return fail(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    github.dispose();
  }
}

export async function runGitHubFeatures(cmd: FeaturesCommand): Promise<number> {
  const github = service();
  try {
    const apiUrl = cmd.apiUrl ?? envApiUrl(cmd.env);
    await connectGitHubFromEnv(github, { ...(apiUrl ? { apiUrl } : {}), ...(cmd.env ? { env: cmd.env } : {}) });
    const list = await github.features(cmd.repo, cmd.ref === undefined ? {} : { ref: cmd.ref });
    if (cmd.json) print(JSON.stringify(list, null, 2));
    else process.stdout.write(formatFeatures(list.repository.fullName, list.repository.ref, list.features));
    return 0;
  } catch (error) {
    if (error instanceof GitHubError) return fail(error.message);
    throw error;
  } finally {
    github.dispose();
  }
}

export function formatPlan(plan: IssuePlan): string {
  const { create, update, close, unchanged } = plan.counts;
  const out = [`${plan.repository} · ${plan.feature}: ${create} to create, ${update} to update, ${close} to close, ${unchanged} unchanged`];
  for (const a of plan.actions.filter((x) => x.kind !== 'unchanged')) out.push(`  ${actionLine(a)}`);
  if (plan.tracking && plan.tracking.kind !== 'unchanged') out.push(`  ${actionLine(plan.tracking)}`);
  return `${out.join('\n')}\n`;
}

const SIGNS: Record<IssueAction['kind'], string> = { create: '+', update: '~', close: '×', unchanged: '=' };

function actionLine(a: IssueAction): string {
  const number = a.number === undefined ? '' : `#${a.number} `;
  return `${SIGNS[a.kind]} ${a.kind.padEnd(6)} ${number}${a.title}${a.why ? `  (${a.why})` : ''}`;
}

export function formatFeatures(fullName: string, ref: string, features: readonly RemoteFeature[]): string {
  if (features.length === 0) return `${fullName} (${ref}): no features (no specs/NNN-name/ folders).\n`;
  const width = Math.max(...features.map((f) => f.name.length));
  const out = [`${fullName} (${ref}): ${features.length} feature${features.length === 1 ? '' : 's'}`];
  for (const f of features) {
    const progress = f.progress && f.progress.total ? `${f.progress.done}/${f.progress.total} tasks done` : '';
    out.push(`  ${f.name.padEnd(width)}  ${f.stage.padEnd(5)}  ${progress}`.trimEnd());
  }
  return `${out.join('\n')}\n`;
}

function service(): GitHubService {
  return new GitHubService({
    signInHint: TOKEN_HINT,
    log: (level, message) => { if (level !== 'info') process.stderr.write(`specwright: ${message}\n`); },
  });
}

const envApiUrl = (env: NodeJS.ProcessEnv = process.env): string | undefined => env.GITHUB_API_URL?.trim() || undefined;

/** An Enterprise remote without --api-url: its host's API. github.com (or no remote): the default. */
async function apiUrlOfRemotes(featureDir: string): Promise<string | undefined> {
  const hosts = [...new Set((await readGitRemotes(featureDir).catch(() => [])).map((r) => r.host))];
  return hosts.length === 1 && hosts[0] !== GITHUB_HOST ? apiUrlForHost(hosts[0]) : undefined;
}

async function confirmClose(count: number): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stderr.write(`${count} issue(s) of ticked tasks stay open: pass --yes to close them.\n`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`Close ${count} issue(s) of ticked tasks? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`specwright: ${message}\n`);
  return 1;
}

const print = (line: string): void => { process.stdout.write(`${line}\n`); };
