/**
 * Tells the user when a Run All Ready Tasks pauses: after every N tasks (Resume or Stop) or at a
 * failure (Retry, Skip or Stop), with the buttons to decide right there.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Specwright } from '../../core/app/specwright';

export function notifyRunPauses(core: Specwright): vscode.Disposable {
  /** The pause each feature was last told about, so one pause is one notification. */
  const told = new Map<string, string>();
  const listener = core.tasks.onChange((feature) => {
    const { run, tasks } = core.tasks.board(feature);
    if (!run || run.state !== 'paused') {
      told.delete(feature);
      return;
    }
    const failed = tasks.filter((t) => t.status === 'failed');
    const mark = `${run.id}:${run.pauseReason}:${run.done}:${failed.map((t) => t.key).join(',')}`;
    if (told.get(feature) === mark) return;
    told.set(feature, mark);
    const name = basename(feature);
    if (run.pauseReason === 'review') {
      void vscode.window.showInformationMessage(`Specwright: paused after ${run.done} of ${run.total} tasks of ${name} for review.`, 'Resume', 'Stop').then((choice) => {
        if (choice === 'Resume') void core.tasks.resume(feature);
        else if (choice === 'Stop') void core.tasks.stopAll(feature);
      });
      return;
    }
    const first = failed[0];
    if (!first) return;
    const label = first.id ?? first.key;
    void vscode.window.showWarningMessage(`Specwright: ${label} of ${name} failed${first.reason ? `: ${first.reason}` : ''}. The run waits.`, 'Retry', 'Skip', 'Stop').then((choice) => {
      if (choice === 'Retry') void core.tasks.retry(feature, first.key);
      else if (choice === 'Skip') void core.tasks.skip(feature, first.key);
      else if (choice === 'Stop') void core.tasks.stopAll(feature);
    });
  });
  return { dispose: () => listener.dispose() };
}
