/**
 * The pipeline commands of the VS Code shell: New Feature, Generate Spec / Plan / Tasks and
 * Generate All. They ask what the core needs (folder, words), start the core's generation, show a
 * cancellable progress notification, open the result and offer the next step.
 */
import * as vscode from 'vscode';
import { LatestOnly } from './latestOnly';
import { operationStep } from './operationStep';
import { basename, dirname } from 'node:path';
import { isTerminal, type OperationKind, type OperationSummary } from '../protocol';
import type { Specwright } from '../core/app/specwright';
import type { ChainResult } from '../core/features/chain';
import type { ConversationViewProvider } from './conversationView';
import { pickFeatureFolder } from './pickFeature';
import { openSpecwrightDocument } from './openDocument';

/** Options a keybinding or another extension may pass instead of being asked. */
export interface GenerateOptions {
  prompt?: string;
  agent?: string;
}

const DOCUMENTS = new Set(['spec.md', 'plan.md', 'tasks.md']);

const ASK: Record<OperationKind, { prompt: string; placeHolder: string; required: boolean }> = {
  spec: {
    prompt: vscode.l10n.t('Describe the feature: who it is for, what they can do, and why.'),
    placeHolder: vscode.l10n.t('e.g. Users organise photos into albums by date and share an album with a read-only link'),
    required: true,
  },
  plan: {
    prompt: vscode.l10n.t('Technical direction for the plan (optional): language, frameworks, storage, constraints. Enter to let the agent choose.'),
    placeHolder: vscode.l10n.t('e.g. TypeScript on Node.js 20, SQLite, no new services'),
    required: false,
  },
  tasks: {
    prompt: vscode.l10n.t('Notes for the task list (optional): what to emphasise, what to leave out. Enter for none.'),
    placeHolder: vscode.l10n.t('e.g. tests first; keep the MVP to user story 1'),
    required: false,
  },
};

const TITLE: Record<OperationKind, string> = { spec: 'Generate Spec', plan: 'Generate Plan', tasks: 'Generate Tasks' };

export class PipelineCommands {
  /** Progress notifications open now, by operation (or chain) id: title and latest step (tests read it). */
  readonly openProgress = new Map<string, { title: string; message?: string }>();

