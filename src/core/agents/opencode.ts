import { AcpAgent } from './acp/acpAgent';
import { OPENCODE_SETUP } from './agentCatalog';
import type { AgentFactoryOptions } from './agentFactory';
import { detectCli } from './detection';

export const OPENCODE_ID = 'opencode';

/** OpenCode speaks ACP with `opencode acp`, and asks for permission through it. */
export function createOpenCodeAgent(options: AgentFactoryOptions): AcpAgent {
  return new AcpAgent({
    id: OPENCODE_ID,
    label: OPENCODE_SETUP.label,
    detect: (signal) => detectCli({
      names: ['opencode'],
      explicitPath: options.path,
      extraPaths: options.extraPaths,
      searchInstallFolders: options.searchInstallFolders,
      env: options.env,
      setup: OPENCODE_SETUP,
      protocol: 'acp',
      versionTimeoutMs: options.versionTimeoutMs,
      signal,
      runProcess: options.runProcess,
    }),
    acpArgs: ['acp'],
    signInHint: OPENCODE_SETUP.signInHint,
    runtime: { ...options.runtime, env: { ...options.runtime.env, ...options.env } },
  });
}
