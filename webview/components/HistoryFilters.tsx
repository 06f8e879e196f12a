import type { HistoryFilter } from '../state';
import { kindLabel, operationStatusLook } from './status';

interface Props {
  facets: { features: { path: string; name: string }[]; kinds: string[]; statuses: string[]; agents: string[] };
  filter: HistoryFilter;
  onChange: (filter: HistoryFilter) => void;
}

/** Feature, kind, status and agent pickers over the values that occur in the history. */
export function HistoryFilters({ facets, filter, onChange }: Props) {
  const pick = (key: keyof HistoryFilter) => (event: Event) => {
    const value = (event.currentTarget as HTMLSelectElement).value;
    onChange({ ...filter, [key]: value === '' ? undefined : value });
  };
  return (
    <div class="history-filters" role="group" aria-label="Filter the history">
      <select aria-label="Feature" value={filter.feature ?? ''} onChange={pick('feature')}>
        <option value="">All features</option>
        {facets.features.map((f) => <option key={f.path} value={f.path}>{f.name}</option>)}
      </select>
      <select aria-label="Kind" value={filter.kind ?? ''} onChange={pick('kind')}>
        <option value="">All kinds</option>
        {facets.kinds.map((k) => <option key={k} value={k}>{kindLabel[k as keyof typeof kindLabel] ?? k}</option>)}
      </select>
      <select aria-label="Status" value={filter.status ?? ''} onChange={pick('status')}>
        <option value="">All statuses</option>
        {facets.statuses.map((s) => <option key={s} value={s}>{operationStatusLook[s as keyof typeof operationStatusLook]?.label ?? s}</option>)}
      </select>
      <select aria-label="Agent" value={filter.agent ?? ''} onChange={pick('agent')}>
        <option value="">All agents</option>
        {facets.agents.map((a) => <option key={a} value={a}>{a}</option>)}
      </select>
    </div>
  );
}
