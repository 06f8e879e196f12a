import type { OperationSummary } from '../../src/protocol';
import { Icon } from './Icon';
import { formatTime, kindLabel, operationStatusLook } from './status';

interface Props {
  operations: readonly OperationSummary[];
  currentId?: string;
  /** The user picked one (rather than following the newest running). */
  pinned: boolean;
  onSelect: (operationId: string | undefined) => void;
}

/** The operations of this session, newest first; picking one shows its conversation. */
export function OperationSwitcher({ operations, currentId, pinned, onSelect }: Props) {
  if (operations.length === 0) return null;
  return (
    <div class="switcher-wrap">
      {pinned && (
        <button type="button" class="link-button follow-latest" title="Show the newest running operation again" onClick={() => onSelect(undefined)}>
          Follow latest
        </button>
      )}
      <details class="switcher">
      <summary>
        <Icon name="history" />
        <span>Operations</span>
        <vscode-badge variant="counter">{operations.length}</vscode-badge>
      </summary>
      <ul class="switcher-list">
        {operations.map((op) => {
          const look = operationStatusLook[op.status];
          const current = op.id === currentId;
          return (
            <li key={op.id}>
              <button
                type="button"
                class={`switcher-item${current ? ' current' : ''}`}
                aria-current={current ? 'true' : undefined}
                title={`${op.featureName} — ${kindLabel[op.kind]} by ${op.agent}: ${look.label}${op.reason ? ` (${op.reason})` : ''}`}
                onClick={() => onSelect(op.id)}
              >
                <Icon name={look.icon} spin={look.spin} label={look.label} class={`tone-${look.tone}`} />
                <span class="switcher-name">{op.featureName}</span>
                <span class="muted">{kindLabel[op.kind]}</span>
                <span class="muted switcher-time">{formatTime(op.createdAt)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      </details>
    </div>
  );
}
