import type { OperationSummary } from '../../src/protocol';
import { isActive } from '../state';
import { Elapsed } from './Elapsed';
import { Icon } from './Icon';
import { OperationFacts } from './OperationFacts';
import { basename, kindLabel, operationStatusLook } from './status';

interface Props {
  op: OperationSummary;
  agentLabel: string;
  cancelling: boolean;
  onCancel: (operationId: string) => void;
  /** The list below shows the reason as an error row already. */
  reasonInList?: boolean;
}

export function OperationHeader({ op, agentLabel, cancelling, onCancel, reasonInList = false }: Props) {
  const look = operationStatusLook[op.status];
  const running = isActive(op.status);
  return (
    <header class="op-header" aria-label="Current operation">
      <div class="op-title-row">
        <h2 class="op-title" title={op.feature}>
          <Icon name="file-text" />
          <span class="op-feature">{op.featureName}</span>
          <span class="op-kind">{kindLabel[op.kind]}</span>
        </h2>
        {running && (
          <vscode-button
            secondary
            icon="debug-stop"
            disabled={cancelling}
            title="Stop the agent and put the previous document back"
            onClick={() => onCancel(op.id)}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </vscode-button>
        )}
      </div>
      <div class="op-meta">
        <span class={`op-status tone-${look.tone}`} role="status">
          <Icon name={look.icon} spin={look.spin} />
          {look.label}
        </span>
        <span class="sep" aria-hidden="true">·</span>
        <span class="op-agent" title={op.model ? `Agent and model` : 'Agent'}>
          <Icon name="hubot" /> {agentLabel}
          {op.model && <span class="op-model">{` · ${op.model}`}</span>}
        </span>
        <span class="sep" aria-hidden="true">·</span>
        <Elapsed op={op} />
        {op.document && (
          <>
            <span class="sep" aria-hidden="true">·</span>
            <span class="op-document" title={op.document}>
              {basename(op.document)}
            </span>
          </>
        )}
      </div>
      <OperationFacts op={op} />
      {op.reason && !running && !reasonInList && <p class={`op-reason tone-${look.tone}`}>{op.reason}</p>}
    </header>
  );
}
