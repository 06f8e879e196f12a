import type { AgentFlags } from './cliSettings';

/** The agent flags in `node:util` parseArgs' terms, shared by every command that runs an agent. */
export const AGENT_FLAG_OPTIONS = {
  'agent-command': { type: 'string' },
  'agent-arg': { type: 'string', multiple: true },
  acp: { type: 'boolean' },
  mode: { type: 'string' },
} as const;

interface ParsedAgentFlags {
  'agent-command'?: string;
  'agent-arg'?: string[];
  acp?: boolean;
  mode?: string;
}

export function agentFlagsOf(values: ParsedAgentFlags): AgentFlags {
  return {
    ...(values['agent-command'] !== undefined ? { agentCommand: values['agent-command'] } : {}),
    ...(values['agent-arg'] !== undefined ? { agentArgs: values['agent-arg'] } : {}),
    ...(values.acp ? { acp: true } : {}),
    ...(values.mode !== undefined ? { mode: values.mode } : {}),
  };
}
