import type { ClaudeMode } from './agents/claude';
import type { CodexMode } from './agents/codex';
import type { CopilotMode } from './agents/copilotAcp';
import type { GeminiMode } from './agents/gemini';
import type { PermissionPolicy } from './agents/permissions';

/** What the core needs from the user's settings; each shell (VS Code, CLI) fills it its own way. */
export interface CoreSettings {
  /** 'auto' picks Copilot when it is installed, else the offline scaffold. */
  agent: string;
  timeoutMinutes: number;
  copilotPath?: string;
  customCommand?: string;
  customArgs: string[];
  /** What agents may do without asking (see agents/permissions.ts); 'ask' when absent. */
  permissionPolicy?: PermissionPolicy;
  /** An unanswered permission question is rejected after this long. */
  permissionTimeoutSeconds?: number;
  copilotMode?: CopilotMode;
  /** 'acp': the custom command speaks the Agent Client Protocol; 'text' (default): its stdout is the answer. */
  customProtocol?: 'text' | 'acp';
  claudePath?: string;
  /** Where claude-agent-acp is, when not on PATH. */
  claudeAcpPath?: string;
  claudeMode?: ClaudeMode;
  geminiPath?: string;
  geminiMode?: GeminiMode;
  codexPath?: string;
  codexMode?: CodexMode;
  opencodePath?: string;
  qwenPath?: string;
}

export const DEFAULT_SETTINGS: CoreSettings = {
  agent: 'auto',
  timeoutMinutes: 10,
  customArgs: ['{prompt}'],
};
