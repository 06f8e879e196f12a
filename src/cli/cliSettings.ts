import { isPermissionPolicy, type PermissionPolicy } from '../core/agents/permissions';
import { DEFAULT_SETTINGS, type CoreSettings } from '../core/settings/coreSettings';
import { SETTING_PATHS, type SettingHints } from '../core/settings/settingHints';
import { readSettingsFile, SETTINGS_FILES } from '../core/settings/settingsFile';

/** The agent options every command that runs an agent takes. */
export interface AgentFlags {
  agent?: string;
  /** Any executable as the custom agent (its prompt in `--agent-arg {prompt}`, or through ACP with --acp). */
  agentCommand?: string;
  agentArgs?: string[];
  /** ACP instead of the print mode: for --agent-command, copilot, claude, gemini, codex. */
  acp?: boolean;
  /** The chosen agent's mode by name (jsonl, acp, stream-json, exec, auto, text). */
  mode?: string;
  timeoutMinutes?: number;
  permissions?: PermissionPolicy;
}

export const AGENT_FLAGS_USAGE = `Agent options (generate, new, run, serve, agents):
  --agent ID            auto, copilot, claude, gemini, codex, opencode, qwen, custom, scaffold
  --agent-command EXE   run EXE as the agent (no shell); implies --agent custom
  --agent-arg ARG       an argument of EXE, repeatable; {prompt}, {featureDir}, {docPath},
                        {workspaceRoot} are replaced (default: {prompt})
  --acp                 speak the Agent Client Protocol: EXE (or copilot, claude via
                        claude-agent-acp, gemini, codex via codex-acp) asks for permission
  --mode MODE           the agent's mode by name: copilot jsonl|acp, claude auto|acp|stream-json,
                        gemini acp|stream-json, codex exec|acp, custom text|acp
Environment (flags win over it; it wins over the file):
  SPECWRIGHT_AGENT, SPECWRIGHT_CUSTOM_COMMAND, SPECWRIGHT_CUSTOM_ARGS (a JSON array),
  SPECWRIGHT_CUSTOM_PROTOCOL (text|acp), SPECWRIGHT_PERMISSIONS, SPECWRIGHT_TIMEOUT_MINUTES,
  SPECWRIGHT_COPILOT_MODE, SPECWRIGHT_CLAUDE_MODE, SPECWRIGHT_GEMINI_MODE, SPECWRIGHT_CODEX_MODE,
  SPECWRIGHT_<X>_PATH for X = COPILOT, CLAUDE, CLAUDE_ACP, GEMINI, CODEX, CODEX_ACP, OPENCODE, QWEN
Config file: ${SETTINGS_FILES.join(' or ')} in the workspace, read by VS Code too, e.g.
  {"agent": "custom", "custom": {"command": "./bin/agent", "protocol": "acp"}, "gemini": {"mode": "stream-json"}}
`;

/** How the CLI tells a user to change a setting: its flag where it has one, the variable, the file key. */
export const cliSettingHints: SettingHints = {
  set: (key, what) => {
    const flag = key === 'customCommand' ? '--agent-command <executable>, ' : key === 'agent' ? '--agent <id>, ' : key === 'timeoutMinutes' ? '--timeout <minutes>, ' : '';
    const variable = ENV_OF[key];
    const path = SETTING_PATHS[key] ?? key;
    return `Pass ${flag}${variable ? `set ${variable}, ` : ''}or set "${path}" in ${SETTINGS_FILES[0]} to ${what}.`;
  },
};

const ENV_OF: Partial<Record<keyof CoreSettings, string>> = {
  agent: 'SPECWRIGHT_AGENT', customCommand: 'SPECWRIGHT_CUSTOM_COMMAND', customArgs: 'SPECWRIGHT_CUSTOM_ARGS',
  customProtocol: 'SPECWRIGHT_CUSTOM_PROTOCOL', permissionPolicy: 'SPECWRIGHT_PERMISSIONS', timeoutMinutes: 'SPECWRIGHT_TIMEOUT_MINUTES',
  copilotPath: 'SPECWRIGHT_COPILOT_PATH', copilotMode: 'SPECWRIGHT_COPILOT_MODE',
  claudePath: 'SPECWRIGHT_CLAUDE_PATH', claudeAcpPath: 'SPECWRIGHT_CLAUDE_ACP_PATH', claudeMode: 'SPECWRIGHT_CLAUDE_MODE',
  geminiPath: 'SPECWRIGHT_GEMINI_PATH', geminiMode: 'SPECWRIGHT_GEMINI_MODE',
  codexPath: 'SPECWRIGHT_CODEX_PATH', codexAcpPath: 'SPECWRIGHT_CODEX_ACP_PATH', codexMode: 'SPECWRIGHT_CODEX_MODE',
  opencodePath: 'SPECWRIGHT_OPENCODE_PATH', qwenPath: 'SPECWRIGHT_QWEN_PATH',
};

