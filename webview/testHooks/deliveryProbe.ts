import type { DeliveryReport } from '../../src/protocol/deliveryProbe';
import type { ServerMessage } from '../../src/protocol';

interface Received {
  last: number;
  duplicates: number;
  gaps: number;
  skipped: number;
  receipts: number[];
}

/**
 * What reached the page, as the integration test asks (src/protocol/deliveryProbe.ts): every
 * event message once validated, with the wall-clock time it arrived. Records nothing until asked.
 */
export class DeliveryProbe {
  private recording = false;
  private readonly operations = new Map<string, Received>();

  constructor(private readonly now: () => number = () => performance.timeOrigin + performance.now()) {}

  saw(msg: ServerMessage): void {
    if (!this.recording || (msg.type !== 'event' && msg.type !== 'gap')) return;
    let op = this.operations.get(msg.operationId);
    if (!op) {
      op = { last: 0, duplicates: 0, gaps: 0, skipped: 0, receipts: [] };
      this.operations.set(msg.operationId, op);
    }
    if (msg.type === 'gap') {
      op.gaps += 1;
      return;
    }
    if (msg.seq <= op.last) {
      op.duplicates += 1;
      return;
    }
    op.skipped += msg.seq - op.last - 1;
    op.last = msg.seq;
    op.receipts.push(msg.seq, this.now());
  }

  /** Without an operation: starts recording afresh. */
  answer(id: string, operationId?: string): DeliveryReport {
    if (operationId === undefined) {
      this.recording = true;
      this.operations.clear();
    }
    const op = operationId === undefined ? undefined : this.operations.get(operationId);
    return {
      type: 'delivery', id,
      events: (op?.receipts.length ?? 0) / 2,
      duplicates: op?.duplicates ?? 0,
      gaps: op?.gaps ?? 0,
      skipped: op?.skipped ?? 0,
      receipts: op?.receipts ?? [],
    };
  }
}
