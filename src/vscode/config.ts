import * as vscode from 'vscode';
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
  };
}
