import * as vscode from 'vscode';
import { PERMISSION_POLICIES } from '../core/agents/permissions';
import { DEFAULT_SETTINGS, type CoreSettings } from '../core/settings';

/** Reads `specwright.*` settings; empty strings mean "not set". */
export function readSettings(): CoreSettings {
  const c = vscode.workspace.getConfiguration('specwright');
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
    opencodePath: text('opencode.path'),
    qwenPath: text('qwen.path'),
  };
}
