/**
 * The context keys behind the Get Started walkthrough (package.json `contributes.walkthroughs`,
 * each step `completionEvents: ["onContext:specwright.walkthrough.<step>"]`). A key turns true
 * when the thing its step asks for has really happened — an agent chosen, a feature folder on
 * disk, its spec/plan/tasks written, a task run that succeeded — never because a button was
 * pressed, so a cancelled picker or a failed generation leaves the step open.
 */
import * as vscode from 'vscode';
import type { FeatureStatus, OperationSummary } from '../protocol';
import type { Specwright } from '../core/app/specwright';

export const WALKTHROUGH_STEPS = ['agentPicked', 'featureCreated', 'specGenerated', 'planGenerated', 'tasksGenerated', 'taskRan'] as const;
export type WalkthroughStep = (typeof WALKTHROUGH_STEPS)[number];
export const walkthroughContextKey = (step: WalkthroughStep): string => `specwright.walkthrough.${step}`;

/** What the walkthrough needs from the Features view: its rows and when they change. */
export interface FeatureRows {
  statuses(): Promise<FeatureStatus[]>;
  readonly onDidChangeTreeData: vscode.Event<unknown>;
}

export class WalkthroughContext implements vscode.Disposable {
  private readonly done = new Map<WalkthroughStep, boolean>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly core: Specwright, private readonly features: FeatureRows) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('specwright.agent')) this.readAgentChoice(); }),
      features.onDidChangeTreeData(() => void this.readFeatures()),
      core.bus.onOperation((op) => this.readOperation(op)),
    );
    this.readAgentChoice();
    void this.readFeatures();
    // Task runs of earlier sessions come back from the journal: a step done then stays done.
    void core.historyLoaded.then(() => { for (const op of core.bus.list()) this.readOperation(op); }, () => undefined);
  }

  /** The value each key was last given (integration tests read it; VS Code has no getter for context keys). */
  state(): Record<WalkthroughStep, boolean> {
    return Object.fromEntries(WALKTHROUGH_STEPS.map((step) => [step, this.done.get(step) ?? false])) as Record<WalkthroughStep, boolean>;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Picking in Select Agent (or the Agents section, or the Settings editor) writes `specwright.agent` at some level. */
  private readAgentChoice(): void {
    const agent = vscode.workspace.getConfiguration('specwright').inspect<string>('agent');
    this.set('agentPicked', [agent?.globalValue, agent?.workspaceValue, agent?.workspaceFolderValue].some((v) => v !== undefined));
  }

  private async readFeatures(): Promise<void> {
    const rows = await this.features.statuses().catch(() => []);
    this.set('featureCreated', rows.length > 0);
    this.set('specGenerated', rows.some((f) => f.documents.spec));
    this.set('planGenerated', rows.some((f) => f.documents.plan));
    this.set('tasksGenerated', rows.some((f) => f.documents.tasks));
  }

  private readOperation(op: OperationSummary): void {
    if (op.kind === 'task' && op.status === 'succeeded') this.set('taskRan', true);
  }

  /** Once true, a key stays true: deleting the feature afterwards does not undo having done the step. */
  private set(step: WalkthroughStep, value: boolean): void {
    const was = this.done.get(step);
    if (was === true || was === value) return;
    this.done.set(step, value);
    void vscode.commands.executeCommand('setContext', walkthroughContextKey(step), value);
  }
}
