import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Icon } from '../components/Icon';
import type { Store, UiState } from '../state';
import { HistoryView } from './HistoryView';

interface Props {
  state: UiState;
  store: Store;
  hostSaves: boolean;
  /** The conversation view. */
  children: ComponentChildren;
}

/** Two tabs over the panel: the conversation, and the History of every operation. */
export function HistoryTabs({ state, store, hostSaves, children }: Props) {
  const [tab, setTab] = useState<'conversation' | 'history'>('conversation');
  // The host asked to show a comparison (VS Code's Compare Requirements): History → Compare.
  useEffect(() => {
    if (state.compareTarget) setTab('history');
  }, [state.compareTarget?.at]);
  const count = Object.keys(state.operations).length;
  const open = (operationId: string) => {
    store.select(operationId);
    setTab('conversation');
  };
  return (
    <div class="history-shell">
      <div class="history-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'conversation'} class={tab === 'conversation' ? 'active' : ''} onClick={() => setTab('conversation')}>
          <Icon name="comment-discussion" /> Conversation
        </button>
        <button type="button" role="tab" aria-selected={tab === 'history'} class={tab === 'history' ? 'active' : ''} onClick={() => setTab('history')}>
          <Icon name="history" /> History{count ? ` (${count})` : ''}
        </button>
      </div>
      <div class="history-tab-body">
        {tab === 'conversation' ? children : <HistoryView state={state} store={store} hostSaves={hostSaves} onOpen={open} />}
      </div>
    </div>
  );
}
