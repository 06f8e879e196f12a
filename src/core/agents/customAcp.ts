import * as path from 'node:path';
import { vscodeSettingHints, type SettingHints } from '../settings/settingHints';
import { AcpAgent, type AcpRuntime } from './acp/acpAgent';
import { CUSTOM_ID, substituteArgs } from './custom';
import type { AgentRequest } from '../ports/agent';
import { which } from './which';

export interface CustomAcpOptions {
  /** `specwright.custom.command`: any executable that speaks ACP on stdio. */
  command?: string;
  /** `specwright.custom.args`, used as they are (an ACP agent gets its prompt through the protocol). */
  args: readonly string[];
  extraPaths?: readonly string[];
  runtime: AcpRuntime;
  hints?: SettingHints;
}

/** The custom agent when `specwright.custom.protocol` is "acp". */
export function createCustomAcpAgent(options: CustomAcpOptions): AcpAgent {
  const command = options.command?.trim() ?? '';
  const hints = options.hints ?? vscodeSettingHints;
  const label = command ? `Custom ACP agent (${path.basename(command)})` : 'Custom ACP agent';
  // The prompt travels through the protocol: arguments that would carry it are dropped.
  const template = options.args.filter((a) => !/\{(prompt|docPath)\}/.test(a));
  const args = (request?: AgentRequest) => (request ? substituteArgs(template, request) : template.filter((a) => !/\{\w+\}/.test(a)));
  return new AcpAgent({
    id: CUSTOM_ID,
    label,
    detect: async () => {
      if (!command) return { id: CUSTOM_ID, available: false, hint: hints.set('customCommand', 'an executable that speaks ACP'), protocol: 'acp' };
      // An arbitrary command may not know `--version`, and running it could act: only resolve it.
      const found = await which(command, { extraPaths: options.extraPaths });
      return found
        ? { id: CUSTOM_ID, available: true, path: found, protocol: 'acp' }
        : { id: CUSTOM_ID, available: false, hint: `${command} was not found on PATH. ${hints.set('customCommand', 'an executable')}`, protocol: 'acp' };
    },
    acpArgs: args,
    signInHint: 'Sign in the way the agent documents, then run again.',
    runtime: options.runtime,
  });
}
