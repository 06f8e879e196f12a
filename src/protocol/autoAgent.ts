import type { AgentInfo } from './hub';

/** What the `auto` agent setting runs, in words, with the one step that gets a better agent. */
export interface AutoChoice {
  /** The agent `auto` runs now: Copilot when installed, else the offline scaffold. */
  id: string;
  label: string;
  /** One line: how to get the better agent (install or sign in), absent when nothing is missing. */
  better?: string;
}

const COPILOT = 'copilot';
const SCAFFOLD = 'scaffold';

/**
 * Mirrors `AgentRegistry.pickDefault` for `auto` (Copilot when it is available, else the
 * scaffold), from what the clients know: the detections in the snapshot.
 */
export function autoChoice(agents: readonly AgentInfo[]): AutoChoice {
  const copilot = agents.find((a) => a.id === COPILOT);
  const scaffold = agents.find((a) => a.id === SCAFFOLD);
  if (copilot?.available) {
    return copilot.signedIn === false
      ? { id: COPILOT, label: copilot.label, better: `${copilot.label} is installed but not signed in: run ${copilot.loginCommand ?? 'its login command'} in a terminal.` }
      : { id: COPILOT, label: copilot.label };
  }
  const label = scaffold?.label ?? 'Offline scaffold (no AI)';
  const install = copilot?.installCommand;
  const better = copilot
    ? /^Checking/.test(copilot.hint ?? '')
      ? undefined
      : `For AI-written documents install ${copilot.label}${install ? ` (${install})` : ''} and sign in, or pick another agent.`
    : undefined;
  return { id: SCAFFOLD, label, ...(better ? { better } : {}) };
}

/** The label an agent picker shows for `auto`: "Auto (Offline scaffold (no AI))" reads badly, so a dash. */
export const autoLabel = (choice: AutoChoice): string => `Auto — ${choice.label}`;
