import type { PermissionPolicy } from '../permissions';
import type { PathScope } from './pathScope';

/** What the agent wants to do, as far as a policy needs to know. */
export interface ToolIntent {
  /** ACP ToolKind: read, edit, delete, move, search, execute, think, fetch, switch_mode, other. */
  kind?: string | null;
  /** Files the tool touches, as the agent reported them. */
  paths: readonly string[];
}

const READS = new Set(['read', 'search', 'think']);
const EDITS = new Set(['edit', 'delete', 'move']);

/**
 * Whether the policy grants a tool call without asking. `allowEditsInFeature` lets through
 * reads inside the workspace and edits whose every path is inside the feature folder; a tool
 * that names no path cannot be checked, so it is asked like anything else (shell, network…).
 */
export async function grantedByPolicy(policy: PermissionPolicy, intent: ToolIntent, scope: PathScope): Promise<boolean> {
  if (policy === 'allowAll') return true;
  if (policy === 'ask' || !intent.kind) return false;
  const places = await Promise.all(intent.paths.map(async (p) => (await scope.classify(p)).place));
  if (READS.has(intent.kind)) return places.every((place) => place !== 'outside');
  if (EDITS.has(intent.kind)) return places.length > 0 && places.every((place) => place === 'feature');
  return false;
}

export const POLICY_LABEL: Record<PermissionPolicy, string> = {
  ask: 'ask',
  allowEditsInFeature: 'allow edits in the feature folder',
  allowAll: 'allow all',
};
