import { operationStep } from '../operationStep';
import { resolve } from 'node:path';
import { isTerminal, type EditorDocumentKind, type EditorOperation, type OperationSummary } from '../../protocol';
import type { OperationBus } from '../../core/operations/bus';
import type { Disposable } from '../../core/util/disposable';

/**
 * Follows the generations that write one document, whoever started them (this editor, a command,
 * the panel, Generate All), and reports the latest one with its current step: the editor's
 * toolbar shows it running and offers Cancel.
 */
export class OperationTracker implements Disposable {
  private current?: OperationSummary;
  private step?: string;
  private events?: Disposable;
  private readonly listener: Disposable;
  private readonly docPath: string;

  constructor(
    private readonly bus: OperationBus,
    docPath: string,
    private readonly kind: EditorDocumentKind,
    private readonly onChange: (operation: EditorOperation | null) => void,
  ) {
    this.docPath = resolve(docPath);
    const latest = bus.list().find((op) => this.isMine(op));
    if (latest) this.follow(latest);
    this.listener = bus.onOperation((summary) => {
      if (this.isMine(summary)) {
        this.follow(summary);
        this.onChange(this.operation());
      }
    });
  }

  operation(): EditorOperation | null {
    const op = this.current;
    if (!op) return null;
    return {
      id: op.id, kind: op.kind, status: op.status, agent: op.agent,
      ...(this.step && !isTerminal(op.status) ? { step: this.step } : {}),
      ...(op.reason ? { reason: op.reason } : {}),
    };
  }

  /** The running operation (and its chain, for Generate All), if one is running. */
  running(): OperationSummary | undefined {
    return this.current && !isTerminal(this.current.status) ? this.current : undefined;
  }

  dispose(): void {
    this.listener.dispose();
    this.events?.dispose();
  }

  /** Generations of this document only (a task run names tasks.md too, but it does not write it). */
  private isMine(op: OperationSummary): boolean {
    return op.kind === this.kind && op.document !== undefined && resolve(op.document) === this.docPath;
  }

  private follow(summary: OperationSummary): void {
    const changed = summary.id !== this.current?.id;
    this.current = summary;
    if (changed) {
      this.step = undefined;
      this.events?.dispose();
      this.events = undefined;
      if (!isTerminal(summary.status)) {
        this.events = this.bus.subscribe(summary.id, 0, (item) => {
          if (item.type !== 'event') return;
          const step = operationStep(item.event);
          if (step && step !== this.step) {
            this.step = step;
            this.onChange(this.operation());
          }
        });
      }
    }
    if (isTerminal(summary.status)) {
      this.events?.dispose();
      this.events = undefined;
    }
  }
}
