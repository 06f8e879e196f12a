import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import '../../protocol/zodLocale';
import { PERMISSION_POLICIES, type CoreSettings } from './coreSettings';

/**
 * A workspace's own agent configuration, read by the CLI and by VS Code alike:
 * `.specwright/config.json`, else `specwright.json`, in the workspace folder. Its keys are the
 * VS Code settings without `specwright.`, nested at the dots:
 *
 *   { "agent": "custom", "custom": { "command": "./bin/agent", "args": ["{prompt}"], "protocol": "acp" },
 *     "gemini": { "mode": "stream-json" }, "permissions": { "policy": "allowEditsInFeature" } }
 *
 * Keys that name an executable (`*.path`, `claude.acpPath`, `codex.acpPath`, `custom.command`,
 * `custom.args`) are ignored in an untrusted workspace: a cloned repository must not be able to
 * point Specwright at a program of its choosing (detection alone runs `<path> --version`).
 */
export const SETTINGS_FILES = [join('.specwright', 'config.json'), 'specwright.json'] as const;

const path = z.optional(z.string().check(z.trim(), z.minLength(1)));
const FileShape = z.strictObject({
  agent: z.optional(z.string().check(z.trim(), z.minLength(1))),
  timeoutMinutes: z.optional(z.number().check(z.positive(), z.maximum(24 * 60))),
  permissions: z.optional(z.strictObject({ policy: z.optional(z.enum(PERMISSION_POLICIES as [string, ...string[]])), timeoutSeconds: z.optional(z.int().check(z.minimum(1))) })),
  copilot: z.optional(z.strictObject({ path, mode: z.optional(z.enum(['jsonl', 'acp'])) })),
  claude: z.optional(z.strictObject({ path, acpPath: path, mode: z.optional(z.enum(['auto', 'acp', 'stream-json'])) })),
  gemini: z.optional(z.strictObject({ path, mode: z.optional(z.enum(['acp', 'stream-json'])) })),
  codex: z.optional(z.strictObject({ path, acpPath: path, mode: z.optional(z.enum(['exec', 'acp'])) })),
  opencode: z.optional(z.strictObject({ path })),
  qwen: z.optional(z.strictObject({ path })),
  custom: z.optional(z.strictObject({ command: path, args: z.optional(z.array(z.string())), protocol: z.optional(z.enum(['text', 'acp'])) })),
});
type FileShape = z.infer<typeof FileShape>;

/** Settings that make Specwright start a program: never taken from an untrusted workspace. */
export const EXECUTABLE_SETTINGS: readonly (keyof CoreSettings)[] = [
  'copilotPath', 'claudePath', 'claudeAcpPath', 'geminiPath', 'codexPath', 'codexAcpPath', 'opencodePath', 'qwenPath', 'customCommand', 'customArgs',
];

export interface SettingsFileResult {
  /** What the file sets (only the keys it names). */
  settings: Partial<CoreSettings>;
  /** The file that was read, when there is one. */
  file?: string;
  /** Keys present in the file but not applied because the workspace is not trusted. */
  ignored: (keyof CoreSettings)[];
  /** Why the file (or a part of it) could not be used: a sentence naming the file and the key. */
  problem?: string;
}

const cache = new Map<string, { mtimeMs: number; size: number; result: SettingsFileResult }>();

/** Reads the workspace's settings file (synchronously: settings are read on every run, the file is cached by mtime). */
export function readSettingsFile(root: string, options: { trusted: boolean }): SettingsFileResult {
  for (const name of SETTINGS_FILES) {
    const file = join(root, name);
    let info;
    try {
      info = statSync(file);
    } catch {
      continue;
    }
    if (!info.isFile()) continue;
    const key = `${file}\0${options.trusted}`;
    const cached = cache.get(key);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.result;
    const result = parseSettingsFile(file, readFileSync(file, 'utf8'), options);
    cache.set(key, { mtimeMs: info.mtimeMs, size: info.size, result });
    return result;
  }
  return { settings: {}, ignored: [] };
}

export function parseSettingsFile(file: string, text: string, options: { trusted: boolean }): SettingsFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { settings: {}, file, ignored: [], problem: `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); it was not used.` };
  }
  const parsed = FileShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || (issue && 'keys' in issue ? (issue.keys as string[]).join(', ') : '');
    return { settings: {}, file, ignored: [], problem: `${file}: ${where ? `"${where}": ` : ''}${issue?.message ?? 'invalid'}; the file was not used.` };
  }
  const all = flatten(parsed.data);
  const ignored = options.trusted ? [] : EXECUTABLE_SETTINGS.filter((k) => all[k] !== undefined);
  for (const k of ignored) delete all[k];
  return { settings: all, file, ignored };
}

function flatten(f: FileShape): Partial<CoreSettings> {
  const out: Partial<CoreSettings> = {
    agent: f.agent,
    timeoutMinutes: f.timeoutMinutes,
    permissionPolicy: f.permissions?.policy as CoreSettings['permissionPolicy'],
    permissionTimeoutSeconds: f.permissions?.timeoutSeconds,
    copilotPath: f.copilot?.path, copilotMode: f.copilot?.mode,
    claudePath: f.claude?.path, claudeAcpPath: f.claude?.acpPath, claudeMode: f.claude?.mode,
    geminiPath: f.gemini?.path, geminiMode: f.gemini?.mode,
    codexPath: f.codex?.path, codexAcpPath: f.codex?.acpPath, codexMode: f.codex?.mode,
    opencodePath: f.opencode?.path, qwenPath: f.qwen?.path,
    customCommand: f.custom?.command, customArgs: f.custom?.args, customProtocol: f.custom?.protocol,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Partial<CoreSettings>;
}

/**
 * VS Code's precedence: a setting the user set (user, workspace or folder settings) wins; else
 * the workspace's settings file; else the setting's default (already in `base`).
 */
export function layerSettingsFile(base: CoreSettings, setByUser: ReadonlySet<keyof CoreSettings>, file: Partial<CoreSettings>): CoreSettings {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(file) as [keyof CoreSettings, unknown][]) {
    if (!setByUser.has(key) && value !== undefined) out[key] = value;
  }
  return out as unknown as CoreSettings;
}
