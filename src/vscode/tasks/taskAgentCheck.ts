/**
 * Can the agent new task runs would use actually run a task? The offline scaffold writes
 * documents only, so with it (chosen, or what `auto` falls back to) the CodeLens and the document
 * editor say why instead of offering ▷ Run, and point at Select Agent.
 */
import * as vscode from 'vscode';
import type { Specwright } from '../../core/app/specwright';
import type { CoreSettings } from '../../core/settings/coreSettings';
import { DOCUMENT_ONLY_AGENTS } from '../../core/tasks/taskRunner';

export class TaskAgentCheck implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private reason?: string;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private checks = 0;

  /** `settings`: the layered settings the core runs with (VS Code's, then the workspace's settings file). */
  constructor(private readonly core: Specwright, private readonly settings: () => CoreSettings) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('specwright')) void this.check(); }));
  }

  /**
   * Why Run is not offered, or undefined when the agent can run tasks. The first ask starts the
   * check (detection runs agent probes: not at activation, only once a tasks.md is shown) and
   * `onDidChange` tells the CodeLens and the editor when the answer is in.
   */
  blocker(): string | undefined {
    if (this.checks === 0) void this.check();
    return this.reason;
  }

  async check(): Promise<void> {
    const run = ++this.checks;
    const wanted = this.settings().agent ?? 'auto';
    const agent = wanted === 'auto' ? await this.core.agents.pickDefault(undefined).catch(() => undefined) : this.core.agents.get(wanted);
    if (run !== this.checks) return;
    const reason = agent && DOCUMENT_ONLY_AGENTS.has(agent.id)
      ? `${agent.label} writes documents only: pick a coding agent (Select Agent) to run tasks.`
      : undefined;
    if (reason === this.reason) return;
    this.reason = reason;
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
