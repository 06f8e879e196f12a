import * as path from 'node:path';
import { tmpdir } from 'node:os';

/** node_modules/.bin: where the real agent CLIs installed as devDependencies are. */
export const NODE_BIN = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin');

/**
 * An environment in which no agent can find credentials: a scratch HOME (no ~/.copilot,
 * ~/.gemini, ~/.claude, ~/.codex or gh config), no token or API-key variables, no D-Bus address
 * a desktop keyring could be reached through. Large caches go to one shared temp folder.
 */
export function credentialFreeEnv(home: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(tmpdir(), 'specwright-test-agent-cache'),
    DBUS_SESSION_BUS_ADDRESS: undefined,
    COPILOT_AUTO_UPDATE: 'false',
  };
  for (const name of Object.keys(process.env)) {
    if (/^(COPILOT_|GH_|GITHUB_|GEMINI_|GOOGLE_|ANTHROPIC_|CLAUDE_|OPENAI_|CODEX_|DASHSCOPE_|QWEN_)/i.test(name)) env[name] = undefined;
  }
  env.COPILOT_AUTO_UPDATE = 'false';
  return env;
}
