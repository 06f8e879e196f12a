import * as vscode from 'vscode';
import type { FeatureStatus, Finding, OperationSummary } from './protocol';
import { createSpecwright } from './core/specwright';
import { registerCommands } from './vscode/commands';
import { readSettings } from './vscode/config';
import { ConversationViewProvider } from './vscode/conversationView';
import { createLog } from './vscode/log';
import { pipeAgentLogs } from './vscode/agentLog';
import { vscodeAgentActions } from './vscode/agentActions';
import { workspaceFileSystem } from './vscode/workspaceFileSystem';
import { OperationStatusBar } from './vscode/statusBar';
import { FeaturesViewProvider } from './vscode/featuresView';
import { FindingsDiagnostics } from './vscode/findingsDiagnostics';

/** What activate() hands back: read-only views on the running extension, used by integration tests. */
export interface SpecwrightApi {
  operation(id: string): OperationSummary | undefined;
  /** Rows of the Features view, recomputed from disk. */
  featureStatuses(): Promise<FeatureStatus[]>;
  /** Runs the traceability check of a feature now and returns its findings (as the Problems panel shows them). */
  checkFeature(featureDir: string): Promise<Finding[]>;
  connectedClients(): number;
  renderedSeq(operationId: string): number;
}

export function activate(context: vscode.ExtensionContext): SpecwrightApi {
  const log = createLog();
  context.subscriptions.push(log);

  const core = createSpecwright({
    roots: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    settings: readSettings,
    isTrusted: () => vscode.workspace.isTrusted,
    log: (level, message) => log[level](message),
    fileSystem: workspaceFileSystem,
    agentActions: vscodeAgentActions(),
  });
  context.subscriptions.push(core);

  const view = new ConversationViewProvider(context.extensionUri, core.hub, log);
  context.subscriptions.push(
    view,
    vscode.window.registerWebviewViewProvider('specwright.conversation', view),
    new OperationStatusBar(core.bus),
    pipeAgentLogs(core.bus, log),
    vscode.workspace.onDidGrantWorkspaceTrust(() => core.refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => core.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('specwright')) core.refresh(); }),
  );
  const features = new FeaturesViewProvider(core);
  const diagnostics = new FindingsDiagnostics(core);
  context.subscriptions.push(
    features,
    diagnostics,
    vscode.window.registerTreeDataProvider('specwright.features', features),
    vscode.commands.registerCommand('specwright.refreshFeatures', () => features.refresh()),
  );
  void diagnostics.checkAll().catch((error: unknown) => log.warn(`Specwright checks: ${String(error)}`));
  registerCommands(context, core, view, log);
  log.info(`Specwright activated (${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'} workspace).`);

  return {
    operation: (id) => core.bus.get(id),
    featureStatuses: () => { features.refresh(); return features.statuses(); },
    checkFeature: (featureDir) => diagnostics.check(featureDir),
    connectedClients: () => core.hub.clientCount(),
    renderedSeq: (id) => core.renderedSeq(id),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; running agents are cancelled by core.dispose().
}
