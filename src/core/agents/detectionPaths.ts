import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/**
 * Folders where agent CLIs land besides PATH. VS Code started from a desktop launcher often has
 * a PATH without the user's npm prefix or ~/.local/bin, so an installed agent would look missing.
 */
export function wellKnownBinDirs(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string[] {
  const api = platform === 'win32' ? path.win32 : path.posix;
  const dirs: string[] = [];
  const prefix = env.npm_config_prefix ?? env.NPM_CONFIG_PREFIX;
  if (prefix) dirs.push(platform === 'win32' ? prefix : api.join(prefix, 'bin'));
  if (platform === 'win32') {
    if (env.APPDATA) dirs.push(api.join(env.APPDATA, 'npm'));
    if (env.LOCALAPPDATA) dirs.push(api.join(env.LOCALAPPDATA, 'Programs', 'nodejs'));
  } else {
    dirs.push(
      api.join(home, '.npm-global', 'bin'),
      api.join(home, '.local', 'bin'),
      api.join(home, '.volta', 'bin'),
      api.join(home, '.bun', 'bin'),
      api.join(home, '.opencode', 'bin'),
      api.join(home, '.claude', 'local'),
      '/usr/local/bin',
      '/opt/homebrew/bin',
    );
  }
  // Global packages of the Node that runs us sit beside it (nvm, fnm, the official installer);
  // the extension host's own executable is Electron, whose folder holds no packages.
  if (/^node(\.exe)?$/i.test(api.basename(process.execPath))) dirs.push(api.dirname(process.execPath));
  return [...new Set(dirs)];
}

/** How to start an executable found on disk without a shell. */
export interface Launch {
  command: string;
  /** Arguments that go before the agent's own (the script a shim would have run). */
  args: string[];
}

/**
 * npm on Windows installs `agent.cmd` shims, and Node refuses to spawn a .cmd without a shell
 * (CVE-2024-27980). The shim only runs `node <script>`: read the script from it and run that.
 */
export function launchFor(found: string, platform: NodeJS.Platform = process.platform, read: (file: string) => string = (f) => readFileSync(f, 'utf8')): Launch {
  if (platform !== 'win32' || !/\.(cmd|bat)$/i.test(found)) return { command: found, args: [] };
  let text: string;
  try {
    text = read(found);
  } catch {
    return { command: found, args: [] };
  }
  const script = parseCmdShim(text);
  if (!script) return { command: found, args: [] };
  const dir = path.win32.dirname(found);
  const localNode = path.win32.join(dir, 'node.exe');
  return { command: existsSync(localNode) ? localNode : 'node', args: [path.win32.join(dir, script)] };
}

/** The script an npm cmd-shim runs, relative to the shim's folder (`"%dp0%\…\cli.js" %*`). */
export function parseCmdShim(text: string): string | undefined {
  const match = /"%~?dp0%?\\([^"]+?\.(?:c|m)?js)"\s+%\*/i.exec(text);
  return match?.[1];
}
