import { ConnectionIndicator, ConnectionNotice } from './components/ConnectionIndicator';
import { Presence } from './components/Presence';
import { useStoreState } from './hooks';
import type { Store } from './state';
import type { ConnectionControl } from './transport/types';
import { ConversationView } from './views/ConversationView';
import { HistoryTabs } from './views/HistoryTabs';

/** `connection` is given in the browser (websocket transport): a header shows its state and the viewers. */
export function App({ store, connection }: { store: Store; connection?: ConnectionControl }) {
  const state = useStoreState(store);
  if (!connection) return <HistoryTabs state={state} store={store} hostSaves><ConversationView state={state} store={store} inShell={false} /></HistoryTabs>;
  return (
    <div class="web-shell">
      <header class="web-header">
        <span class="web-title">Specwright</span>
        <Presence viewers={state.presence} />
        <ConnectionIndicator control={connection} />
      </header>
      <ConnectionNotice control={connection} />
      <HistoryTabs state={state} store={store} hostSaves={false}><ConversationView state={state} store={store} inShell /></HistoryTabs>
    </div>
  );
}
