import type { CoreSettings } from './coreSettings';

/**
 * How a shell tells the user to change a setting: VS Code names its setting, the CLI its flag,
 * environment variable and config-file key. Core messages ("Set … to an executable") go through
 * it, so a hint never names a VS Code setting to someone at a terminal.
 */
export interface SettingHints {
  /** A sentence: how to set `key` to `what` ("an executable that speaks ACP"). */
  set(key: keyof CoreSettings, what: string): string;
}

/** `customCommand` → `custom.command`: the VS Code setting without `specwright.`, and the config file's key path. */
export const SETTING_PATHS: Partial<Record<keyof CoreSettings, string>> = {
  agent: 'agent', timeoutMinutes: 'timeoutMinutes',
  permissionPolicy: 'permissions.policy', permissionTimeoutSeconds: 'permissions.timeoutSeconds',
  copilotPath: 'copilot.path', copilotMode: 'copilot.mode',
  claudePath: 'claude.path', claudeAcpPath: 'claude.acpPath', claudeMode: 'claude.mode',
  geminiPath: 'gemini.path', geminiMode: 'gemini.mode',
  codexPath: 'codex.path', codexAcpPath: 'codex.acpPath', codexMode: 'codex.mode',
  opencodePath: 'opencode.path', qwenPath: 'qwen.path',
  customCommand: 'custom.command', customArgs: 'custom.args', customProtocol: 'custom.protocol',
};

export const vscodeSettingHints: SettingHints = {
  set: (key, what) => `Set specwright.${SETTING_PATHS[key] ?? key} to ${what}.`,
};
