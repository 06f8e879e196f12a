import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import * as path from 'node:path';

export interface WhichOptions {
  /** Directories searched before PATH (tests pass the project's node_modules/.bin). */
  extraPaths?: readonly string[];
  /** Defaults to process.env; PATH and PATHEXT are read from it. */
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** Base of a relative command path such as `./bin/agent`; defaults to process.cwd(). */
  cwd?: string;
}

/**
 * Resolves a command the way a shell would, without running a shell: an explicit path is
 * checked as is, a bare name is looked up in `extraPaths` then PATH. On Windows the PATHEXT
 * extensions are tried too, because `copilot` is really `copilot.cmd` or `copilot.exe` there.
 */
export async function which(command: string, options: WhichOptions = {}): Promise<string | undefined> {
  const trimmed = command.trim();
  if (!trimmed) return undefined;
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const extensions = executableExtensions(trimmed, platform, env);

  if (hasDirectory(trimmed, platform)) {
    const absolute = pathApi.resolve(options.cwd ?? process.cwd(), trimmed);
    return firstExecutable(extensions.map((ext) => absolute + ext), platform);
  }

  const dirs = [...(options.extraPaths ?? []), ...splitPath(pathVariable(env, platform), platform)];
  for (const dir of dirs) {
    const found = await firstExecutable(extensions.map((ext) => pathApi.join(dir, trimmed + ext)), platform);
    if (found) return found;
  }
  return undefined;
}

function hasDirectory(command: string, platform: NodeJS.Platform): boolean {
  return command.includes('/') || (platform === 'win32' && (command.includes('\\') || /^[a-z]:/i.test(command)));
}

/** Windows env names are case-insensitive (`Path` is common), a plain object lookup is not. */
function pathVariable(env: Record<string, string | undefined>, platform: NodeJS.Platform): string {
  if (platform !== 'win32') return env.PATH ?? '';
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return key ? (env[key] ?? '') : '';
}

function splitPath(value: string, platform: NodeJS.Platform): string[] {
  const separator = platform === 'win32' ? ';' : ':';
  // Strip quotes: Windows users sometimes quote PATH entries that contain spaces.
  return value
    .split(separator)
    .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
    .filter((d) => d.length > 0);
}

function executableExtensions(command: string, platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform !== 'win32') return [''];
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATHEXT');
  const pathext = (key ? env[key] : undefined) ?? '.COM;.EXE;.BAT;.CMD';
  const exts = pathext.split(';').filter((e) => e.length > 0);
  const own = path.win32.extname(command).toUpperCase();
  // A name that already carries an executable extension (`copilot.exe`) is tried as is first.
  return exts.some((e) => e.toUpperCase() === own) ? ['', ...exts] : exts;
}

async function firstExecutable(candidates: readonly string[], platform: NodeJS.Platform): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (await isExecutableFile(candidate, platform)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    // Windows has no execute bit: PATHEXT already decided what counts as executable.
    if (platform !== 'win32') await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
