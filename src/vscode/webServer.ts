import * as vscode from 'vscode';
import { isLoopback } from '../core/server/hostPolicy';
import { WebUiServer, type WebUiAddress } from '../core/server/webUiServer';
import type { Specwright } from '../core/specwright';

const RUNNING_CONTEXT = 'specwright.webUiRunning';

/** `specwright.server.*`: port (0 = any free one) and bind address (127.0.0.1 unless the user says otherwise). */
function serverSettings(): { port: number; bindAddress: string } {
  const c = vscode.workspace.getConfiguration('specwright.server');
  const port = c.get<number>('port') ?? 0;
  const bindAddress = c.get<string>('bindAddress')?.trim() || '127.0.0.1';
  return { port: Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : 0, bindAddress };
}

/**
 * The external web UI inside VS Code: "Open in Browser" starts the server (once) and opens its
 * address with the token; "Stop Web UI" stops it, and the token with it. While it runs, a status
 * bar item says so and how many browser tabs are connected.
 */
export class WebUiController implements vscode.Disposable {
  private server?: WebUiServer;
  private readonly item = vscode.window.createStatusBarItem('specwright.webUi', vscode.StatusBarAlignment.Left, 49);
  private connectionsListener?: { dispose(): void };

  constructor(private readonly core: Specwright, private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'Specwright Web UI';
    this.item.command = 'specwright.openInBrowser';
  }

  /** Where it listens, while it runs. */
  get address(): WebUiAddress | undefined {
    return this.server?.address;
  }

  /** Starts the server if needed and returns its address; undefined when the user declined a non-loopback bind. */
  async start(): Promise<WebUiAddress | undefined> {
    if (this.server?.address) return this.server.address;
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
    await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
    this.log.info(`Web UI listening on ${address.origin} (bound to ${bindAddress}).`);
    this.render();
    return address;
  }

  async openInBrowser(): Promise<void> {
    try {
      const address = await this.start();
      if (!address) return;
      const opened = await vscode.env.openExternal(vscode.Uri.parse(address.url));
      if (!opened) void vscode.window.showInformationMessage(`Specwright web UI: ${address.url}`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Specwright could not start the web UI: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.connectionsListener?.dispose();
    this.connectionsListener = undefined;
    this.item.hide();
    await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
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
      return;
    }
    const n = server.connections;
    this.item.text = `$(broadcast) Web UI${n > 0 ? ` ${n}` : ''}`;
    this.item.tooltip = `Specwright web UI on ${address.origin}: ${n} browser tab${n === 1 ? '' : 's'} connected. Click to open another; "Specwright: Stop Web UI" stops it.`;
    this.item.show();
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
