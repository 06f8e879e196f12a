/**
 * The Features view: every feature of every workspace folder with its stage, task progress per
 * phase and last operation. Rows come from `core.features.statusAll()`; the view refreshes when a
 * document under specs/ changes or an operation starts or ends.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { isTerminal, type FeatureStatus, type OperationKind, type OperationSummary, type PhaseProgress, type TaskState } from '../protocol';
import type { Specwright } from '../core/app/specwright';
import { artefactItem, artefactsOf, type Artefact } from './artefactItems';
import { featureRowText, phaseText, type FeatureRowText } from './featureRowText';
import { DOCUMENT_EDITOR_VIEW_TYPE } from './openDocument';

type Node =
  | { type: 'root'; path: string; name: string }
  | { type: 'feature'; status: FeatureStatus }
  | { type: 'document'; feature: FeatureStatus; kind: OperationKind; exists: boolean }
  | { type: 'artefact'; feature: FeatureStatus; artefact: Artefact }
  | { type: 'phase'; feature: FeatureStatus; phase: PhaseProgress }
  | { type: 'operation'; feature: FeatureStatus; op: OperationSummary }
  | { type: 'task'; feature: FeatureStatus; task: TaskState };

const KINDS: readonly OperationKind[] = ['spec', 'plan', 'tasks'];
const GENERATE_COMMAND: Record<OperationKind, string> = { spec: 'specwright.generateSpec', plan: 'specwright.generatePlan', tasks: 'specwright.generateTasks' };

export class FeaturesViewProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private rows: Promise<FeatureStatus[]> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly core: Specwright) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/specs/**');
    // spec-kit's current-feature pointer: the row marked "current" follows it.
    const pointer = vscode.workspace.createFileSystemWatcher('**/.specify/feature.json');
    this.disposables.push(
      watcher,
      pointer,
      pointer.onDidCreate(() => this.refreshSoon()),
      pointer.onDidChange(() => this.refreshSoon()),
      pointer.onDidDelete(() => this.refreshSoon()),
      watcher.onDidCreate(() => this.refreshSoon()),
      watcher.onDidDelete(() => this.refreshSoon()),
      watcher.onDidChange((uri) => { if (/\.md$/.test(uri.fsPath)) this.refreshSoon(); }),
      core.bus.onOperation(() => this.refreshSoon()),
      core.tasks.onChange(() => this.refreshSoon()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  /** Recomputes every row now (the Refresh button). */
  refresh(): void {
    this.rows = undefined;
    this.changed.fire(undefined);
  }

  /** Coalesces bursts (an agent writing a file in chunks, an operation's status changes). */
  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; this.refresh(); }, 250);
  }

  /** The rows as last computed (integration tests read them). */
  statuses(): Promise<FeatureStatus[]> {
    this.rows ??= this.core.features.statusAll();
    return this.rows;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const rows = await this.statuses();
      const roots = vscode.workspace.workspaceFolders ?? [];
      if (roots.length > 1) {
        return roots.map((f) => ({ type: 'root' as const, path: f.uri.fsPath, name: f.name }));
      }
      return rows.map((status) => ({ type: 'feature' as const, status }));
    }
    if (node.type === 'root') {
      return (await this.statuses()).filter((s) => s.root === node.path).map((status) => ({ type: 'feature' as const, status }));
    }
    if (node.type === 'feature') {
      const s = node.status;
      const docs: Node[] = KINDS.map((kind) => ({ type: 'document', feature: s, kind, exists: s.documents[kind] }));
      // research.md, data-model.md, quickstart.md, contracts/…, checklists/… (spec-kit's other artefacts).
      docs.push(...artefactsOf(s).map((artefact): Node => ({ type: 'artefact', feature: s, artefact })));
      const phases: Node[] = (s.progress?.phases ?? []).map((phase) => ({ type: 'phase', feature: s, phase }));
      // Task runs: what is queued, running, failed or skipped (done tasks show as ticks in the phases).
      const tasks: Node[] = this.core.tasks.board(s.path).tasks
        .filter((task) => task.status !== 'done')
        .map((task) => ({ type: 'task', feature: s, task }));
      const last: Node[] = s.lastOperation ? [{ type: 'operation', feature: s, op: s.lastOperation }] : [];
      return [...docs, ...phases, ...tasks, ...last];
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'root': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.contextValue = 'specwright.root';
        return item;
      }
      case 'feature': return featureItem(node.status, featureRowText(node.status));
      case 'document': return documentItem(node.feature, node.kind, node.exists);
      case 'artefact': return artefactItem(node.feature, node.artefact);
      case 'phase': {
        const item = new vscode.TreeItem(node.phase.name, vscode.TreeItemCollapsibleState.None);
        item.description = phaseText(node.phase);
        const complete = node.phase.total > 0 && node.phase.done === node.phase.total;
        item.iconPath = new vscode.ThemeIcon(complete ? 'pass-filled' : 'circle-large-outline', new vscode.ThemeColor(complete ? 'testing.iconPassed' : 'foreground'));
        item.contextValue = 'specwright.phase';
        item.command = openCommand(node.feature, 'tasks');
        return item;
      }
      case 'task': {
        const task = node.task;
        const item = new vscode.TreeItem(`${task.id ?? `line ${task.line + 1}`} ${task.title}`, vscode.TreeItemCollapsibleState.None);
        item.description = task.status;
        item.tooltip = task.reason ? `${task.status}: ${task.reason}` : task.status;
        item.iconPath = taskIcon(task);
        item.contextValue = `specwright.task.${task.status}`;
        item.command = {
          command: 'vscode.open', title: 'Show task',
          arguments: [vscode.Uri.file(join(node.feature.path, 'tasks.md')), { selection: new vscode.Range(task.line, 0, task.line, 0) }],
        };
        return item;
      }
      case 'operation': {
        const op = node.op;
        const item = new vscode.TreeItem(`Last: ${op.kind} with ${op.agent}`, vscode.TreeItemCollapsibleState.None);
        item.description = isTerminal(op.status) ? op.status : `${op.status}…`;
        item.tooltip = op.reason ? `${op.status}: ${op.reason}` : op.status;
        item.iconPath = operationIcon(op);
        item.command = { command: 'specwright.conversation.focus', title: 'Show Conversation' };
        item.contextValue = 'specwright.operation';
        return item;
      }
    }
  }

  /** Label and description of a feature's rows, as the tree shows them (integration tests). */
  async rowsOf(featureDir: string): Promise<{ label: string; description?: string; command?: { command: string; arguments?: unknown[] } }[]> {
    this.refresh();
    const status = (await this.statuses()).find((s) => s.path === featureDir);
    if (!status) return [];
    const children = await this.getChildren({ type: 'feature', status });
    return children.map((node) => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      return {
        label,
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
        ...(item.command ? { command: { command: item.command.command, ...(item.command.arguments ? { arguments: item.command.arguments } : {}) } } : {}),
      };
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function featureItem(status: FeatureStatus, text: FeatureRowText): vscode.TreeItem {
  const item = new vscode.TreeItem(status.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = status.path;
  item.description = text.description;
  item.tooltip = new vscode.MarkdownString(text.tooltip);
  item.resourceUri = vscode.Uri.file(status.path);
  item.iconPath = status.lastOperation && !isTerminal(status.lastOperation.status)
    ? new vscode.ThemeIcon('loading~spin')
    : status.lastOperation?.status === 'failed' || status.lastOperation?.status === 'timedOut'
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
      : new vscode.ThemeIcon(status.stage === 'tasks' ? 'checklist' : status.stage === 'plan' ? 'map' : status.stage === 'spec' ? 'book' : 'circle-outline');
  // Menus pick the next step from the context value: specwright.feature.next-plan …
  item.contextValue = `specwright.feature.next-${status.nextStep ?? 'none'}`;
  return item;
}

function documentItem(feature: FeatureStatus, kind: OperationKind, exists: boolean): vscode.TreeItem {
  const file = `${kind}.md`;
  const item = new vscode.TreeItem(file, vscode.TreeItemCollapsibleState.None);
  if (exists) {
    item.resourceUri = vscode.Uri.file(join(feature.path, file));
    item.command = openCommand(feature, kind);
    item.contextValue = `specwright.document.${kind}`;
    if (kind === 'tasks' && feature.progress) item.description = `${feature.progress.done}/${feature.progress.total} done`;
    if (kind === 'spec' && feature.openClarifications) item.description = `${feature.openClarifications} open question${feature.openClarifications === 1 ? '' : 's'}`;
  } else {
    item.description = 'not generated yet';
    item.iconPath = new vscode.ThemeIcon('add');
    item.tooltip = `Generate ${file} for ${feature.name}`;
    item.command = { command: GENERATE_COMMAND[kind], title: `Generate ${kind}`, arguments: [vscode.Uri.file(feature.path)] };
    item.contextValue = `specwright.missing.${kind}`;
  }
  return item;
}

function openCommand(feature: FeatureStatus, kind: OperationKind): vscode.Command {
  return {
    command: 'vscode.openWith',
    title: `Open ${kind}.md`,
    arguments: [vscode.Uri.file(join(feature.path, `${kind}.md`)), DOCUMENT_EDITOR_VIEW_TYPE],
  };
}

function taskIcon(task: TaskState): vscode.ThemeIcon {
  switch (task.status) {
    case 'running': return new vscode.ThemeIcon('loading~spin');
    case 'queued': return new vscode.ThemeIcon('clock');
    case 'failed': return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'skipped': return new vscode.ThemeIcon('debug-step-over');
    default: return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  }
}

function operationIcon(op: OperationSummary): vscode.ThemeIcon {
  switch (op.status) {
    case 'succeeded': return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
    case 'timedOut': return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'cancelled': return new vscode.ThemeIcon('circle-slash');
    default: return new vscode.ThemeIcon('loading~spin');
  }
}
