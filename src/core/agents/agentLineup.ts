import type { CoreSettings } from '../settings/coreSettings';
import { vscodeSettingHints, type SettingHints } from '../settings/settingHints';
import type { AcpRuntime } from './acp/acpAgent';
import { createClaudeAgent } from './claude';
import type { RunProcess } from './cliAgent';
import { createCodexAgent } from './codex';
import { createCopilotAgents } from './copilotAcp';
import { createCustomAgent } from './custom';
import { createCustomAcpAgent } from './customAcp';
import { createGeminiAgent } from './gemini';
import { createOpenCodeAgent } from './opencode';
import { createQwenAgent } from './qwen';
import { ScaffoldAgent } from './scaffold';
import type { Agent } from '../ports/agent';

export interface LineupOptions {
  runtime: AcpRuntime;
  /** Searched before PATH for every agent (tests point it at fixtures or node_modules/.bin). */
  extraPaths?: readonly string[];
  /** Added to every agent process (tests strip credentials). */
  env?: Record<string, string | undefined>;
  runProcess?: RunProcess;
  /** Look beyond PATH for agent executables; default true (tests turn it off). */
  searchInstallFolders?: boolean;
  /** How hints name a setting in this shell (VS Code's setting names by default). */
  hints?: SettingHints;
}

/** The settings that change which agents exist or how they start; a change rebuilds them. */
export function lineupKey(s: CoreSettings): string {
  return JSON.stringify([
    s.copilotPath, s.copilotMode, s.customCommand, s.customArgs, s.customProtocol,
    s.claudePath, s.claudeAcpPath, s.claudeMode, s.geminiPath, s.geminiMode,
    s.codexPath, s.codexAcpPath, s.codexMode, s.opencodePath, s.qwenPath,
  ]);
}

/** Every agent Specwright knows, configured from the settings, in the order the UI lists them. */
export function buildLineup(s: CoreSettings, options: LineupOptions): Agent[] {
  const hints = options.hints ?? vscodeSettingHints;
  const common = { extraPaths: options.extraPaths, env: options.env, runtime: options.runtime, runProcess: options.runProcess, searchInstallFolders: options.searchInstallFolders };
  return [
    createCopilotAgents({ ...common, path: s.copilotPath, mode: s.copilotMode }),
    createClaudeAgent({ ...common, path: s.claudePath, acpPath: s.claudeAcpPath, mode: s.claudeMode }),
    createGeminiAgent({ ...common, path: s.geminiPath, mode: s.geminiMode }),
    createCodexAgent({ ...common, path: s.codexPath, acpPath: s.codexAcpPath, mode: s.codexMode }),
    createOpenCodeAgent({ ...common, path: s.opencodePath }),
    createQwenAgent({ ...common, path: s.qwenPath }),
    s.customProtocol === 'acp'
      ? createCustomAcpAgent({ command: s.customCommand, args: s.customArgs, extraPaths: options.extraPaths, runtime: options.runtime, hints })
      : createCustomAgent({ command: s.customCommand, args: s.customArgs, extraPaths: options.extraPaths, runProcess: options.runProcess, hints }),
    new ScaffoldAgent(),
  ];
}
