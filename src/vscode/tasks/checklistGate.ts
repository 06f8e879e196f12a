/**
 * spec-kit's implement gate before Run All: when a checklist of the feature (checklists/*.md)
 * has open items, say which and let the user go on or stop, as `specwright run --all-ready`
 * warns and spec-kit's implement step asks.
 */
import * as vscode from 'vscode';
import { checklistWarning, featureArtefacts } from '../../core/features/artefacts';

/** True when Run All may start: every checklist is complete, or the user chose to run anyway. */
export async function passChecklistGate(featureDir: string): Promise<boolean> {
  const warning = checklistWarning(await featureArtefacts(featureDir));
  if (!warning) return true;
  const runAnyway = vscode.l10n.t('Run Anyway');
  const picked = await vscode.window.showWarningMessage(
    `Specwright: ${warning}`,
    { modal: true, detail: vscode.l10n.t('Tick the checklist items that hold (the Features view lists each checklist under its feature), or run the tasks anyway.') },
    runAnyway,
  );
  return picked === runAnyway;
}
