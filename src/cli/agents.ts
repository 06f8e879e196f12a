import type { AgentInfo } from '../protocol';
import type { AgentFlags } from './cliSettings';
import { cliCore } from './follow';

export interface AgentsCommand {
  json: boolean;
  /** Skip the sign-in probes (they start each installed ACP agent once). */
  quick: boolean;
  workspace: string;
  agentFlags?: AgentFlags;
}

/** `specwright agents [--json]`: which agents are installed, where, which version, signed in or not, and what to do next. */
export async function runAgents(cmd: AgentsCommand): Promise<number> {
  const core = cliCore({ root: cmd.workspace, ...cmd.agentFlags });
  try {
    const agents = await core.detectAgents({ probeSignIn: !cmd.quick });
    process.stdout.write(cmd.json ? `${JSON.stringify(agents, null, 2)}\n` : formatAgents(agents));
    return 0;
  } finally {
    core.dispose();
  }
}

const yesNo = (value: boolean | undefined): string => (value === undefined ? '?' : value ? 'yes' : 'no');

/** A table a terminal can show, then one line per agent that needs something done. */
export function formatAgents(agents: readonly AgentInfo[]): string {
  const rows = [
    ['ID', 'INSTALLED', 'VERSION', 'SIGNED IN', 'VIA', 'PATH'],
    ...agents.map((a) => [a.id, yesNo(a.available), a.version ?? '', a.available && a.protocol ? yesNo(a.signedIn) : '', a.protocol ?? '', a.path ?? '']),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const table = rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd()).join('\n');
  const todo = agents
    .map((a) => {
      if (!a.available) return `  ${a.id}: ${a.hint ?? 'not installed'}`;
      if (a.signedIn === false) return `  ${a.id}: not signed in. ${a.hint ?? (a.loginCommand ? `Run \`${a.loginCommand}\` in a terminal.` : '')}`.trimEnd();
      return undefined;
    })
    .filter((line): line is string => line !== undefined);
  return `${table}\n${todo.length ? `\nTo do:\n${todo.join('\n')}\n` : ''}`;
}
