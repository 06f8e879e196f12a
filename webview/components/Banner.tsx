import type { ConnectionState } from '../transport/types';
import { Icon } from './Icon';

const connectionText: Partial<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected from Specwright.',
  error: 'Cannot connect to Specwright.',
};

export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const text = connectionText[state];
  if (!text) return null;
  return (
    <div class={`banner ${state === 'error' || state === 'disconnected' ? 'banner-error' : ''}`} role="status">
      <Icon name={state === 'connecting' || state === 'reconnecting' ? 'loading' : 'debug-disconnect'} spin={state === 'connecting' || state === 'reconnecting'} />
      <span>{text}</span>
    </div>
  );
}

export function ErrorBanner({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div class="banner banner-error" role="alert">
      <Icon name="error" />
      <span>{message}</span>
      <button type="button" class="icon-button" title="Dismiss" aria-label="Dismiss error" onClick={onDismiss}>
        <Icon name="close" />
      </button>
    </div>
  );
}
