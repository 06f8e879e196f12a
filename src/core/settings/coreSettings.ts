/**
 * What Specwright lets an agent do without asking:
 * - `ask`: every permission request of the agent is a question in the conversation;
 * - `allowEditsInFeature`: edits inside the feature folder and reads inside the workspace go
 *   through, everything else is asked;
 * - `allowAll`: the agent's requests are granted (writes outside the workspace stay refused).
 */
export type PermissionPolicy = 'ask' | 'allowEditsInFeature' | 'allowAll';
export const PERMISSION_POLICIES: readonly PermissionPolicy[] = ['ask', 'allowEditsInFeature', 'allowAll'];
export const isPermissionPolicy = (value: unknown): value is PermissionPolicy => PERMISSION_POLICIES.includes(value as PermissionPolicy);

/** How each agent is spoken to (agents/claude.ts, codex.ts, copilotAcp.ts, gemini.ts say what each mode runs). */
export type ClaudeMode = 'auto' | 'acp' | 'stream-json';
export type CodexMode = 'exec' | 'acp';
export type CopilotMode = 'jsonl' | 'acp';
export type GeminiMode = 'acp' | 'stream-json';


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
  /** Where codex-acp is, when not on PATH. */
  codexAcpPath?: string;
  opencodePath?: string;
  qwenPath?: string;
  /** Run All Ready Tasks: how many tasks may run at once (default 1). */
  taskConcurrency?: number;
  /** Run All Ready Tasks: carry on with the tasks that do not depend on a failed one (default: stop). */
  taskContinueOnFailure?: boolean;
  /** Run All Ready Tasks: pause for review after this many tasks (0, the default: never). */
  taskPauseEvery?: number;
  /** The journal keeps at most this many operations (default 200)… */
  journalMaxOperations?: number;
  /** …and none older than this many days (default 30; 0: no age limit). */
  journalMaxAgeDays?: number;
}

export const DEFAULT_SETTINGS: CoreSettings = {
  agent: 'auto',
  timeoutMinutes: 10,
  customArgs: ['{prompt}'],
};
