import * as vscode from 'vscode';
import { isTerminal, type OperationSummary } from '../protocol';
import type { OperationBus } from '../core/operations/bus';

/**
 * Shows the running operation (kind, feature, elapsed time) in the status bar; clicking it
 * cancels. Also keeps the `specwright.running` context key for menus and keybindings.
 */
export class OperationStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('specwright.operation', vscode.StatusBarAlignment.Left, 50);
  private readonly running = new Map<string, OperationSummary>();
  private readonly subscription: { dispose(): void };
  private timer?: NodeJS.Timeout;

  constructor(bus: OperationBus) {
    this.item.name = 'Specwright Operation';
    this.item.command = 'specwright.cancelOperation';
    this.subscription = bus.onOperation((op) => this.update(op));
    for (const op of bus.list()) this.update(op);
  }

  /** What the item shows now (integration tests: the spinner goes when the work ends). */
  state(): { visible: boolean; text: string } {
    return { visible: this.running.size > 0, text: this.running.size > 0 ? this.item.text : '' };
  }

  private update(op: OperationSummary): void {
    if (isTerminal(op.status)) this.running.delete(op.id);
    else this.running.set(op.id, op);
    void vscode.commands.executeCommand('setContext', 'specwright.running', this.running.size > 0);
    if (this.running.size > 0 && !this.timer) this.timer = setInterval(() => this.render(), 1000);
    if (this.running.size === 0 && this.timer) { clearInterval(this.timer); this.timer = undefined; }
    this.render();
  }

  private render(): void {
    const ops = [...this.running.values()];
    if (ops.length === 0) { this.item.hide(); return; }
    const op = ops[ops.length - 1];
    const seconds = Math.max(0, Math.round((Date.now() - (op.startedAt ?? op.createdAt)) / 1000));
    const elapsed = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    const more = ops.length > 1 ? ` (+${ops.length - 1})` : '';
    this.item.text = `$(sync~spin) ${op.kind} ${op.featureName} ${elapsed}${more}`;
    this.item.tooltip = `Specwright: ${op.agent} is generating the ${op.kind} of ${op.featureName}. Click to cancel.`;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
