import type { TaskRunStatus } from '../../src/protocol';
import type { TaskBoard } from '../state';
import { Icon } from './Icon';
import { basename } from './status';

interface Props {
  boards: readonly { feature: string; board: TaskBoard }[];
  onAction: (method: 'retry' | 'skip' | 'resumeRun' | 'stopAll', params: Record<string, string>) => void;
}

const LOOK: Record<TaskRunStatus, { icon: string; tone: string; spin?: boolean; label: string }> = {
  queued: { icon: 'clock', tone: 'muted', label: 'Queued' },
  running: { icon: 'loading', tone: 'running', spin: true, label: 'Running' },
  done: { icon: 'pass-filled', tone: 'ok', label: 'Done' },
  failed: { icon: 'error', tone: 'bad', label: 'Failed' },
  skipped: { icon: 'debug-step-over', tone: 'muted', label: 'Skipped' },
};

/** Task runs going on (or waiting): each task's status, Retry and Skip on failures, Resume and Stop all. */
export function HistoryRuns({ boards, onAction }: Props) {
  if (!boards.length) return null;
  return (
    <section class="history-runs" aria-label="Task runs">
      {boards.map(({ feature, board }) => {
        const run = board.run;
        const live = run && (run.state === 'running' || run.state === 'paused');
        return (
          <div key={feature} class="history-run">
            <div class="history-run-head">
              <strong>{basename(feature)}</strong>
              {run && (
                <span class="muted">
                  {run.state === 'paused' ? `paused ${run.pauseReason === 'failure' ? 'after a failure' : 'for review'}` : run.state}
                  {` · ${run.done}/${run.total} done`}{run.failed ? ` · ${run.failed} failed` : ''}
                </span>
              )}
              {live && run.state === 'paused' && run.pauseReason === 'review' && (
                <button type="button" class="link-button" onClick={() => onAction('resumeRun', { feature })}>Resume</button>
              )}
              {(live || board.tasks.some((t) => t.status === 'running')) && (
                <button type="button" class="link-button" onClick={() => onAction('stopAll', { feature })}>Stop all</button>
              )}
            </div>
            <ul class="history-run-tasks">
              {board.tasks.filter((t) => t.status !== 'done' || live).map((t) => {
                const look = LOOK[t.status];
                return (
                  <li key={t.key} class={`task-state task-${t.status}`}>
                    <Icon name={look.icon} spin={look.spin} class={`tone-${look.tone}`} label={look.label} />
                    <span class="task-id">{t.id ?? `line ${t.line + 1}`}</span>
                    <span class="task-title">{t.title}</span>
                    {t.reason && <span class="task-reason muted">{t.reason}</span>}
                    {t.status === 'failed' && <button type="button" class="link-button" onClick={() => onAction('retry', { feature, task: t.key })}>Retry</button>}
                    {(t.status === 'failed' || t.status === 'queued') && <button type="button" class="link-button" onClick={() => onAction('skip', { feature, task: t.key })}>Skip</button>}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
