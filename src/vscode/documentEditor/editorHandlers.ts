import { isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import type { EditorDocumentKind, EditorRequest, EditorResult } from '../../protocol';
import { ClarificationError, clarificationEdits } from '../../core/features/clarifications';
import { GenerationError } from '../../core/features/generationService';
import { parseTasks, tickEdit } from '../../core/features/tasks';
import type { Specwright } from '../../core/app/specwright';
import { applyOffsetEdits, replaceDocumentText } from './documentEdits';
import type { OperationTracker } from './operationTracker';

/** Everything a request of one editor may touch. */
export interface EditorContext {
  document: vscode.TextDocument;
  kind: EditorDocumentKind;
  featureDir: string;
  core: Specwright;
  tracker: OperationTracker;
  revealConversation: () => Thenable<void> | Promise<void>;
}

/** A request that cannot be served; the message is shown to the user in the editor. */
export class EditorRequestError extends Error {}

type Outcome = Partial<Pick<EditorResult, 'version' | 'operationId'>>;
type Handler<T extends EditorRequest['type']> = (request: Extract<EditorRequest, { type: T }>, ctx: EditorContext) => Promise<Outcome>;

/** One handler per request type: the table the session dispatches through. */
export const editorHandlers: { [T in EditorRequest['type']]: Handler<T> } = {
  async edit(request, { document }) {
    if (request.baseVersion !== document.version) {
      throw new EditorRequestError('The document changed while you were typing (an agent or another editor wrote it); your last keystrokes were not applied.');
    }
    await replaceDocumentText(document, request.text);
    return { version: document.version };
  },

  async tick(request, { document, kind }) {
    if (kind !== 'tasks') throw new EditorRequestError('Only tasks.md has tasks to tick.');
    if (request.version !== undefined && request.version !== document.version) {
      throw new EditorRequestError('tasks.md changed before the tick arrived; it was not applied. Try again.');
    }
    const text = document.getText();
    const edit = tickEdit(text, request.line, request.done);
    if (!edit) {
      if (!parseTasks(text).tasks.some((task) => task.line === request.line)) throw new EditorRequestError(`Line ${request.line + 1} is not a task.`);
      return { version: document.version };
    }
    await applyOffsetEdits(document, [edit]);
    return { version: document.version };
  },

  async runTask(request, { document, kind, featureDir }) {
    if (kind !== 'tasks') throw new EditorRequestError('Only tasks.md has tasks to run.');
    const task = parseTasks(document.getText()).tasks.find((t) => t.line === request.line);
    if (!task) throw new EditorRequestError(`Line ${request.line + 1} is not a task.`);
    // The Run Task command: the same checks, operation and tick as the CodeLens.
    const operationId = await vscode.commands.executeCommand<string | undefined>('specwright.runTask', featureDir, task.id ?? `line:${task.line}`);
    return operationId ? { operationId } : {};
  },

  async generate(request, ctx) {
    const prompt = request.prompt.trim();
    if (ctx.kind === 'spec' && !prompt) throw new EditorRequestError('Describe the feature (or what to change) before regenerating the spec.');
    try {
      const { operationId } = await ctx.core.generation.start({ kind: ctx.kind, featureDir: ctx.featureDir, userPrompt: prompt });
      void ctx.revealConversation();
      return { operationId };
    } catch (error) {
      if (error instanceof GenerationError) throw new EditorRequestError(error.message);
      throw error;
    }
  },

  async cancelGeneration(_request, { core, tracker }) {
    const running = tracker.running();
    if (!running) throw new EditorRequestError('No generation of this document is running.');
    // A stage of Generate All: stop the whole chain, or the next stage would start right after.
    if (running.chainId && core.chain.isRunning(running.chainId)) core.chain.cancel(running.chainId);
    else core.generation.cancel(running.id);
    return {};
  },

  async answerClarification(request, { document, kind, core }) {
    if (kind !== 'spec') throw new EditorRequestError('Clarifications are answered in spec.md.');
    const text = document.getText();
    let edits;
    try {
      edits = clarificationEdits(text, { offset: request.offset, question: request.question }, request.answer);
    } catch (error) {
      if (error instanceof ClarificationError) throw new EditorRequestError(error.message);
      throw error;
    }
    // Like every change Specwright makes to a document, the text before it is kept in the history.
    await core.versionsOfDocument(document.uri.fsPath).keep(document.uri.fsPath, text, { reason: 'manual', prompt: `Clarification: ${request.question}` });
    await applyOffsetEdits(document, edits.map((e) => ({ offset: e.offset, length: e.length, text: e.newText })));
    return { version: document.version };
  },

  async openAsText(_request, { document }) {
    await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default');
    return {};
  },

  async showHistory(_request, { document }) {
    await vscode.commands.executeCommand('specwright.showHistory', document.uri);
    return {};
  },

  async reveal(request, { featureDir }) {
    const uri = vscode.Uri.file(request.file);
    // Findings only ever point into the feature's own documents.
    const inside = relative(featureDir, uri.fsPath);
    if (!inside || inside.startsWith('..') || isAbsolute(inside)) throw new EditorRequestError('That file is not part of this feature.');
    const position = new vscode.Position(request.line, 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preview: true });
    return {};
  },
};
