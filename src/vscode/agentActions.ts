import * as vscode from 'vscode';
import type { AgentActionsPort } from '../core/agents/agentActions';

/**
 * The Agents section's one-click actions, done by VS Code: a terminal running the sign-in
 * command (sign-in is interactive: a browser, a device code, a menu), the clipboard, and the
 * `specwright.agent` setting at the scope it is already set in.
 */
export function vscodeAgentActions(): AgentActionsPort {
  return {
    async openTerminal(name, command) {
      const terminal = vscode.window.createTerminal({ name, cwd: vscode.workspace.workspaceFolders?.[0]?.uri });
      terminal.show();
      terminal.sendText(command, true);
    },
    async copyText(text) {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Copied: ${text}`);
    },
    async setDefaultAgent(agentId) {
      const config = vscode.workspace.getConfiguration('specwright');
      const inspected = config.inspect<string>('agent');
      const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('agent', agentId, target);
    },
  };
}
