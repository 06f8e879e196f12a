/** How Select Agent describes an agent: its state in a word or a version, and what to do about it. */
import type { AgentInfo } from '../protocol';

/** "v1.0.2" for a version number, the word as it is otherwise ("built-in", never "vbuilt-in"). */
export function versionText(version: string): string {
  return /^\d/.test(version) ? `v${version}` : version;
}

export function agentDescription(a: AgentInfo): string {
  if (!a.available) return 'not installed';
  if (a.signedIn === false) return 'not signed in';
  return a.version ? versionText(a.version) : 'available';
}

export function agentDetail(a: AgentInfo): string | undefined {
  if (!a.available) return a.installCommand ? `Install: ${a.installCommand}` : a.hint;
  if (a.signedIn === false) return `Sign in: ${a.loginCommand ?? "see the agent's documentation"}`;
  return undefined;
}
