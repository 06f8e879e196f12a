/** The palette and menu commands of the VS Code shell, each a call into the core or PipelineCommands (generateCommands.ts). */
import * as vscode from 'vscode';
import { autoChoice, isTerminal } from '../protocol';
import { agentDescription, agentDetail } from './agentText';
import type { Specwright } from '../core/app/specwright';
import type { ConversationViewProvider } from './conversationView';
import { PipelineCommands, type GenerateOptions } from './generateCommands';

export function registerCommands(
  context: vscode.ExtensionContext,
  core: Specwright,
  view: ConversationViewProvider,
  log: vscode.LogOutputChannel,
): PipelineCommands {
  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  const pipeline = new PipelineCommands(core, view, log);

  register('specwright.newFeature', (options?: GenerateOptions) => pipeline.newFeature(options));
  register('specwright.generateSpec', (uri?: vscode.Uri, options?: GenerateOptions) => pipeline.generate('spec', uri, options));
  register('specwright.generatePlan', (uri?: vscode.Uri, options?: GenerateOptions) => pipeline.generate('plan', uri, options));
  register('specwright.generateTasks', (uri?: vscode.Uri, options?: GenerateOptions) => pipeline.generate('tasks', uri, options));
  register('specwright.generateAll', (uri?: vscode.Uri, options?: GenerateOptions) => pipeline.generateAll(uri, options));
  register('specwright.cancelOperation', () => cancelOperation(core));
  register('specwright.selectAgent', () => selectAgent(core));
  register('specwright.showLog', () => log.show());
  return pipeline;
}

async function cancelOperation(core: Specwright): Promise<void> {
  const running = core.bus.list().filter((op) => !isTerminal(op.status));
  if (running.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Specwright: no operation is running.'));
    return;
  }
  const pick = running.length === 1 ? running[0] : (await vscode.window.showQuickPick(
    running.map((op) => ({ label: `${op.kind} — ${op.featureName}`, description: op.agent, op })),
    { title: vscode.l10n.t('Cancel which operation?') },
  ))?.op;
  if (!pick) return;
  // A stage of Generate All stops its whole chain, not only the running stage.
  if (pick.chainId && core.chain.cancel(pick.chainId)) return;
  // A task run is not a generation: core.tasks stops it (and its run waits for Retry or Skip).
  if (!core.generation.cancel(pick.id)) core.tasks.cancelOperation(pick.id);
}

async function selectAgent(core: Specwright): Promise<void> {
  const agents = await core.detectAgents();
  const current = vscode.workspace.getConfiguration('specwright').get<string>('agent') ?? 'auto';
  const auto = autoChoice(agents);
  const items = [
    { label: 'auto', description: vscode.l10n.t('runs {0} now', auto.label), detail: auto.better ?? vscode.l10n.t('Copilot when it is installed, else the offline scaffold'), id: 'auto' },
    ...agents.map((a) => ({ label: a.label, description: agentDescription(a), detail: agentDetail(a), id: a.id })),
  ].map((item) => ({ ...item, label: item.id === current ? `$(check) ${item.label}` : item.label }));
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Specwright: agent for new generations'), matchOnDetail: true });
  if (!pick) return;
  const config = vscode.workspace.getConfiguration('specwright');
  const inspected = config.inspect<string>('agent');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('agent', pick.id, target);
}
