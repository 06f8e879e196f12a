import { pickOption, type AskContext, type PermissionBroker, type PermissionOption, type PermissionPolicy } from '../permissions';
import type { PathScope } from './pathScope';
import { grantedByPolicy, POLICY_LABEL } from './permissionRules';
import type { Acp } from './sdk';

export interface PermissionDeps {
  label: string;
  broker: PermissionBroker;
  policy: PermissionPolicy;
  scope: PathScope;
  ctx: AskContext;
}

/**
 * Answers ACP `session/request_permission`: the policy may grant it at once (said in the
 * conversation, so nothing happens silently); otherwise the user is asked, with the agent's
 * own options as the buttons.
 */
export async function answerPermissionRequest(request: Acp.RequestPermissionRequest, deps: PermissionDeps): Promise<Acp.RequestPermissionResponse> {
  const options: PermissionOption[] = request.options.map((o) => ({ id: o.optionId, label: o.name, kind: o.kind }));
  const title = request.toolCall.title ?? 'use a tool';
  const paths = (request.toolCall.locations ?? []).map((l) => l.path);

  if (await grantedByPolicy(deps.policy, { kind: request.toolCall.kind, paths }, deps.scope)) {
    // "Once", not "always": the policy is Specwright's to apply, the agent must keep asking.
    const allow = pickOption(options, ['allow_once', 'allow_always']);
    if (allow) {
      deps.ctx.emit({ kind: 'info', text: `Allowed by the “${POLICY_LABEL[deps.policy]}” policy: ${title}` });
      return { outcome: { outcome: 'selected', optionId: allow.id } };
    }
  }

  const where = paths.length ? ` (${paths.map((p) => deps.scope.display(p)).join(', ')})` : '';
  const answer = await deps.broker.ask({ question: `${deps.label} wants to: ${title}${where}`, options }, deps.ctx);
  return answer.outcome === 'selected' ? { outcome: { outcome: 'selected', optionId: answer.optionId } } : { outcome: { outcome: 'cancelled' } };
}
