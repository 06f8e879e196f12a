import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PermissionPolicy } from '../core/agents/permissions';
import type { AgentFlags } from './cliSettings';
import { isLoopback } from '../core/server/hostPolicy';
import { WebUiServer, type WebUiAddress, type WebUiLimits } from '../core/server/webUiServer';
import type { Specwright } from '../core/app/specwright';
import { cliCore } from './follow';
import { connectGitHubFromEnv } from './github';

export interface ServeCommand {
  workspace: string;
  /** 0: a free port. */
  port: number;
  agent?: string;
  /** 127.0.0.1 unless asked otherwise; anything else is reachable from the network and warned about. */
  bindAddress?: string;
  open: boolean;
  timeoutMinutes?: number;
  permissions?: PermissionPolicy;
  /** --agent-command, --agent-arg, --acp, --mode. */
  agentFlags?: AgentFlags;
}

export interface ServeOptions {
  /** The webview bundle; found next to the CLI bundle (dist/webview) by default. */
  staticDir?: string;
  limits?: Partial<WebUiLimits>;
  log?: (message: string) => void;
}

export interface RunningServe {
  core: Specwright;
  server: WebUiServer;
  address: WebUiAddress;
  stop(): Promise<void>;
}

/** The core and the web UI server, without VS Code: what `specwright serve` runs (and the browser tests and benchmark start). */
export async function startServe(cmd: ServeCommand, options: ServeOptions = {}): Promise<RunningServe> {
  const core = cliCore({ root: cmd.workspace, agent: cmd.agent, timeoutMinutes: cmd.timeoutMinutes, permissions: cmd.permissions, ...cmd.agentFlags });
  const server = new WebUiServer({
    hub: core.hub,
    staticDir: options.staticDir ?? webviewBundleDir(),
    bindAddress: cmd.bindAddress ?? '127.0.0.1',
    port: cmd.port,
    limits: options.limits,
    log: options.log,
  });
  try {
    const address = await server.start();
    return {
      core, server, address,
      stop: async () => {
        await server.stop();
        core.dispose();
      },
    };
  } catch (error) {
    core.dispose();
    throw error;
  }
}

/** `specwright serve`: prints the address with its token and serves until Ctrl+C. */
export async function runServe(cmd: ServeCommand): Promise<number> {
  const staticDir = webviewBundleDir();
  if (!existsSync(join(staticDir, 'main.js'))) {
    process.stderr.write(`specwright: the web UI bundle is missing (${staticDir}); run "npm run build" first.\n`);
    return 1;
  }
  const running = await startServe(cmd, { staticDir, log: (m) => process.stderr.write(`${m}\n`) });
  const { address } = running;
  if (!isLoopback(address.bindAddress)) {
    process.stderr.write(`Warning: listening on ${address.bindAddress}, reachable from other machines. Anyone with the address below can run agents in ${cmd.workspace}.\n`);
  }
  process.stdout.write(`Specwright web UI for ${cmd.workspace}${cmd.agent ? ` (agent: ${cmd.agent})` : ''}\n\n  ${address.url}\n\n`);
  process.stdout.write('The token after # is the key: share it with no one. Ctrl+C stops the server.\n');
  // GitHub for the browser UI: the token comes from the environment and stays in this process.
  try {
    const signedIn = await connectGitHubFromEnv(running.core.github);
    const status = running.core.github.status();
    process.stdout.write(signedIn ? `GitHub: signed in as ${status.login ?? 'unknown'} (${status.host}).\n` : 'GitHub: not signed in (set GH_TOKEN or GITHUB_TOKEN to use the GitHub features).\n');
  } catch (error) {
    process.stderr.write(`GitHub: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  if (cmd.open) openInBrowser(address.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('Stopping…\n');
  await running.stop();
  return 0;
}

/** dist/webview next to the bundled CLI (dist/cli.js), or the repository's dist/webview when run from source. */
export function webviewBundleDir(): string {
  const candidates = [join(__dirname, 'webview'), join(__dirname, '..', '..', 'dist', 'webview')];
  return candidates.find((dir) => existsSync(join(dir, 'main.js'))) ?? candidates[0];
}

/** Opens the system browser; argument arrays only, the URL is never parsed by a shell. */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] :
    process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] :
    ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`Could not open a browser (${command}); open the address above yourself.\n`));
    child.unref();
  } catch {
    process.stderr.write('Could not open a browser; open the address above yourself.\n');
  }
}
