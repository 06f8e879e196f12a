import { useState } from 'preact/hooks';
import type { Finding } from '../../src/protocol';
import { Icon } from '../components/Icon';

interface Props {
  /** Undefined until the first check has run. */
  findings?: readonly Finding[];
  onReveal: (finding: Finding) => void;
}

const ICON: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'info' };
const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** The feature's traceability checks (spec.md ↔ tasks.md), as the text stands now, each linked to its line. */
export function FindingsSection({ findings, onReveal }: Props) {
  const errors = findings?.filter((f) => f.severity === 'error').length ?? 0;
  const warnings = findings?.filter((f) => f.severity === 'warning').length ?? 0;
  // Open by default when something needs attention; after that the user's choice stays.
  const [chosen, setChosen] = useState<boolean>();
  const summary = findings === undefined ? 'checking…' : findings.length === 0 ? 'no findings' : `${errors} errors, ${warnings} warnings, ${findings.length - errors - warnings} notes`;
  return (
    <details class="findings" open={chosen ?? errors + warnings > 0} onToggle={(e) => setChosen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <Icon name="checklist" /> Checks <span class="muted">— {summary}</span>
      </summary>
      {findings && findings.length === 0 && <p class="muted">Every requirement is covered by a task and every reference resolves.</p>}
      {findings && findings.length > 0 && (
        <ul>
          {findings.map((f, i) => (
            <li key={`${f.file}:${f.line}:${f.code}:${i}`} class={`finding finding-${f.severity}`}>
              <Icon name={ICON[f.severity]} label={f.severity} />
              <span class="finding-message">{f.message}</span>
              <button type="button" class="link-button" onClick={() => onReveal(f)} title="Show this line in the text editor">
                {fileName(f.file)}:{f.line + 1}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
