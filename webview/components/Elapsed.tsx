import type { OperationSummary } from '../../src/protocol';
import { useNow } from '../hooks';
import { isActive } from '../state';
import { formatElapsed } from './status';

/** Time since the operation started; ticks while it runs, frozen once it ended. */
export function Elapsed({ op }: { op: OperationSummary }) {
  const running = isActive(op.status);
  const now = useNow(running);
  const start = op.startedAt ?? op.createdAt;
  const end = op.endedAt ?? (running ? now : start);
  return (
    <span class="elapsed" title="Elapsed time">
      {formatElapsed(end - start)}
    </span>
  );
}
