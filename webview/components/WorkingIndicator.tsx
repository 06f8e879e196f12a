import { useEffect, useRef } from 'preact/hooks';
import { useNow } from '../hooks';
import { Icon } from './Icon';

interface Props {
  active: boolean;
  /** Changes whenever the agent says something. */
  lastSeq: number;
}

/** How long the agent may be silent before the view says it is still working. */
const QUIET_MS = 1000;

/** "working…" while a run is live and its agent has said nothing for more than a second. */
export function WorkingIndicator({ active, lastSeq }: Props) {
  const since = useRef(Date.now());
  useEffect(() => {
    since.current = Date.now();
  }, [lastSeq, active]);
  const now = useNow(active, 250);
  if (!active || now - since.current <= QUIET_MS) return null;
  return (
    <div class="working-indicator" role="status" aria-live="polite">
      <Icon name="loading" spin /> working…
    </div>
  );
}
