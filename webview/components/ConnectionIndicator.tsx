import { useEffect, useState } from 'preact/hooks';
import { useNow } from '../hooks';
import type { ConnectionControl, ConnectionStatus } from '../transport/types';
import './ConnectionIndicator.css';

type Tone = 'ok' | 'warn' | 'bad';

const TONE: Record<ConnectionStatus['state'], Tone> = {
  connected: 'ok',
  connecting: 'warn',
  reconnecting: 'warn',
  idle: 'warn',
  disconnected: 'bad',
  error: 'bad',
};

/** The connection's status, kept current from the transport. */
export function useConnectionStatus(control: ConnectionControl): ConnectionStatus {
  const [status, setStatus] = useState(control.status());
  useEffect(() => {
    setStatus(control.status());
    return control.onStatus(setStatus);
  }, [control]);
  return status;
}

function describe(status: ConnectionStatus, now: number): string {
  switch (status.state) {
    case 'connected':
      return 'Connected';
    case 'connecting':
      return 'Connecting…';
    case 'idle':
      return 'Not connected';
    case 'reconnecting': {
      const seconds = status.retryAt === undefined ? 0 : Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      const when = seconds > 0 ? ` in ${seconds} s` : '…';
      return `Reconnecting${when} (attempt ${status.attempt} of ${status.maxAttempts})`;
    }
    case 'disconnected':
      return 'Disconnected';
    case 'error':
      return status.reason ?? 'Cannot connect';
  }
}

/** Green when connected, yellow while (re)connecting, red when it gave up, with a Retry then. */
export function ConnectionIndicator({ control }: { control: ConnectionControl }) {
  const status = useConnectionStatus(control);
  const now = useNow(status.state === 'reconnecting', 500);
  const tone = TONE[status.state];
  const canRetry = status.state === 'disconnected' || status.state === 'error' || status.state === 'reconnecting';
  return (
    <div class={`connection-indicator connection-${tone}`} role="status" aria-live="polite" data-state={status.state}>
      <span class="connection-dot" aria-hidden="true" />
      <span class="connection-text">{describe(status, now)}</span>
      {canRetry && (
        <button type="button" class="connection-retry" onClick={() => control.retry()}>
          {status.state === 'reconnecting' ? 'Retry now' : 'Retry'}
        </button>
      )}
    </div>
  );
}

/** The latest thing the transport wants the user to know (e.g. messages dropped while offline). */
export function ConnectionNotice({ control }: { control: ConnectionControl }) {
  const [notice, setNotice] = useState<string>();
  useEffect(() => control.onNotice(setNotice), [control]);
  if (!notice) return null;
  return (
    <div class="banner connection-notice" role="alert">
      <span>{notice}</span>
      <button type="button" class="icon-button" title="Dismiss" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
        <span class="codicon codicon-close" aria-hidden="true" />
      </button>
    </div>
  );
}
