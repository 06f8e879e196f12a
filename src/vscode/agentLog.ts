import type * as vscode from 'vscode';
import type { OperationBus } from '../core/operations/bus';
import { isTerminal } from '../protocol';
import { DisposableStore, type Disposable } from '../core/util/disposable';

/** Copies each operation's stderr logs and errors into the log channel, so Show Log tells the whole story. */
export function pipeAgentLogs(bus: OperationBus, log: vscode.LogOutputChannel): Disposable {
  const store = new DisposableStore();
  const seen = new Set<string>();
  store.add(bus.onOperation((op) => {
    // The summary of a finished operation is announced once more after its `finished` item: it is
    // not a new operation (without this check every operation was logged twice).
    if (seen.has(op.id) || isTerminal(op.status)) return;
    seen.add(op.id);
    log.info(`[${op.id.slice(0, 8)}] ${op.kind} of ${op.featureName} with ${op.agent}`);
    const sub = store.add(bus.subscribe(op.id, 0, (item) => {
      const tag = `[${op.id.slice(0, 8)}]`;
      if (item.type === 'event') {
        const e = item.event;
        if (e.kind === 'log') log[e.level === 'error' ? 'error' : e.level === 'warn' ? 'warn' : 'trace'](`${tag} ${e.text}`);
        else if (e.kind === 'error') log.error(`${tag} ${e.message}${e.hint ? ` — ${e.hint}` : ''}`);
      } else if (item.type === 'finished') {
        log.info(`${tag} ${item.status}${item.reason ? `: ${item.reason}` : ''}`);
        sub.dispose();
        seen.delete(op.id);
      }
    }));
  }));
  return store;
}
