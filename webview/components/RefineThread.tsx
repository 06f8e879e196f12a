import type { OperationSummary } from '../../src/protocol';
import { Icon } from './Icon';
import { operationStatusLook } from './status';
import './Refine.css';

interface Props {
  turns: readonly OperationSummary[];
  currentId: string;
  onSelect: (operationId: string) => void;
}

/**
 * The turns of a refine thread as one conversation: the words of each turn (the description, then
 * every follow-up), how it ended and whether the agent continued its session; picking a turn shows
 * its conversation below.
 */
export function RefineThread({ turns, currentId, onSelect }: Props) {
  if (turns.length < 2) return null;
  return (
    <ol class="refine-thread" aria-label={`Thread of ${turns.length} turns`}>
      {turns.map((turn, i) => {
        const look = operationStatusLook[turn.status];
        const current = turn.id === currentId;
        const how = i === 0 ? 'generation' : turn.refine?.resumed ? 'same session' : 'new session';
        return (
          <li key={turn.id} class={`refine-turn${current ? ' current' : ''}`}>
            <button type="button" class="refine-turn-button" aria-current={current ? 'true' : undefined} onClick={() => onSelect(turn.id)}
              title={`Turn ${i + 1} (${how}) by ${turn.agent}: ${look.label}${turn.reason ? ` (${turn.reason})` : ''}`}>
              <span class="refine-turn-number">{i + 1}</span>
              <span class="refine-turn-words">{turn.prompt?.trim() || <span class="muted">(no words)</span>}</span>
              <span class="muted refine-turn-how">{how}</span>
              <Icon name={look.icon} spin={look.spin} label={look.label} class={`tone-${look.tone}`} />
            </button>
          </li>
        );
      })}
    </ol>
  );
}
