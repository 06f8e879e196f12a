/**
 * "Create Issues from Tasks" (explorer context on tasks.md or a feature folder, or the palette):
 * sign-in, repository, a preview of what will be created, updated and closed, then the run with
 * a cancellable progress notification. Closing the issues of ticked tasks is a separate answer.
 */
import * as vscode from 'vscode';
import type { IssueAction, IssuePlan } from '../../protocol';
import { planView } from '../../core/github/issuePlan';
import type { Specwright } from '../../core/app/specwright';
import { pickFeatureFolder } from '../pickFeature';
import { showGitHubError } from './errors';
import { pickRepository } from './pickRepository';

const TITLE = 'Create Issues from Tasks';
/** Lines of the plan a modal can show before it becomes a wall of text. */
const MAX_LINES = 15;

export interface CreateIssuesOptions {
  repo?: string;
  tracking?: boolean;
  /** Answer the close question up front (tests, keybindings): true closes, false leaves them open. */
  closeTicked?: boolean;
}

export interface CreateIssuesOutcome {
  created: number;
  updated: number;
  closed: number;
  cancelled: boolean;
}

export async function createIssuesFromTasks(core: Specwright, log: vscode.LogOutputChannel, uri?: vscode.Uri, options: CreateIssuesOptions = {}): Promise<CreateIssuesOutcome | undefined> {
  const target = uri instanceof vscode.Uri ? uri : await pickFeatureFolder(core, TITLE);
  if (!target) return undefined;
  const feature = target.fsPath;
  if (!core.github.status().signedIn) {
    const signIn = 'Sign in to GitHub';
    if ((await vscode.window.showInformationMessage('Creating issues needs a GitHub sign-in (the repo scope).', signIn)) !== signIn) return undefined;
    try {
      await core.github.signIn();
    } catch (error) {
      await showGitHubError(core, log, error);
      return undefined;
    }
    if (!core.github.status().signedIn) return undefined;
  }
  const repo = options.repo ?? await pickRepository(core, feature, TITLE);
  if (!repo) return undefined;
  const configured = vscode.workspace.getConfiguration('specwright').get<boolean>('github.trackingIssue');
  // Unset: a tracking issue made before is kept up to date, none is started.
  const tracking = options.tracking ?? (configured ? true : undefined);
  const request = { feature, repo, ...(tracking === undefined ? {} : { tracking }) };

  let plan: IssuePlan;
  try {
    plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading tasks and issues…' }, async () => planView((await core.github.previewIssues(request)).plan));
  } catch (error) {
    await showGitHubError(core, log, error);
    return undefined;
  }
  const { create, update, close } = plan.counts;
  const trackingChange = plan.tracking && plan.tracking.kind !== 'unchanged';
  if (create + update + close === 0 && !trackingChange) {
    void vscode.window.showInformationMessage(`The issues in ${plan.repository} match the tasks of ${plan.feature}: nothing to send.`);
    return { created: 0, updated: 0, closed: 0, cancelled: false };
  }
  const closeTicked = options.closeTicked ?? await askToSend(plan);
  if (closeTicked === undefined) return undefined;

  try {
    const { result } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Issues for ${plan.feature}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        const listening = core.github.onDidChange((_status, activity) => {
          if (!activity || activity.finished) return;
          const share = activity.total ? (activity.done / activity.total) * 100 : 0;
          progress.report({ message: activity.message, increment: Math.max(0, share - reported) });
          reported = Math.max(reported, share);
        });
        try {
          return await core.github.applyIssues({ ...request, closeTicked }, controller.signal);
        } finally {
          listening.dispose();
        }
      },
    );
    const summary = `${result.created.length} created, ${result.updated.length} updated, ${result.closed.length} closed in ${plan.repository}.`;
    log.info(`Issues from tasks (${plan.feature}): ${summary}`);
    const openTracking = 'Open Tracking Issue';
    const choice = await vscode.window.showInformationMessage(result.cancelled ? `Cancelled: ${summary} The rest goes out on the next run.` : summary, ...(result.tracking ? [openTracking] : []));
    if (choice === openTracking && result.tracking) await vscode.env.openExternal(vscode.Uri.parse(result.tracking.url));
    return { created: result.created.length, updated: result.updated.length, closed: result.closed.length, cancelled: result.cancelled };
  } catch (error) {
    await showGitHubError(core, log, error);
    return undefined;
  }
}

/** The preview as a modal; resolves to whether ticked tasks' issues are closed, undefined when the user backs out. */
async function askToSend(plan: IssuePlan): Promise<boolean | undefined> {
  const lines = plan.actions.filter((a) => a.kind !== 'unchanged').map(lineOf);
  if (plan.tracking && plan.tracking.kind !== 'unchanged') lines.push(lineOf(plan.tracking));
  const shown = lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`] : lines;
  const { create, update, close, unchanged } = plan.counts;
  const send = 'Send';
  const sendAndClose = `Send and Close ${close}`;
  const choice = await vscode.window.showInformationMessage(
    `Send to GitHub: ${create} to create, ${update} to update${close ? `, ${close} to close` : ''} in ${plan.repository}?`,
    { modal: true, detail: `${shown.join('\n')}\n\n${unchanged} unchanged. Kept in ${vscode.workspace.asRelativePath(plan.mappingFile)}.` },
    ...(close ? [sendAndClose, send] : [send]),
  );
  if (choice === sendAndClose) return true;
  if (choice === send) return false;
  return undefined;
}

const SIGN: Record<IssueAction['kind'], string> = { create: '+', update: '~', close: '×', unchanged: '=' };
const lineOf = (a: IssueAction): string => `${SIGN[a.kind]} ${a.number === undefined ? '' : `#${a.number} `}${a.title}${a.why ? ` (${a.why})` : ''}`;