const MODES: Record<string, { key: keyof CoreSettings; values: readonly string[]; acp?: string }> = {
  copilot: { key: 'copilotMode', values: ['jsonl', 'acp'], acp: 'acp' },
  claude: { key: 'claudeMode', values: ['auto', 'acp', 'stream-json'], acp: 'acp' },
  gemini: { key: 'geminiMode', values: ['acp', 'stream-json'], acp: 'acp' },
  codex: { key: 'codexMode', values: ['exec', 'acp'], acp: 'acp' },
  custom: { key: 'customProtocol', values: ['text', 'acp'], acp: 'acp' },
};

/** A usage error in the agent options or the environment: the CLI prints it and exits 2. */
export class SettingsError extends Error {}

export interface CliSettings {
  settings: CoreSettings;
  /** What the user should know (a config file that could not be used). */
  warnings: string[];
}

/**
 * The settings of a CLI run: defaults, then the workspace's config file, then the environment,
 * then the flags (each wins over the ones before). The CLI trusts the folder it is run in.
 */
export function cliSettings(root: string, flags: AgentFlags, env: NodeJS.ProcessEnv = process.env): CliSettings {
  const file = readSettingsFile(root, { trusted: true });
  const warnings = file.problem ? [file.problem] : [];
  const settings: CoreSettings = { ...DEFAULT_SETTINGS, ...file.settings, ...fromEnv(env), ...fromFlags(flags) };
  return { settings, warnings };
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<CoreSettings> {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_OF) as [keyof CoreSettings, string][]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    if (key === 'customArgs') out[key] = parseArgList(raw, name);
    else if (key === 'timeoutMinutes') {
      const n = Number(raw);
      if (!(n > 0)) throw new SettingsError(`${name} takes a number of minutes greater than 0`);
      out[key] = n;
    } else if (key === 'permissionPolicy') {
      if (!isPermissionPolicy(raw)) throw new SettingsError(`${name} takes ask, allowEditsInFeature or allowAll`);
      out[key] = raw;
    } else out[key] = raw;
  }
  for (const mode of Object.values(MODES)) {
    const value = out[mode.key];
    if (value !== undefined && !mode.values.includes(String(value))) throw new SettingsError(`${ENV_OF[mode.key]} takes ${mode.values.join(', ')}`);
  }
  return out as Partial<CoreSettings>;
}

function fromFlags(flags: AgentFlags): Partial<CoreSettings> {
  const out: Partial<CoreSettings> = {};
  if (flags.agentCommand !== undefined) {
    if (flags.agent && flags.agent !== 'custom') throw new SettingsError(`--agent-command runs a command of your own: it goes with --agent custom, not --agent ${flags.agent}`);
    out.agent = 'custom';
    out.customCommand = flags.agentCommand;
    out.customArgs = flags.agentArgs ?? ['{prompt}'];
  } else if (flags.agentArgs) {
    out.customArgs = flags.agentArgs;
  }
  if (flags.agent) out.agent = flags.agent;
  if (flags.timeoutMinutes !== undefined) out.timeoutMinutes = flags.timeoutMinutes;
  if (flags.permissions) out.permissionPolicy = flags.permissions;
  const target = out.agent ?? 'auto';
  if (flags.acp || flags.mode) {
    const id = target === 'auto' ? 'copilot' : target;
    const mode = MODES[id];
    if (!mode) {
      if (flags.acp && (id === 'opencode' || id === 'qwen')) return out; // they speak nothing else
      throw new SettingsError(`${flags.acp ? '--acp' : '--mode'} does not apply to --agent ${id}`);
    }
    const value = flags.mode ?? mode.acp;
    if (flags.acp && flags.mode && flags.mode !== mode.acp) throw new SettingsError(`--acp and --mode ${flags.mode} contradict each other`);
    if (!value || !mode.values.includes(value)) throw new SettingsError(`--mode for ${id} takes ${mode.values.join(', ')}`);
    (out as Record<string, unknown>)[mode.key] = value;
  }
  return out;
}

function parseArgList(text: string, name: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // fall through
  }
  throw new SettingsError(`${name} must be a JSON array of strings, e.g. ["--task", "{prompt}"].`);
}
