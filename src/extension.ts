import * as vscode from 'vscode';
import type { AgentInfo, FeatureStatus, Finding, GitHubStatus, OperationSummary, TaskRun, TaskState } from './protocol';
import { createSpecwright } from './core/app/specwright';
import { registerCommands } from './vscode/commands';
import { readSettings, settingsFileOfWorkspace, watchSettingsFiles } from './vscode/config';
import { ConversationViewProvider } from './vscode/conversationView';
import { notifyFinishedRuns } from './vscode/refine/notifyFinished';
import { registerRefineCommand } from './vscode/refine/refineCommand';
import { createLog } from './vscode/log';
import { pipeAgentLogs } from './vscode/agentLog';
import { vscodeAgentActions } from './vscode/agentActions';
import { workspaceFileSystem } from './vscode/workspaceFileSystem';
import { OperationStatusBar } from './vscode/statusBar';
import { FeaturesViewProvider } from './vscode/featuresView';
import { FindingsDiagnostics } from './vscode/findingsDiagnostics';
import { registerTasks, saveExport, workspaceTasksFile } from './vscode/tasks';
import { registerDocumentEditor, type DocumentEditorHooks } from './vscode/documentEditor';
import { confirmOverwriteInVsCode } from './vscode/versions/overwriteGuard';
import { registerWebUi, type WebUiState } from './vscode/webServer';
import { registerGitHub } from './vscode/github/register';
import { WalkthroughContext, type WalkthroughStep } from './vscode/walkthroughContext';
import { registerHistory } from './vscode/history';
import { FeatureFolderContext } from './vscode/featureFolderContext';
import { TaskAgentCheck } from './vscode/tasks/taskAgentCheck';
import { StateGitignore } from './vscode/stateGitignore';
import type { DeliveryReport } from './protocol/deliveryProbe';
import type { LayoutReport } from './protocol/layout';

/** What activate() hands back: read-only views on the running extension, used by integration tests. */
export interface SpecwrightApi {
  operation(id: string): OperationSummary | undefined;
  /** Rows of the Features view, recomputed from disk. */
  featureStatuses(): Promise<FeatureStatus[]>;
  /** The rows under a feature in the Features view (documents, phases, task runs, last operation). */
  featureRows(featureDir: string): Promise<{ label: string; description?: string; command?: { command: string; arguments?: unknown[] } }[]>;
  /** Runs the traceability check of a feature now and returns its findings (as the Problems panel shows them). */
  checkFeature(featureDir: string): Promise<Finding[]>;
  connectedClients(): number;
  renderedSeq(operationId: string): number;
  /** Task statuses of a feature and its Run All run, as the CodeLens shows them. */
  taskBoard(featureDir: string): { tasks: TaskState[]; run?: TaskRun };
  /** GitHub sign-in as read through vscode.authentication (login and avatar, never the token). */
  githubStatus(): GitHubStatus;
  /** The document editor: hand it a page message, read what its page acknowledged, versions. */
  documentEditor: DocumentEditorHooks;
  /** The external web UI: running or not, its address and the one Open in Browser opens, tabs, status bar text. */
  webUi(): WebUiState;
  /** The Get Started walkthrough's context keys as last set (true: that step really happened). */
  walkthrough(): Record<WalkthroughStep, boolean>;
  /** How long activate() itself took, in ms (loading the bundle before it is not included). */
  activationMs: number;
  /** Runs the history checks of a feature now (ids, stale tasks, drift) and returns them, as Problems shows them. */
  checkHistory(featureDir: string): Promise<Finding[]>;
  /** The comparisons History → Compare asked the host for, newest last (what the page shows). */
  comparisons(): readonly { feature: string; document: string; from: string; to: string; summary: string }[];
  /** Test hook (SPECWRIGHT_TEST_HOOKS=1): how the Conversation page is laid out, measured by the page. */
  conversationLayout(): Promise<LayoutReport>;
  /** Test hook (SPECWRIGHT_TEST_HOOKS=1): no operation starts the Conversation page recording what reaches it; one says what arrived of it, and when. */
  conversationDelivery(operationId?: string): Promise<DeliveryReport>;
  /** Progress notifications open now (title and latest step) and the status-bar item. */
  progress(): { notifications: { title: string; message?: string }[]; statusBar: { visible: boolean; text: string } };
  /** The options of every vscode.authentication.getSession call so far, oldest first. */
  githubSessionRequests(): readonly { createIfNone?: unknown; silent?: boolean }[];
  /** The `specwright.featureFolders` context key as last set (the Explorer's Specwright submenu). */
  featureFolders(): readonly string[];
  /** Documents opened because a generation the Conversation view started succeeded. */
  openedFromView(): readonly string[];
  /** The agents as the Agents section lists them (detected afresh, no sign-in probes). */
  agents(): Promise<AgentInfo[]>;
}