  constructor(
    private readonly core: Specwright,
    private readonly view: ConversationViewProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Generate one document; `uri` is a feature folder or one of its documents (explorer context). */
  async generate(kind: OperationKind, uri?: vscode.Uri, options: GenerateOptions = {}): Promise<string | undefined> {
    if (!(await ensureTrusted())) return undefined;
    const folder = await this.featureFolder(uri, TITLE[kind]);
    if (!folder) return undefined;
    const prompt = options.prompt ?? await askWords(kind, `${TITLE[kind]} — ${basename(folder.fsPath)}`);
    if (prompt === undefined) return undefined;
    const started = await this.attempt(() => this.core.generation.start({ kind, featureDir: folder.fsPath, userPrompt: prompt, agent: options.agent }));
    if (!started) return undefined;
    void this.view.reveal();
    void this.followOne(started.operationId, started.done);
    return started.operationId;
  }

  /** Generate All: spec → plan → tasks as linked operations, stopping at the first failure. */
  async generateAll(uri?: vscode.Uri, options: GenerateOptions & { from?: OperationKind } = {}): Promise<string | undefined> {
    if (!(await ensureTrusted())) return undefined;
    const folder = await this.featureFolder(uri, 'Generate All');
    if (!folder) return undefined;
    const from = options.from ?? await this.askStart(folder.fsPath);
    if (!from) return undefined;
    const prompt = options.prompt ?? await askWords(from, `Generate All — ${basename(folder.fsPath)} (${from} first)`);
    if (prompt === undefined) return undefined;
    // The progress notification follows whichever stage is running; stages after the first start later.
    const stages: { follow?: (operationId: string) => void } = {};
    const handle = await this.attempt(() => this.core.chain.start(
      { featureDir: folder.fsPath, prompt, from, ...(options.agent ? { agent: options.agent } : {}) },
      { onStage: (operationId) => stages.follow?.(operationId) },
    ));
    if (!handle) return undefined;
    void this.view.reveal();
    void this.followChain(handle.chainId, handle.operationId, handle.done, stages);
    return handle.chainId;
  }

  /** New Feature: ask for a description, create specs/NNN-slug/, then generate its spec. */
  async newFeature(options: GenerateOptions & { root?: string } = {}): Promise<string | undefined> {
    const roots = vscode.workspace.workspaceFolders ?? [];
    if (!roots.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Specwright: open a folder first — a new feature is created under specs/ of a workspace folder.'));
      return undefined;
    }
    if (!(await ensureTrusted())) return undefined;
    const root = options.root ?? (roots.length === 1 ? roots[0].uri.fsPath : (await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Create the feature in which workspace folder?') }))?.uri.fsPath);
    if (!root) return undefined;
    const description = options.prompt ?? await askWords('spec', 'New Feature');
    if (description === undefined) return undefined;
    const feature = await this.attempt(() => this.core.features.create(description, { root }));
    if (!feature) return undefined;
    this.log.info(`Created ${feature.path}`);
    return this.generate('spec', vscode.Uri.file(feature.path), { ...options, prompt: description });
  }

  private async featureFolder(uri: vscode.Uri | undefined, title: string): Promise<vscode.Uri | undefined> {
    if (uri instanceof vscode.Uri) {
      return DOCUMENTS.has(basename(uri.fsPath)) ? vscode.Uri.file(dirname(uri.fsPath)) : uri;
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file' && DOCUMENTS.has(basename(active.fsPath)) && /[\\/]specs[\\/]/.test(active.fsPath)) {
      return vscode.Uri.file(dirname(active.fsPath));
    }
    return pickFeatureFolder(this.core, title);
  }

  /** Where Generate All starts when the feature already has documents. */
  private async askStart(featureDir: string): Promise<OperationKind | undefined> {
    const status = await this.core.features.status(featureDir).catch(() => undefined);
    if (!status?.documents.spec) return 'spec';
    const items: (vscode.QuickPickItem & { from: OperationKind })[] = [
      { label: 'Keep spec.md, generate plan and tasks', description: 'recommended', from: 'plan' },
      { label: 'Regenerate everything from a new description', description: 'spec → plan → tasks', from: 'spec' },
    ];
    if (status.documents.plan) items.splice(1, 0, { label: 'Keep spec.md and plan.md, generate tasks', from: 'tasks' });
    return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Generate All — {0}', status.name), placeHolder: vscode.l10n.t('The current documents are kept as versions either way.') }))?.from;
  }

  /** Runs a start call and shows its refusal (untrusted, missing spec, busy…) as an error. */
  private async attempt<T>(start: () => Promise<T>): Promise<T | undefined> {
    try {
      return await start();
    } catch (error) {
      void vscode.window.showErrorMessage(`Specwright: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** "Generating spec for 001-photo-albums (GitHub Copilot CLI)…": the work and who does it. */
  private progressTitle(operationId: string, fallback: string, what?: string): string {
    const op = this.core.bus.get(operationId);
    if (!op) return fallback;
    const label = (this.core.agents.get(op.agent)?.label ?? op.agent).replace(/\s*\([^)]*\)\s*$/, '');
    return vscode.l10n.t('Generating {0} for {1} ({2})…', what ?? op.kind, op.featureName, label);
  }

  /**
   * The progress notification (and its Cancel) lasts exactly as long as the operation: it closes
   * when the operation ends, and the outcome (open the document, next step, error) is a separate
   * notification shown after it, so a toast nobody answers never keeps "Specwright [Cancel]" up.
   */
  private async followOne(operationId: string, done: Promise<OperationSummary>): Promise<void> {
    const title = this.progressTitle(operationId, 'Specwright');
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.core.generation.cancel(operationId));
        this.openProgress.set(operationId, { title });
        const steps = new LatestOnly<string>((text) => { progress.report({ message: text }); this.openProgress.set(operationId, { title, message: text }); });
        const sub = this.core.bus.subscribe(operationId, 0, (item) => {
          const text = item.type === 'event' ? operationStep(item.event) : undefined;
          if (text) steps.push(text);
        });
        try {
          return await done;
        } finally {
          sub.dispose();
          steps.dispose();
          this.openProgress.delete(operationId);
        }
      },
    );
    await this.reportOutcome(summary, true);
  }

  private async followChain(chainId: string, firstId: string, done: Promise<ChainResult>, stages: { follow?: (operationId: string) => void }): Promise<void> {
    const title = this.progressTitle(firstId, 'Specwright: Generate All', 'spec, plan and tasks');
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.core.chain.cancel(chainId));
        this.openProgress.set(chainId, { title });
        let sub: vscode.Disposable | undefined;
        const steps = new LatestOnly<string>((text) => { progress.report({ message: text }); this.openProgress.set(chainId, { title, message: text }); });
        const follow = (operationId: string) => {
          sub?.dispose();
          const op = this.core.bus.get(operationId);
          const stage = op ? `${op.kind}: ` : '';
          sub = this.core.bus.subscribe(operationId, 0, (item) => {
            const text = item.type === 'event' ? operationStep(item.event) : undefined;
            if (text) steps.push(stage + text);
          });
        };
        stages.follow = follow;
        follow(firstId);
        try {
          return await done;
        } finally {
          stages.follow = undefined;
          sub?.dispose();
          steps.dispose();
          this.openProgress.delete(chainId);
        }
      },
    );
    const last = result.operations[result.operations.length - 1];
    if (result.status === 'succeeded') {
      if (last) await this.reportOutcome(last, false);
      void vscode.window.showInformationMessage(vscode.l10n.t('Specwright: {0} has spec, plan and tasks.', last?.featureName ?? 'the feature'));
    } else if (result.status !== 'cancelled') {
      const text = vscode.l10n.t('Specwright: Generate All stopped at the {0} stage. {1}', result.stoppedAt ?? 'first', result.reason ?? '');
      const showLog = 'Show Log';
      if ((await vscode.window.showErrorMessage(text, showLog)) === showLog) this.log.show();
    }
  }

  /**
   * A generation the Conversation view started: its document opens in the editor when it
   * succeeds, as the command's does (without taking the focus from the view). The next step is
   * the view's own button, so no toast offers it again.
   */
  followFromView(operationId: string): void {
    const sub = this.core.bus.subscribe(operationId, 0, (item) => {
      if (item.type !== 'finished') return;
      queueMicrotask(() => sub.dispose());
      const op = this.core.bus.get(operationId);
      if (op?.status === 'succeeded' && op.document && op.kind !== 'task') {
        void vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(op.document), 'specwright.documentEditor', { preview: false, preserveFocus: true })
          .then(undefined, () => vscode.window.showTextDocument(vscode.Uri.file(op.document as string), { preview: false, preserveFocus: true }));
        this.openedFromView.push(op.document);
      }
    });
  }

  /** Documents opened for the view's generations, oldest first (integration tests read it). */
  readonly openedFromView: string[] = [];

  private async reportOutcome(summary: OperationSummary, offerNext: boolean): Promise<void> {
    const doc = summary.document;
    if (summary.status === 'succeeded' && doc) {
      await openSpecwrightDocument(vscode.Uri.file(doc));
      const next = summary.kind === 'task' ? undefined : nextOf(summary.kind);
      if (!offerNext || !next) return;
      const action = TITLE[next];
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Specwright: {0} of {1} is ready. Next: {2}.', basename(doc), summary.featureName, action.toLowerCase()), action);
      if (choice === action) await this.generate(next, vscode.Uri.file(summary.feature));
      return;
    }
    if (!isTerminal(summary.status) || summary.status === 'cancelled') return;
    const text = `Specwright: the ${summary.kind} of ${summary.featureName} ${summary.status === 'timedOut' ? 'timed out' : 'failed'}. ${summary.reason ?? ''}`;
    const showLog = 'Show Log';
    if ((await vscode.window.showErrorMessage(text, showLog)) === showLog) this.log.show();
  }
}

export function nextOf(kind: OperationKind): OperationKind | undefined {
  return kind === 'spec' ? 'plan' : kind === 'plan' ? 'tasks' : undefined;
}

async function ensureTrusted(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Specwright does not run agents in an untrusted workspace: an agent can run code. Trust this workspace to generate documents.'), manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

function askWords(kind: OperationKind, title: string): Thenable<string | undefined> {
  const ask = ASK[kind];
  return vscode.window.showInputBox({
    title,
    prompt: ask.prompt,
    placeHolder: ask.placeHolder,
    ignoreFocusOut: true,
    validateInput: ask.required ? (v) => (v.trim() ? undefined : vscode.l10n.t('Describe the feature in a sentence or two.')) : undefined,
  });
}

