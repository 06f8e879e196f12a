import * as vscode from 'vscode';
import { PERMISSION_POLICIES } from '../core/agents/permissions';
import { DEFAULT_SETTINGS, type CoreSettings } from '../core/settings/coreSettings';
import { SETTING_PATHS } from '../core/settings/settingHints';
import { EXECUTABLE_SETTINGS, layerSettingsFile, readSettingsFile, SETTINGS_FILES, type SettingsFileResult } from '../core/settings/settingsFile';

/**
 * The settings Specwright runs with: `specwright.*` settings the user set win, then the first
 * workspace folder's `.specwright/config.json` (or `specwright.json`, the file the CLI reads too),
 * then the defaults. In an untrusted workspace the file's executables are ignored, as VS Code
 * ignores workspace values of the restricted settings.
 */
export function readSettings(): CoreSettings {
  const c = vscode.workspace.getConfiguration('specwright');
  const trusted = vscode.workspace.isTrusted;
  const file = settingsFileOfWorkspace(trusted);
  const setByUser = new Set<keyof CoreSettings>();
  for (const [key, path] of Object.entries(SETTING_PATHS) as [keyof CoreSettings, string][]) {
    const i = c.inspect(path);
    const inWorkspace = i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
    if (i?.globalValue !== undefined || (inWorkspace && (trusted || !EXECUTABLE_SETTINGS.includes(key)))) setByUser.add(key);
  }
  return layerSettingsFile(readVsCodeSettings(c), setByUser, file.settings);
}

/** The settings file of the first workspace folder that has one (local folders only). */
export function settingsFileOfWorkspace(trusted = vscode.workspace.isTrusted): SettingsFileResult {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const found = readSettingsFile(folder.uri.fsPath, { trusted });
    if (found.file) return found;
  }
  return { settings: {}, ignored: [] };
}

/** Refreshes Specwright when a workspace's settings file is created, changed or deleted. */
export function watchSettingsFiles(onChange: () => void): vscode.Disposable {
  const watchers = SETTINGS_FILES.map((name) => vscode.workspace.createFileSystemWatcher(`**/${name.replace(/\\/g, '/')}`));
  for (const w of watchers) {
    w.onDidCreate(onChange);
    w.onDidChange(onChange);
    w.onDidDelete(onChange);
  }
  return vscode.Disposable.from(...watchers);
}

function readVsCodeSettings(c: vscode.WorkspaceConfiguration): CoreSettings {
  const text = (key: string) => c.get<string>(key)?.trim() || undefined;
  return {
    agent: text('agent') ?? DEFAULT_SETTINGS.agent,
    timeoutMinutes: c.get<number>('timeoutMinutes') ?? DEFAULT_SETTINGS.timeoutMinutes,
    copilotPath: text('copilot.path'),
    customCommand: text('custom.command'),
    customArgs: c.get<string[]>('custom.args') ?? DEFAULT_SETTINGS.customArgs,
    ...readAgentSettings(c, text),
    ...readRunSettings(c),
  };
}

/** Run All Ready Tasks and the journal's retention (package.json holds the defaults and bounds). */
function readRunSettings(c: vscode.WorkspaceConfiguration): Partial<CoreSettings> {
  return {
    taskConcurrency: c.get<number>('tasks.concurrency'),
    taskContinueOnFailure: c.get<boolean>('tasks.continueOnFailure'),
    taskPauseEvery: c.get<number>('tasks.pauseEvery'),
    journalMaxOperations: c.get<number>('journal.maxOperations'),
    journalMaxAgeDays: c.get<number>('journal.maxAgeDays'),
  };
}

/** The agent and permission settings (one of a fixed set, or a path). */
function readAgentSettings(c: vscode.WorkspaceConfiguration, text: (key: string) => string | undefined): Partial<CoreSettings> {
  const oneOf = <T extends string>(key: string, values: readonly T[]): T | undefined => {
    const value = c.get<string>(key);
    return values.find((v) => v === value);
  };
  return {
    permissionPolicy: oneOf('permissions.policy', PERMISSION_POLICIES) ?? 'ask',
    permissionTimeoutSeconds: c.get<number>('permissions.timeoutSeconds'),
    copilotMode: oneOf('copilot.mode', ['jsonl', 'acp'] as const),
    customProtocol: oneOf('custom.protocol', ['text', 'acp'] as const),
    claudePath: text('claude.path'),
    claudeAcpPath: text('claude.acpPath'),
    claudeMode: oneOf('claude.mode', ['auto', 'acp', 'stream-json'] as const),
    geminiPath: text('gemini.path'),
    geminiMode: oneOf('gemini.mode', ['acp', 'stream-json'] as const),
    codexPath: text('codex.path'),
    codexMode: oneOf('codex.mode', ['exec', 'acp'] as const),
    codexAcpPath: text('codex.acpPath'),
    opencodePath: text('opencode.path'),
    qwenPath: text('qwen.path'),
  };
}
