import { useEffect, useState } from 'preact/hooks';
import { ExportOperationResult, type ExportFormat } from '../../src/protocol';
import { HistoryFilters } from '../components/HistoryFilters';
import { HistoryList } from '../components/HistoryList';
import { HistoryRuns } from '../components/HistoryRuns';
import '../components/History.css';
import { activeBoards, historyFacets, historyOf, type HistoryFilter, type Store, type UiState } from '../state';
import { CompareView } from './CompareView';

interface Props {
  state: UiState;
  store: Store;
  /** The host saves exports itself (VS Code: a save dialog); otherwise the browser downloads them. */
  hostSaves: boolean;
  onOpen: (operationId: string) => void;
}

/**
 * The History: Operations (task runs going on, then every operation the host holds, the
 * journal's too, filtered) and Compare (the semantic diff of two versions of a document).
 */
export function HistoryView({ state, store, hostSaves, onOpen }: Props) {
  const [page, setPage] = useState<'operations' | 'compare'>(state.compareTarget ? 'compare' : 'operations');
  useEffect(() => {
    if (state.compareTarget) setPage('compare');
  }, [state.compareTarget?.at]);
  return (
    <div class="history">
      <div class="history-pages" role="tablist" aria-label="History">
        <button type="button" role="tab" aria-selected={page === 'operations'} class={page === 'operations' ? 'active' : ''} onClick={() => setPage('operations')}>Operations</button>
        <button type="button" role="tab" aria-selected={page === 'compare'} class={page === 'compare' ? 'active' : ''} onClick={() => setPage('compare')}>Compare</button>
      </div>
      {page === 'operations'
        ? <OperationsPage state={state} store={store} hostSaves={hostSaves} onOpen={onOpen} />
        : <CompareView state={state} store={store} {...(state.compareTarget ? { target: state.compareTarget } : {})} />}
    </div>
  );
}

function OperationsPage({ state, store, hostSaves, onOpen }: Props) {
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [pending, setPending] = useState<{ requestId: string; operationId: string }>();
  const [notice, setNotice] = useState<string>();
  const operations = historyOf(state, filter);

  const exported = state.runResults?.exportOperation;
  useEffect(() => {
    if (!pending || exported?.requestId !== pending.requestId) return;
    setPending(undefined);
    const result = ExportOperationResult.safeParse(exported.result);
    if (!result.success) return;
    if (result.data.savedTo) setNotice(`Exported to ${result.data.savedTo}`);
    else if (!hostSaves) download(result.data.fileName, result.data.content);
  }, [exported, pending, hostSaves]);
  const failedExport = pending && state.requestError?.method === 'exportOperation';

  const onExport = (operationId: string, format: ExportFormat) => {
    setNotice(undefined);
    setPending({ requestId: store.request('exportOperation', { operationId, format, save: hostSaves }), operationId });
  };

  return (
    <>
      <HistoryRuns boards={activeBoards(state)} onAction={(method, params) => store.request(method, params)} />
      <HistoryFilters facets={historyFacets(state)} filter={filter} onChange={setFilter} />
      {notice && <p class="history-notice muted" role="status">{notice}</p>}
      {failedExport && <p class="history-notice" role="alert">{state.requestError?.message}</p>}
      <HistoryList operations={operations} onOpen={onOpen} onExport={onExport} exporting={failedExport ? undefined : pending?.operationId} />
    </>
  );
}

/** The browser's own download of an export (the web UI has no host dialog to ask). */
function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: fileName.endsWith('.json') ? 'application/json' : 'text/markdown' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
