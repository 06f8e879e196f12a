import { AcpAgent } from './acp/acpAgent';
import { QWEN_SETUP } from './agentCatalog';
import type { AgentFactoryOptions } from './agentFactory';
import { detectCli } from './detection';

export const QWEN_ID = 'qwen';

/** Qwen Code (a Gemini CLI fork) speaks ACP with `qwen --acp`. */
export function createQwenAgent(options: AgentFactoryOptions): AcpAgent {
  return new AcpAgent({
    id: QWEN_ID,
    label: QWEN_SETUP.label,
    detect: (signal) => detectCli({
      names: ['qwen'],
      explicitPath: options.path,
      extraPaths: options.extraPaths,
      searchInstallFolders: options.searchInstallFolders,
      env: options.env,
      setup: QWEN_SETUP,
      protocol: 'acp',
      versionTimeoutMs: options.versionTimeoutMs ?? 20_000,
      signal,
      runProcess: options.runProcess,
    }),
    acpArgs: ['--acp'],
    signInHint: QWEN_SETUP.signInHint,
    runtime: { ...options.runtime, env: { ...options.runtime.env, ...options.env } },
    probeTimeoutMs: 30_000,
  });
}