export function activate(context: vscode.ExtensionContext): SpecwrightApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);

  const core = createSpecwright({
    roots: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    settings: readSettings,
    isTrusted: () => vscode.workspace.isTrusted,
    log: (level, message) => log[level](message),
    fileSystem: workspaceFileSystem,
    agentActions: vscodeAgentActions(),
    // Every generation (command, panel, editor, chain stage) asks before overwriting unsaved edits.
    confirmOverwrite: confirmOverwriteInVsCode((docPath) => core.versionsOfDocument(docPath)),
    // Task ticks edit the open tasks.md (undoable); exports are saved where the user picks.
    tasksFile: workspaceTasksFile,
    saveExport,
  });
  context.subscriptions.push(core);

  // Generations the page starts open their document when they end, like the commands' (bound below).
  let followFromView: (operationId: string) => void = () => undefined;
  const view = new ConversationViewProvider(context.extensionUri, core.hub, log, (operationId) => followFromView(operationId));
  const statusBar = new OperationStatusBar(core.bus);
  // Whether the current agent can run tasks at all (the scaffold cannot): CodeLens and editor say why.
  const taskAgent = new TaskAgentCheck(core, readSettings);
  context.subscriptions.push(
    view,
    vscode.window.registerWebviewViewProvider('specwright.conversation', view),
    statusBar,
    pipeAgentLogs(core.bus, log),
    vscode.workspace.onDidGrantWorkspaceTrust(() => core.refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => core.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('specwright')) core.refresh(); }),
    // .specwright/config.json (or specwright.json): the agent configuration the CLI reads too.
    watchSettingsFiles(() => { core.refresh(); reportSettingsFile(log); void taskAgent.check(); }),
  );
  reportSettingsFile(log);
  const features = new FeaturesViewProvider(core);
  const diagnostics = new FindingsDiagnostics(core);
  context.subscriptions.push(
    features,
    diagnostics,
    vscode.window.registerTreeDataProvider('specwright.features', features),
    vscode.commands.registerCommand('specwright.refreshFeatures', () => features.refresh()),
  );
  // Ticks the Get Started walkthrough's steps as the things they ask for happen.
  const walkthrough = new WalkthroughContext(core, features);
  const workspaceRoots = () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const featureFolders = new FeatureFolderContext(features, workspaceRoots);
  context.subscriptions.push(walkthrough, featureFolders, new StateGitignore(context.workspaceState, core.bus, workspaceRoots, log));
  void diagnostics.checkAll().catch((error: unknown) => log.warn(`Specwright checks: ${String(error)}`));
  const pipeline = registerCommands(context, core, view, log);
  followFromView = (operationId) => pipeline.followFromView(operationId);
  // Task runs: CodeLens in tasks.md, Run Task / Run All Ready / Stop / Retry / Skip, Show changes.
  context.subscriptions.push(taskAgent, registerTasks(core, { log, revealConversation: () => view.reveal(), taskAgent }));
  // The external web UI: another client of the same hub, started on "Open in Browser".
  const webUi = registerWebUi(context, core, log);
  // GitHub through VS Code's accounts: the session feeds core.github, the token stays in the host.
  const github = registerGitHub(context, core, log);
  const documentEditor = registerDocumentEditor(context, core, { log, revealConversation: () => view.reveal(), taskAgent });
  // Spec history: its Problems, CodeLens on stale and drifted tasks, History → Compare on given sides.
  const history = registerHistory(core, { log, showInView: (message) => view.show(message) });
  context.subscriptions.push(history.disposable);
  // Refine: a document run that ends while the Conversation view is hidden says so (Open / Show changes).
  context.subscriptions.push(registerRefineCommand(core, () => view.reveal()));
  context.subscriptions.push(notifyFinishedRuns({ bus: core.bus, viewVisible: () => view.visible, versionsOf: (doc) => core.versionsOfDocument(doc), log }));
  const activationMs = performance.now() - started;
  log.info(`Specwright activated in ${activationMs.toFixed(0)} ms (${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'} workspace).`);

  return {
    operation: (id) => core.bus.get(id),
    featureStatuses: () => { features.refresh(); return features.statuses(); },
    featureRows: (featureDir) => features.rowsOf(featureDir),
    checkFeature: (featureDir) => diagnostics.check(featureDir),
    connectedClients: () => core.hub.clientCount(),
    renderedSeq: (id) => core.renderedSeq(id),
    taskBoard: (featureDir) => core.tasks.board(featureDir),
    githubStatus: () => core.github.status(),
    documentEditor,
    webUi: () => webUi.state(),
    walkthrough: () => walkthrough.state(),
    activationMs,
    checkHistory: (featureDir) => history.diagnostics.check(featureDir),
    comparisons: () => core.history.served,
    conversationLayout: () => view.measureLayout(),
    conversationDelivery: (operationId) => view.probeDelivery(operationId),
    progress: () => ({ notifications: [...pipeline.openProgress.values()], statusBar: statusBar.state() }),
    githubSessionRequests: () => github.requests,
    featureFolders: () => featureFolders.folders(),
    openedFromView: () => pipeline.openedFromView,
    agents: () => core.detectAgents(),
  };
}

/** Says in the log what the workspace's settings file did not get to set, and why. */
function reportSettingsFile(log: { warn(message: string): void; info(message: string): void }): void {
  const file = settingsFileOfWorkspace();
  if (file.problem) log.warn(file.problem);
  if (file.ignored.length) log.warn(`${file.file}: ${file.ignored.join(', ')} ignored: the workspace is not trusted, and these settings name a program to run.`);
  else if (file.file) log.info(`Agent settings from ${file.file}.`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; running agents are cancelled by core.dispose().
}
