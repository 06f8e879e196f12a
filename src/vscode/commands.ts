import * as vscode from 'vscode';
import { isTerminal, type AgentEvent, type OperationSummary } from '../protocol';
import type { Specwright } from '../core/specwright';
import { GenerationError } from '../core/features/generationService';
import type { ConversationViewProvider } from './conversationView';
import { pickFeatureFolder } from './pickFeature';

/** Options a keybinding or another extension may pass to Generate Spec instead of being asked. */
interface GenerateOptions {
  prompt?: string;
  agent?: string;
}

export function registerCommands(
  context: vscode.ExtensionContext,
  core: Specwright,
  view: ConversationViewProvider,
  log: vscode.LogOutputChannel,
): void {
  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('specwright.generateSpec', (uri?: vscode.Uri, options?: GenerateOptions) => generateSpec(core, view, log, uri, options));
  register('specwright.cancelOperation', () => cancelOperation(core));
  register('specwright.selectAgent', () => selectAgent(core));
  register('specwright.showLog', () => log.show());
}

async function generateSpec(
  core: Specwright, view: ConversationViewProvider, log: vscode.LogOutputChannel, uri?: vscode.Uri, options?: GenerateOptions,
): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    const choice = await vscode.window.showWarningMessage('Specwright does not run agents in an untrusted workspace: an agent can run code. Trust this workspace to generate documents.', manage);
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  const folder = uri instanceof vscode.Uri ? uri : await pickFeatureFolder(core);
  if (!folder) return undefined;
  const prompt = options?.prompt ?? await vscode.window.showInputBox({
    title: `Generate Spec — ${folder.path.split('/').pop()}`,
    prompt: 'Describe the feature: who it is for, what they can do, and why.',
    placeHolder: 'e.g. Users organise photos into albums by date and share an album with a read-only link',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the feature in a sentence or two.'),
  });
  if (prompt === undefined) return undefined;

  let started;
  try {
    started = await core.generation.start({ kind: 'spec', featureDir: folder.fsPath, userPrompt: prompt, agent: options?.agent });
  } catch (error) {
    const message = error instanceof GenerationError || error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Specwright: ${message}`);
    return undefined;
  }
  const { operationId, done } = started;
  void view.reveal();
  void followWithProgress(core, operationId, done, log);
  return operationId;
}

/** A cancellable progress notification that shows the latest step until the operation ends. */
function followWithProgress(core: Specwright, operationId: string, done: Promise<OperationSummary>, log: vscode.LogOutputChannel): Thenable<void> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Specwright', cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => core.generation.cancel(operationId));
      const sub = core.bus.subscribe(operationId, 0, (item) => {
        if (item.type === 'event') progress.report({ message: stepText(item.event) });
      });
      try {
        const summary = await done;
        await reportOutcome(summary, log);
      } finally {
        sub.dispose();
      }
    },
  );
}

const stepText = (event: AgentEvent): string | undefined => {
  switch (event.kind) {
    case 'tool': return event.title ? `${event.title}…` : undefined;
    case 'info': return event.text;
    case 'thinking': return 'Thinking…';
    case 'message': return 'Writing…';
    default: return undefined;
  }
};

async function reportOutcome(summary: OperationSummary, log: vscode.LogOutputChannel): Promise<void> {
  const doc = summary.document;
  if (summary.status === 'succeeded' && doc) {
    await vscode.window.showTextDocument(vscode.Uri.file(doc), { preview: false });
    return;
  }
  if (summary.status === 'cancelled') return;
  const text = `Specwright: the ${summary.kind} of ${summary.featureName} ${summary.status === 'timedOut' ? 'timed out' : 'failed'}. ${summary.reason ?? ''}`;
  log.error(text);
  const showLog = 'Show Log';
  if ((await vscode.window.showErrorMessage(text, showLog)) === showLog) log.show();
}

async function cancelOperation(core: Specwright): Promise<void> {
  const running = core.bus.list().filter((op) => !isTerminal(op.status));
  if (running.length === 0) {
    void vscode.window.showInformationMessage('Specwright: no operation is running.');
    return;
  }
  const pick = running.length === 1 ? running[0] : (await vscode.window.showQuickPick(
    running.map((op) => ({ label: `${op.kind} — ${op.featureName}`, description: op.agent, op })),
    { title: 'Cancel which operation?' },
  ))?.op;
  if (pick) core.generation.cancel(pick.id);
}

async function selectAgent(core: Specwright): Promise<void> {
  const agents = await core.detectAgents();
  const current = vscode.workspace.getConfiguration('specwright').get<string>('agent') ?? 'auto';
  const items = [
    { label: 'auto', description: 'Copilot when installed, else the offline scaffold', detail: undefined as string | undefined, id: 'auto' },
    ...agents.map((a) => ({
      label: a.label,
      description: !a.available ? 'not installed' : a.signedIn === false ? 'not signed in' : a.version ? `v${a.version}` : 'available',
      detail: !a.available ? a.hint : a.signedIn === false ? `Sign in: ${a.loginCommand ?? 'see the agent\'s documentation'}` : undefined,
      id: a.id,
    })),
  ].map((item) => ({ ...item, label: item.id === current ? `$(check) ${item.label}` : item.label }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Specwright: agent for new generations', matchOnDetail: true });
  if (!pick) return;
  const config = vscode.workspace.getConfiguration('specwright');
  const inspected = config.inspect<string>('agent');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('agent', pick.id, target);
}
