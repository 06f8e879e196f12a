import { relative } from 'node:path';
import type { PermissionPolicy } from '../core/agents/permissions';
import type { AgentFlags } from './cliSettings';
import { cliCore } from './follow';
import { generateChain, generateOne } from './generate';
import { ProgressLine } from './progressLine';

export interface NewCommand {
  description: string;
  /** The workspace folder that holds (or will hold) specs/. */
  workspace: string;
  agent?: string;
  timeoutMinutes?: number;
  permissions?: PermissionPolicy;
  /** --agent-command, --agent-arg, --acp, --mode. */
  agentFlags?: AgentFlags;
  json: boolean;
  /** What to generate once the folder exists: its spec (default), the whole chain, or nothing. */
  then: 'spec' | 'all' | 'none';
  /** Folder name words instead of the description's. */
  shortName?: string;
  planPrompt?: string;
  tasksPrompt?: string;
}

/** `specwright new "<description>"`: creates specs/NNN-slug/ and generates its spec (or the chain) from the description. */
export async function runNew(cmd: NewCommand): Promise<number> {
  const core = cliCore({ root: cmd.workspace, agent: cmd.agent, timeoutMinutes: cmd.timeoutMinutes, permissions: cmd.permissions, ...cmd.agentFlags });
  const progress = new ProgressLine(process.stderr, !cmd.json && process.stderr.isTTY === true);
  try {
    const feature = await core.features.create(cmd.description, cmd.shortName ? { shortName: cmd.shortName } : {});
    if (cmd.json) process.stdout.write(`${JSON.stringify({ created: feature.path, name: feature.name })}\n`);
    else process.stdout.write(`✔ created ${relative(process.cwd(), feature.path) || feature.path}\n`);
    if (cmd.then === 'none') return 0;
    const base = { featureDir: feature.path, prompt: cmd.description, agent: cmd.agent, json: cmd.json };
    if (cmd.then === 'all') return await generateChain(core, { ...base, kind: 'all', stagePrompts: { plan: cmd.planPrompt, tasks: cmd.tasksPrompt } }, progress);
    return await generateOne(core, { ...base, kind: 'spec' }, progress);
  } finally {
    progress.clear();
    core.dispose();
  }
}
