import { useEffect, useState } from 'preact/hooks';
import {
  GitHubFeaturesResult,
  GitHubIssuesResult,
  GitHubReadFileResult,
  GitHubRemotesResult,
  IssuePlan,
  type GitHubActivity,
  type GitHubStatus,
  type IssueAction,
} from '../../src/protocol';
import { Icon } from './Icon';
import { Markdown } from './Markdown';
import './GitHubSection.css';

interface Props {
  status?: GitHubStatus;
  activity?: GitHubActivity;
  /** The latest result of each github* request (state.githubResults). */
  results: Readonly<Record<string, unknown>>;
  /** github* requests still waiting for their answer. */
  pending: readonly string[];
  /** The feature the prompt box is on: issues are made from its tasks.md. */
  feature?: string;
  request: (method: string, params?: unknown) => void;
}

const parse = <T,>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/**
 * GitHub in the panel: who is signed in (login and avatar; the token stays in the host), issues
 * from the selected feature's tasks with a preview first, and the features of any repository.
 */
export function GitHubSection({ status, activity, results, pending, feature, request }: Props) {
  const [open, setOpen] = useState(false);
  if (!status) return null;
  return (
    <details class="github-section" open={open}>
      <summary onClick={(e) => { e.preventDefault(); setOpen(!open); }}>
        <Icon name="github" />
        <span class="github-title">GitHub</span>
        {status.signedIn ? (
          <span class="github-user" title={`Signed in to ${status.host} as ${status.login}`}>
            {status.avatarUrl && <img class="github-avatar" src={avatarOf(status.avatarUrl)} alt="" width={16} height={16} />}
            {status.login}
          </span>
        ) : (
          <span class="summary-hint">signed out</span>
        )}
      </summary>
      {!status.signedIn ? <SignIn status={status} busy={pending.includes('githubSignIn')} onSignIn={() => request('githubSignIn')} /> : (
        <>
          <IssuesFromTasks feature={feature} results={results} pending={pending} activity={activity} request={request} />
          <RepositoryFeatures results={results} pending={pending} request={request} />
        </>
      )}
    </details>
  );
}

/** GitHub's avatar at the size it is shown (a small image, not the full-size one). */
const avatarOf = (url: string): string => `${url}${url.includes('?') ? '&' : '?'}s=32`;

function SignIn({ status, busy, onSignIn }: { status: GitHubStatus; busy: boolean; onSignIn: () => void }) {
  return (
    <div class="github-body">
      {status.problem && <p class="github-problem">{status.problem}</p>}
      {status.canSignIn ? (
        <vscode-button icon={busy ? 'loading' : 'github'} iconSpin={busy} disabled={busy} onClick={onSignIn}>Sign in to GitHub</vscode-button>
      ) : (
        <p class="muted">Not signed in to {status.host}. Start Specwright with GH_TOKEN set to use GitHub from here.</p>
      )}
    </div>
  );
}

