import type { AgentActionKind, AgentInfo } from '../../protocol';

/**
 * What only a shell can do for the Agents section: VS Code opens a terminal, writes the
 * clipboard and updates settings; a shell without these (the standalone server) leaves them out.
 */
export interface AgentActionsPort {
  openTerminal?(name: string, command: string): Promise<void>;
  copyText?(text: string): Promise<void>;
  setDefaultAgent?(agentId: string): Promise<void>;
}

export interface ActionResult {
  done: boolean;
  /** What happened, or what the user can do by hand when the shell could not. */
  message?: string;
}

/** Carries out an Agents-section action for one agent through the shell's port. */
export async function performAgentAction(action: AgentActionKind, agent: AgentInfo, port: AgentActionsPort): Promise<ActionResult> {
  switch (action) {
    case 'copyInstall': {
      if (!agent.installCommand) return { done: false, message: `${agent.label} has no install command.` };
      if (!port.copyText) return { done: false, message: agent.installCommand };
      await port.copyText(agent.installCommand);
      return { done: true, message: `Copied: ${agent.installCommand}` };
    }
    case 'openLogin': {
      if (!agent.loginCommand) return { done: false, message: `${agent.label} signs in its own way; see its documentation.` };
      if (!port.openTerminal) return { done: false, message: `Run \`${agent.loginCommand}\` in a terminal.` };
      await port.openTerminal(`Sign in: ${agent.label}`, agent.loginCommand);
      return { done: true, message: `Opened a terminal running \`${agent.loginCommand}\`.` };
    }
    case 'setDefault': {
      if (!port.setDefaultAgent) return { done: false, message: `Pass --agent ${agent.id} to pick it for a run.` };
      await port.setDefaultAgent(agent.id);
      return { done: true, message: `${agent.label} is now the default agent.` };
    }
  }
}
