import * as vscode from 'vscode';
import { isLoopback } from '../core/server/hostPolicy';
import type { WebUiAddress, WebUiServer } from '../core/server/webUiServer';
import type { Specwright } from '../core/app/specwright';

const RUNNING_CONTEXT = 'specwright.webUiRunning';

/** `specwright.server.*`: port (0 = any free one) and bind address (127.0.0.1 unless the user says otherwise). */
function serverSettings(): { port: number; bindAddress: string } {
  const c = vscode.workspace.getConfiguration('specwright.server');
  const port = c.get<number>('port') ?? 0;
  const bindAddress = c.get<string>('bindAddress')?.trim() || '127.0.0.1';
  return { port: Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : 0, bindAddress };
}

/** What the web UI looks like from VS Code, for the integration tests (through SpecwrightApi). */
export interface WebUiState {
  /** The `specwright.webUiRunning` context, as last set. */
  running: boolean;
  /** Where it listens, while it runs. */
  address?: WebUiAddress;
  /** What "Open in Browser" opens: the local or the forwarded address, the token in the fragment. */
  browserUrl?: string;
  /** Authenticated browser tabs. */
  connections: number;
  /** The status bar item's text while it is shown. */
  statusBarText?: string;
}

/**
 * The external web UI inside VS Code: "Open in Browser" starts the server (once) and opens its
 * address with the token; "Stop Web UI" stops it, and the token with it. While it runs, a status
 * bar item says so and how many browser tabs are connected. When VS Code runs remotely, the
 * address opened is the one VS Code forwarded, and the server also answers on that one.
 */
export class WebUiController implements vscode.Disposable {
  private server?: WebUiServer;
  private starting?: Promise<WebUiAddress | undefined>;
  private browserUrl?: string;
  private running = false;
  private readonly item = vscode.window.createStatusBarItem('specwright.webUi', vscode.StatusBarAlignment.Left, 49);
  private itemShown = false;
  private connectionsListener?: { dispose(): void };

  constructor(private readonly core: Specwright, private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'Specwright Web UI';
    this.item.command = 'specwright.openInBrowser';
  }

  /** Where it listens, while it runs. */
  get address(): WebUiAddress | undefined {
    return this.server?.address;
  }

  state(): WebUiState {
    const address = this.server?.address;
    return {
      running: this.running,
      address,
      browserUrl: address ? this.browserUrl : undefined,
      connections: this.server?.connections ?? 0,
      statusBarText: this.itemShown ? this.item.text : undefined,
    };
  }

  /** Starts the server if needed and returns its address; undefined when the user declined a non-loopback bind. */
  start(): Promise<WebUiAddress | undefined> {
    if (this.server?.address) return Promise.resolve(this.server.address);
    // A second click while the first is still starting waits for the same server.
    this.starting ??= this.startServer().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async startServer(): Promise<WebUiAddress | undefined> {
    const { port, bindAddress } = serverSettings();
    if (!isLoopback(bindAddress)) {
      const go = 'Start anyway';
      const answer = await vscode.window.showWarningMessage(
        `specwright.server.bindAddress is ${bindAddress}: the web UI will be reachable from other machines, and it can run agents in this workspace. Only the token protects it.`,
        { modal: true },
        go,
      );
      if (answer !== go) return undefined;
    }
    // require() at first use: the server is a file of its own (dist/lazy/webUiServer.js, esbuild.mjs
    // LAZY), read when a browser is asked for, not at activation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WebUiServer } = require('../core/server/webUiServer') as typeof import('../core/server/webUiServer');
    const server = new WebUiServer({
      hub: this.core.hub,
      staticDir: vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview').fsPath,
      bindAddress,
      port,
      log: (m) => this.log.warn(m),
    });
    const address = await server.start();
    this.server = server;
    this.connectionsListener = server.onConnectionsChanged(() => this.render());
    this.log.info(`Web UI listening on ${address.origin} (bound to ${bindAddress}).`);
    this.browserUrl = await this.forward(server, address);
    await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
    this.running = true;
    this.render();
    return address;
  }

  /**
   * The address a browser reaches the server at. Locally that is the server's own; when VS Code
   * runs remotely (Remote-SSH, a Codespace, code-server) `asExternalUri` forwards the port and
   * names another address, whose exact host and origin the server then accepts as well. The
   * token goes in the fragment either way.
   */
  private async forward(server: WebUiServer, address: WebUiAddress): Promise<string> {
    let external: URL;
    try {
      external = new URL((await vscode.env.asExternalUri(vscode.Uri.parse(address.origin))).toString(true));
    } catch (error) {
      this.log.warn(`Web UI: VS Code did not forward ${address.origin} (${error instanceof Error ? error.message : String(error)}); opening it as it is.`);
      return address.url;
    }
    if (external.origin === new URL(address.origin).origin) return address.url;
    if (!server.allowForwarded(external.origin)) {
      this.log.warn(`Web UI: ${external.origin} (forwarded by VS Code) is not an http(s) address; opening ${address.origin} instead.`);
      return address.url;
    }
    // The page's URLs are relative: a path prefix (code-server's /proxy/<port>/) must end in a slash.
    if (!external.pathname.endsWith('/')) external.pathname += '/';
    external.search = '';
    this.log.info(`Web UI forwarded by VS Code to ${external.origin}${external.pathname}.`);
    external.hash = `token=${address.token}`;
    return external.href;
  }

  async openInBrowser(): Promise<void> {
    try {
      const address = await this.start();
      const url = address && this.browserUrl;
      if (!url) return;
      const opened = await vscode.env.openExternal(vscode.Uri.parse(url));
      if (!opened) void vscode.window.showInformationMessage(`Specwright web UI: ${url}`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Specwright could not start the web UI: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const server = this.server;
    this.server = undefined;
    this.browserUrl = undefined;
    this.connectionsListener?.dispose();
    this.connectionsListener = undefined;
    this.render();
    await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
    this.running = false;
    if (!server) return;
    await server.stop();
    this.log.info('Web UI stopped.');
  }

  dispose(): void {
    void this.stop();
    this.item.dispose();
  }

  private render(): void {
    const server = this.server;
    const address = server?.address;
    if (!server || !address) {
      this.item.hide();
      this.itemShown = false;
      return;
    }
    const n = server.connections;
    this.item.text = `$(broadcast) Web UI${n > 0 ? ` ${n}` : ''}`;
    this.item.tooltip = `Specwright web UI on ${address.origin}: ${n} browser tab${n === 1 ? '' : 's'} connected. Click to open another; "Specwright: Stop Web UI" stops it.`;
    this.item.show();
    this.itemShown = true;
  }
}

export function registerWebUi(context: vscode.ExtensionContext, core: Specwright, log: vscode.LogOutputChannel): WebUiController {
  const controller = new WebUiController(core, context.extensionUri, log);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand('specwright.openInBrowser', () => controller.openInBrowser()),
    vscode.commands.registerCommand('specwright.stopWebUi', () => controller.stop()),
  );
  return controller;
}
