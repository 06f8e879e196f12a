/** Hub request handlers of the agents: permission answers, detection, and the Agents section's actions. */
import type { AgentInfo } from '../../protocol';
import { performAgentAction, type AgentActionsPort } from '../agents/agentActions';
import type { PermissionBroker } from '../agents/permissions';
import { HubError } from '../hub/errors';
import type { RequestHandlers } from '../hub/requests';

export interface AgentHandlerDeps {
  permissions: PermissionBroker;
  /** Detects every agent afresh and tells every client (a new snapshot). */
  detectAgents: (options: { probeSignIn?: boolean }) => Promise<AgentInfo[]>;
  /** What the host knows of one agent, for its actions. */
  agentInfo: (agentId: string) => Promise<AgentInfo | undefined>;
  /** Terminal, clipboard and settings; absent in the standalone server (each action then says so). */
  agentActions?: AgentActionsPort;
}

export type AgentMethods = 'answerPermission' | 'detectAgents' | 'agentAction';

export function agentHandlers({ permissions, detectAgents, agentInfo, agentActions }: AgentHandlerDeps): Pick<RequestHandlers, AgentMethods> {
  return {
    answerPermission: async (params) => {
      const result = permissions.answer(params.permissionId, params.optionId);
      if (result === 'unknown') throw new HubError('not_found', 'This question was already answered, or it expired.');
      if (result === 'invalidOption') throw new HubError('invalid_params', `"${params.optionId}" is not one of the offered answers.`);
      return { accepted: true };
    },
    detectAgents: async (params) => ({ agents: await detectAgents({ probeSignIn: params?.probeSignIn }) }),
    agentAction: async (params) => {
      const agent = await agentInfo(params.agentId);
      if (!agent) throw new HubError('not_found', `No agent named "${params.agentId}".`);
      return performAgentAction(params.action, agent, agentActions ?? {});
    },
  };
}
