import type { DiffChange, DiffSection, DocumentDiff } from '../../src/protocol/diff';
import { Icon } from './Icon';
import { WordDiff } from './WordDiff';

const LOOK: Record<DiffChange['kind'], { label: string; icon: string }> = {
  added: { label: 'Added', icon: 'diff-added' },
  removed: { label: 'Removed', icon: 'diff-removed' },
  modified: { label: 'Modified', icon: 'diff-modified' },
  renumbered: { label: 'Renumbered', icon: 'diff-renamed' },
};

/** The semantic diff of two versions: a section per kind of item, a row per change. */
export function SemanticDiff({ diff }: { diff: DocumentDiff }) {
  return (
    <div class="semantic-diff">
      {diff.sections.map((s) => <DiffSectionView key={s.key} section={s} />)}
    </div>
  );
}

function DiffSectionView({ section }: { section: DiffSection }) {
  const ledger = section.key === 'requirements' || section.key === 'successCriteria';
  return (
    <section class="diff-section" aria-label={section.title}>
      <h3 class="diff-section-title">
        {section.title}
        <span class="muted">{section.changes.length ? ` ${section.changes.length} changed` : ' no changes'}{section.unchanged ? ` · ${section.unchanged} unchanged` : ''}</span>
      </h3>
      {section.changes.length > 0 && (
        <ul class="diff-changes">
          {section.changes.map((c, i) => <ChangeRow key={`${c.kind}-${c.fromId ?? ''}-${c.id}-${i}`} change={c} ledger={ledger} />)}
        </ul>
      )}
    </section>
  );
}

function ChangeRow({ change: c, ledger }: { change: DiffChange; ledger: boolean }) {
  const look = LOOK[c.kind];
  return (
    <li class={`diff-change diff-${c.kind}`}>
      <div class="diff-change-head">
        <Icon name={look.icon} class={`diff-icon diff-icon-${c.kind}`} label={look.label} />
        <span class="diff-id">{c.kind === 'renumbered' ? <>{c.fromId || 'no id'} <span aria-label="became">→</span> {c.id || 'no id'}</> : c.id || 'no id'}</span>
        <span class={`diff-kind diff-kind-${c.kind}`}>{look.label}</span>
        {c.reusedId && <span class="diff-flag diff-flag-error" title={`${c.id} named something else before: ids are for ever`}><Icon name="error" /> id reused</span>}
        {ledger && c.kind === 'removed' && (c.retired
          ? <span class="diff-flag" title="Recorded under Retired requirements">retired{c.retired.date ? ` ${c.retired.date}` : ''}</span>
          : <span class="diff-flag diff-flag-warning" title="Record it under ## Retired requirements so its id is never used again"><Icon name="warning" /> not retired</span>)}
      </div>
      <p class="diff-text">
        {c.words ? <WordDiff parts={c.words} /> : c.kind === 'removed' ? <del>{c.before}</del> : c.kind === 'added' ? <ins>{c.after}</ins> : c.after}
      </p>
      {ledger && c.kind === 'removed' && c.retired?.reason && <p class="diff-note muted">Reason: {c.retired.reason}</p>}
    </li>
  );
}
