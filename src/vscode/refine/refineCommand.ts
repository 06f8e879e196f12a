import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { GenerationError } from '../../core/features/generationService';
import type { Specwright } from '../../core/app/specwright';
import type { OperationKind } from '../../protocol';

/** What a test, a keybinding or another extension may pass instead of being asked. */
export interface RefineOptions {
  prompt?: string;
  doc?: OperationKind;
  agent?: string;
}

const DOCS: Record<string, OperationKind> = { 'spec.md': 'spec', 'plan.md': 'plan', 'tasks.md': 'tasks' };

/**
 * Specwright: Refine… — a follow-up on spec.md, plan.md or tasks.md (the active editor's, the
 * explorer's, or the latest document run of a feature folder) in the same agent session. Resolves
 * the new turn's operation id; its conversation is in the Conversation view.
 */
export function registerRefineCommand(core: Specwright, reveal: () => Promise<void>): vscode.Disposable {
  return vscode.commands.registerCommand('specwright.refine', async (uri?: vscode.Uri, options: RefineOptions = {}) => {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showWarningMessage('Refine: open spec.md, plan.md or tasks.md of a feature (or pick one in the Explorer) first.');
      return undefined;
    }
    const name = basename(target.fsPath);
    const doc = options.doc ?? DOCS[name];
    const feature = DOCS[name] ? dirname(target.fsPath) : target.fsPath;
    const prompt = options.prompt ?? await vscode.window.showInputBox({
      title: `Refine ${doc ? `${doc}.md` : 'the latest document'} — ${basename(feature)}`,
      prompt: 'What should change? The agent continues its session when it can.',
      placeHolder: 'e.g. make the stories smaller; add an offline requirement',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Say what to change.'),
    });
    if (!prompt?.trim()) return undefined;
    try {
      await core.historyLoaded;
      const started = await core.refine.start({ feature, prompt, ...(doc ? { doc } : {}), ...(options.agent ? { agent: options.agent } : {}) });
      void reveal();
      return started.operationId;
    } catch (error) {
      if (error instanceof GenerationError) {
        void vscode.window.showErrorMessage(`Refine: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  });
}
