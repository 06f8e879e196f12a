import { useEffect, useMemo, useState } from 'preact/hooks';
import { DiffVersionsResult, ImpactedTasksResult, ListVersionsResult, summarizeSections, type DiffDocument, type DocumentDiff, type ImpactedTask, type VersionInfo } from '../../src/protocol';
import { Icon } from '../components/Icon';
import { SemanticDiff } from '../components/SemanticDiff';
import '../components/Compare.css';
import type { CompareTarget, Store, UiState } from '../state';

interface Props {
  state: UiState;
  store: Store;
  /** Sides the host asked for (VS Code's Compare Requirements, a CodeLens); the user's picks win until the next ask. */
  target?: CompareTarget;
}

/** "previous": the newest kept version that differs from the other side (the host resolves it). */
const PREVIOUS = 'previous';

/**
 * History → Compare: pick a feature, spec.md or tasks.md, and two of its versions; the host
 * answers with the semantic diff (requirements, success criteria, stories, tasks) shown as rows.
 */
export function CompareView({ state, store, target }: Props) {
  const features = state.features;
  const initialFeature = target?.feature ?? state.draft.feature ?? state.selectedFeature ?? features[0]?.path;
  const [feature, setFeature] = useState<string | undefined>(initialFeature);
  const [document, setDocument] = useState<DiffDocument>(target?.document ?? 'spec');
  const [from, setFrom] = useState<string>(target?.from ?? PREVIOUS);
  const [to, setTo] = useState<string>(target?.to ?? 'current');
  const [listId, setListId] = useState<string>();
  const [diffId, setDiffId] = useState<string>();
  const [impactId, setImpactId] = useState<string>();
  const [reload, setReload] = useState(0);

  // A new ask from the host replaces the picks.
  useEffect(() => {
    if (!target) return;
    setFeature(target.feature);
    setDocument(target.document);
    setFrom(target.from ?? PREVIOUS);
    setTo(target.to ?? 'current');
  }, [target?.at]);
  useEffect(() => {
    if (feature === undefined && features[0]) setFeature(features[0].path);
  }, [features, feature]);

  useEffect(() => {
    if (feature) setListId(store.request('listVersions', { feature, document }));
  }, [feature, document, reload]);
  useEffect(() => {
    if (feature) setDiffId(store.request('diffVersions', { feature, document, from, to }));
  }, [feature, document, from, to, reload]);
  useEffect(() => {
    if (feature) setImpactId(store.request('impactedTasks', { feature }));
  }, [feature, reload]);

  const versions = useMemo(() => {
    const r = state.runResults?.listVersions;
    if (!r || r.requestId !== listId) return undefined;
    const parsed = ListVersionsResult.safeParse(r.result);
    return parsed.success ? parsed.data.versions : undefined;
  }, [state.runResults?.listVersions, listId]);
  const diff = useMemo((): DocumentDiff | undefined => {
    const r = state.runResults?.diffVersions;
    if (!r || r.requestId !== diffId) return undefined;
    const parsed = DiffVersionsResult.safeParse(r.result);
    return parsed.success ? parsed.data : undefined;
  }, [state.runResults?.diffVersions, diffId]);
  const impacted = useMemo((): readonly ImpactedTask[] => {
    const r = state.runResults?.impactedTasks;
    if (!r || r.requestId !== impactId) return [];
    const parsed = ImpactedTasksResult.safeParse(r.result);
    return parsed.success ? parsed.data.tasks : [];
  }, [state.runResults?.impactedTasks, impactId]);
  const error = state.requestError && (state.requestError.id === diffId || state.requestError.id === listId) ? state.requestError.message : undefined;
  const loading = !error && diffId !== undefined && !!state.pending[diffId];

  if (!features.length) {
    // Before the host's welcome the list is not known yet: say so rather than "none".
    return state.welcomed
      ? <p class="muted compare-empty">No feature folders (specs/NNN-name/) in this workspace yet.</p>
      : <p class="muted compare-empty" role="status"><Icon name="loading" spin /> Loading the features…</p>;
  }
  const options = (selected: string, includePrevious: boolean) => sideOptions(versions, selected, includePrevious);
  const swap = () => {
    if (from === PREVIOUS) return;
    setFrom(to);
    setTo(from);
  };

  return (
    <div class="compare">
      <div class="compare-pickers" role="group" aria-label="What to compare">
        <select aria-label="Feature" value={feature ?? ''} onChange={(e) => setFeature((e.currentTarget as HTMLSelectElement).value)}>
          {features.map((f) => <option key={f.path} value={f.path}>{f.name}</option>)}
        </select>
        <div class="compare-doc" role="radiogroup" aria-label="Document">
          {(['spec', 'tasks'] as const).map((d) => (
            <button key={d} type="button" role="radio" aria-checked={document === d} class={document === d ? 'active' : ''}
              onClick={() => { setDocument(d); setFrom(PREVIOUS); setTo('current'); }}>{d}.md</button>
          ))}
        </div>
        <button type="button" class="icon-button" title="Compare again (documents changed)" aria-label="Compare again" onClick={() => setReload((n) => n + 1)}><Icon name="refresh" /></button>
      </div>
      <div class="compare-sides" role="group" aria-label="Versions">
        <label>
          <span class="muted">From</span>
          <select aria-label="From version" value={from} onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}>{options(from, true)}</select>
        </label>
        <button type="button" class="icon-button" title="Swap the two sides" aria-label="Swap the two sides" disabled={from === PREVIOUS} onClick={swap}><Icon name="arrow-swap" /></button>
        <label>
          <span class="muted">To</span>
          <select aria-label="To version" value={to} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}>{options(to, false)}</select>
        </label>
      </div>
      {impacted.length > 0 && (
        <div class="compare-impact" role="note">
          <p>
            <Icon name="warning" class="tone-warning" /> {impacted.length} task{impacted.length === 1 ? ' cites' : 's cite'} requirements changed since tasks.md was written:{' '}
            {impacted.map((t) => `${t.id ?? t.key} (${t.requirements.map((r) => `${r.id} ${r.change}`).join(', ')})`).join('; ')}.
          </p>
          {!(document === 'spec' && from === 'basis' && to === 'current') && (
            <button type="button" class="link-button" onClick={() => { setDocument('spec'); setFrom('basis'); setTo('current'); }}>Compare with the spec the tasks were written from</button>
          )}
        </div>
      )}
      {error && <p class="compare-message" role="alert"><Icon name="info" /> {error}</p>}
      {loading && <p class="muted compare-message" role="status"><Icon name="loading" spin /> Comparing…</p>}
      {diff && !error && (
        <>
          <p class="compare-summary" role="status"><strong>{capitalise(summarizeSections(diff.sections, ' · '))}</strong></p>
          {diff.from.reason === 'before-generation' && diff.from.prompt && (
            <p class="compare-prompt muted" title={diff.from.prompt}>{diff.from.label.split(' · ')[0]}: kept before the run asked “{diff.from.prompt}”</p>
          )}
          <SemanticDiff diff={diff} />
        </>
      )}
    </div>
  );
}

function sideOptions(versions: readonly VersionInfo[] | undefined, selected: string, includePrevious: boolean) {
  const list = [...(versions ?? [])];
  const known = new Set(list.map((v) => v.ref));
  const out = [];
  if (includePrevious) out.push(<option key={PREVIOUS} value={PREVIOUS}>Previous version</option>);
  for (const v of list) out.push(<option key={v.ref} value={v.ref} title={v.prompt ?? v.label}>{optionLabel(v)}</option>);
  // A side the host named but the list does not hold (yet): still selectable, shown as is.
  if (!known.has(selected) && selected !== PREVIOUS) out.push(<option key={selected} value={selected}>{selected}</option>);
  return out;
}

function optionLabel(v: VersionInfo): string {
  if (v.kind === 'current') return 'Current';
  if (v.kind === 'basis') return 'Spec the tasks were written from';
  const when = v.createdAt === undefined ? v.label : new Date(v.createdAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const why = v.reason === 'before-generation' ? 'before a generation' : v.reason === 'failed-output' ? 'failed run output' : v.reason === 'restore' ? 'before a restore' : v.reason ?? '';
  return `${when} · ${why}${v.agent ? ` · ${v.agent}` : ''}`;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
