/** What a user needs to get an agent working; shown in the Agents section and `specwright agents`. */
export interface AgentSetup {
  id: string;
  label: string;
  installCommand: string;
  /** Interactive: run in a terminal. */
  loginCommand?: string;
  /** Shown when the agent says it has no credentials. */
  signInHint: string;
}

export const CLAUDE_SETUP: AgentSetup = {
  id: 'claude',
  label: 'Claude Code',
  installCommand: 'npm install -g @anthropic-ai/claude-code',
  loginCommand: 'claude /login',
  signInHint: 'Sign in: run `claude` in a terminal and type /login, or set ANTHROPIC_API_KEY.',
};

/** The ACP adapter Claude Code is driven through when it is installed (it can ask for permission). */
export const CLAUDE_ACP_INSTALL = 'npm install -g @zed-industries/claude-agent-acp';

export const GEMINI_SETUP: AgentSetup = {
  id: 'gemini',
  label: 'Gemini CLI',
  installCommand: 'npm install -g @google/gemini-cli',
  loginCommand: 'gemini',
  signInHint: 'Sign in: run `gemini` in a terminal and choose "Login with Google", or set GEMINI_API_KEY.',
};

export const CODEX_SETUP: AgentSetup = {
  id: 'codex',
  label: 'Codex CLI',
  installCommand: 'npm install -g @openai/codex',
  loginCommand: 'codex login',
  signInHint: 'Sign in: run `codex login` in a terminal, or set OPENAI_API_KEY.',
};

export const CODEX_ACP_INSTALL = 'npm install -g @zed-industries/codex-acp';

export const OPENCODE_SETUP: AgentSetup = {
  id: 'opencode',
  label: 'OpenCode',
  installCommand: 'npm install -g opencode-ai',
  loginCommand: 'opencode auth login',
  signInHint: 'Sign in: run `opencode auth login` in a terminal and pick a provider.',
};

export const QWEN_SETUP: AgentSetup = {
  id: 'qwen',
  label: 'Qwen Code',
  installCommand: 'npm install -g @qwen-code/qwen-code',
  loginCommand: 'qwen',
  signInHint: 'Sign in: run `qwen` in a terminal and follow /auth (Qwen OAuth or an OpenAI-compatible key).',
};