function IssuesFromTasks({ feature, results, pending, activity, request }: Omit<Props, 'status'>) {
  const remotes = parse(GitHubRemotesResult, results.githubRemotes)?.repositories ?? [];
  const [repo, setRepo] = useState('');
  const [tracking, setTracking] = useState(false);
  const [closeTicked, setCloseTicked] = useState(false);
  // Per feature, not per render: `request` may be a new function each time.
  useEffect(() => { if (feature) request('githubRemotes', { feature }); }, [feature]);
  useEffect(() => { if (!repo && remotes.length) setRepo(remotes[0].fullName); }, [remotes, repo]);
  const plan = parse(IssuePlan, results.githubIssuesPreview);
  const outcome = parse(GitHubIssuesResult, results.githubIssuesApply);
  const running = pending.includes('githubIssuesApply');
  const params = { feature, ...(repo.trim() ? { repo: repo.trim() } : {}), tracking };
  const toSend = plan ? plan.counts.create + plan.counts.update + (closeTicked ? plan.counts.close : 0) : 0;
  return (
    <div class="github-body">
      <div class="github-heading">Issues from tasks</div>
      {!feature ? <p class="muted">Pick a feature with a tasks.md below.</p> : (
        <>
          <div class="github-row">
            <input class="github-input" list="github-remotes" value={repo} placeholder="owner/name" aria-label="Repository" onInput={(e) => setRepo((e.target as HTMLInputElement).value)} />
            <datalist id="github-remotes">{remotes.map((r) => <option key={r.fullName} value={r.fullName}>{r.remote}</option>)}</datalist>
            <label class="github-check"><input type="checkbox" checked={tracking} onChange={(e) => setTracking((e.target as HTMLInputElement).checked)} /> tracking issue</label>
          </div>
          <div class="github-row">
            <vscode-button secondary icon="eye" disabled={running} onClick={() => request('githubIssuesPreview', params)}>Preview</vscode-button>
            {plan && (
              <vscode-button icon={running ? 'loading' : 'cloud-upload'} iconSpin={running} disabled={running || (toSend === 0 && plan.tracking?.kind !== 'create')} onClick={() => request('githubIssuesApply', { ...params, closeTicked })}>
                Send to GitHub
              </vscode-button>
            )}
            {running && <button type="button" class="link-button" onClick={() => request('githubCancel')}>Cancel</button>}
          </div>
          {activity && !activity.finished && <Progress activity={activity} />}
          {plan && <PlanList plan={plan} closeTicked={closeTicked} onCloseTicked={setCloseTicked} />}
          {outcome && !running && (
            <p class="github-outcome">
              {outcome.cancelled ? 'Cancelled. ' : ''}{outcome.created} created, {outcome.updated} updated, {outcome.closed} closed
              {outcome.tracking && <> · <a href={outcome.tracking.url}>tracking issue #{outcome.tracking.number}</a></>}
            </p>
          )}
        </>
      )}
    </div>
  );
}

function Progress({ activity }: { activity: GitHubActivity }) {
  const waiting = activity.waitingUntil !== undefined && activity.waitingUntil > Date.now();
  return (
    <div class="github-progress" role="status">
      <Icon name={waiting ? 'watch' : 'loading'} spin={!waiting} />
      {activity.total > 0 && <span>{activity.done}/{activity.total}</span>}
      <span class="github-progress-text">{activity.message}</span>
    </div>
  );
}

const SIGN: Record<IssueAction['kind'], string> = { create: 'add', update: 'edit', close: 'pass', unchanged: 'check' };

function PlanList({ plan, closeTicked, onCloseTicked }: { plan: IssuePlan; closeTicked: boolean; onCloseTicked: (v: boolean) => void }) {
  const shown = plan.actions.filter((a) => a.kind !== 'unchanged');
  return (
    <div class="github-plan">
      <p class="muted">
        {plan.repository}: {plan.counts.create} to create, {plan.counts.update} to update, {plan.counts.close} to close, {plan.counts.unchanged} unchanged
      </p>
      <ul class="github-list">
        {shown.map((a) => <ActionRow key={`${a.kind}-${a.taskId}`} action={a} />)}
        {plan.tracking && plan.tracking.kind !== 'unchanged' && <ActionRow action={plan.tracking} />}
      </ul>
      {plan.counts.close > 0 && (
        <label class="github-check">
          <input type="checkbox" checked={closeTicked} onChange={(e) => onCloseTicked((e.target as HTMLInputElement).checked)} />
          Close the {plan.counts.close} issue{plan.counts.close === 1 ? '' : 's'} of ticked tasks
        </label>
      )}
    </div>
  );
}

function ActionRow({ action }: { action: IssueAction }) {
  return (
    <li class={`github-action github-${action.kind}`}>
      <Icon name={SIGN[action.kind]} label={action.kind} />
      {action.number !== undefined && (action.url ? <a href={action.url}>#{action.number}</a> : <span>#{action.number}</span>)}
      <span class="github-action-title">{action.title}</span>
      {action.why && <span class="summary-hint">{action.why}</span>}
    </li>
  );
}

function RepositoryFeatures({ results, pending, request }: Pick<Props, 'results' | 'pending' | 'request'>) {
  const [repo, setRepo] = useState('');
  const [document, setDocument] = useState<string>();
  const list = parse(GitHubFeaturesResult, results.githubFeatures);
  const file = parse(GitHubReadFileResult, results.githubReadFile);
  const loading = pending.includes('githubFeatures');
  const name = repo.trim() || list?.repository.fullName || '';
  return (
    <div class="github-body">
      <div class="github-heading">Repository features</div>
      <div class="github-row">
        <input class="github-input" value={repo} placeholder={list?.repository.fullName ?? 'owner/name'} aria-label="Repository to browse" onInput={(e) => setRepo((e.target as HTMLInputElement).value)} />
        <vscode-button secondary icon={loading ? 'loading' : 'list-tree'} iconSpin={loading} disabled={loading || !name} onClick={() => request('githubFeatures', { repo: name })}>List</vscode-button>
      </div>
      {list && (
        <ul class="github-list">
          {list.features.length === 0 && <li class="muted">No features (specs/NNN-name/) on {list.repository.ref}.</li>}
          {list.features.map((f) => (
            <li key={f.path} class="github-feature">
              <span class="github-feature-name">{f.name}</span>
              <span class="summary-hint">{f.stage}{f.progress && f.progress.total ? ` · ${f.progress.done}/${f.progress.total} tasks` : ''}</span>
              <span class="github-files">
                {f.files.map((path) => (
                  <button key={path} type="button" class="link-button" onClick={() => { setDocument(path); request('githubReadFile', { repo: list.repository.fullName, path, ref: list.repository.ref }); }}>
                    {path.slice(path.lastIndexOf('/') + 1)}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
      {document && file && (
        <div class="github-document">
          <div class="github-row">
            <a href={file.htmlUrl}>{document}</a>
            <button type="button" class="icon-button" aria-label="Close the document" onClick={() => setDocument(undefined)}><Icon name="close" /></button>
          </div>
          <Markdown text={file.text} />
        </div>
      )}
    </div>
  );
}
