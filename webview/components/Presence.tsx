import { Icon } from './Icon';

/** How many viewers (VS Code views and browser tabs) follow this host right now, this one included. */
export function Presence({ viewers }: { viewers: number }) {
  if (viewers <= 0) return null;
  const text = `${viewers} viewer${viewers === 1 ? '' : 's'}`;
  return (
    <span class="presence-count muted" title="Views and browser tabs connected to this Specwright" data-viewers={viewers} aria-live="polite">
      <Icon name={viewers > 1 ? 'organization' : 'person'} /> {text}
    </span>
  );
}
