/**
 * Context keys that say whether a task command has anything to act on, so the palette offers
 * Retry / Skip (a task failed), Resume (a run is paused), Stop All (a task runs) and Show
 * Changes (a task run touched files) only then (package.json `menus.commandPalette`).
 */
import * as vscode from 'vscode';
import type { Specwright } from '../../core/app/specwright';

const KEYS = {
  failed: 'specwright.taskFailed',
  paused: 'specwright.tasksPaused',
  running: 'specwright.tasksRunning',
  runs: 'specwright.taskRunsExist',
} as const;

export class TaskContext implements vscode.Disposable {
  private readonly features = new Set<string>();
  private readonly values = new Map<string, boolean>();
  private readonly disposables: { dispose(): void }[] = [];

  constructor(private readonly core: Specwright) {
    this.disposables.push(
      core.tasks.onChange((feature) => { this.features.add(feature); this.update(); }),
      core.bus.onOperation((op) => { if (op.kind === 'task') { this.features.add(op.feature); this.update(); } }),
    );
    for (const op of core.bus.list()) if (op.kind === 'task') this.features.add(op.feature);
    this.update();
  }

  private update(): void {
    let failed = false;
    let paused = false;
    let running = false;
    for (const feature of this.features) {
      const board = this.core.tasks.board(feature);
      failed ||= board.tasks.some((t) => t.status === 'failed');
      paused ||= board.run?.state === 'paused';
      running ||= board.tasks.some((t) => t.status === 'running' || t.status === 'queued');
    }
    const runs = this.core.bus.list().some((op) => op.kind === 'task' && op.touched !== undefined);
    this.set(KEYS.failed, failed);
    this.set(KEYS.paused, paused);
    this.set(KEYS.running, running);
    this.set(KEYS.runs, runs);
  }

  private set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
