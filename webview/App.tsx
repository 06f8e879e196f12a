import { useStoreState } from './hooks';
import type { Store } from './state';
import { ConversationView } from './views/ConversationView';

export function App({ store }: { store: Store }) {
  const state = useStoreState(store);
  return <ConversationView state={state} store={store} />;
}
