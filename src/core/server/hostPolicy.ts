import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';

/**
 * Which `Host` headers and `Origin`s the server answers. A browser page on another site that
 * points a hostname of its own at 127.0.0.1 (DNS rebinding) sends that hostname as `Host`, so
 * only the names of the bound address are accepted; a socket opened by any other page carries
 * that page's `Origin`, so only the server's own origin is.
 *
 * When VS Code runs remotely (Remote-SSH, Codespaces, code-server) the browser reaches the server
 * through an address VS Code forwarded; `allowForwarded` adds exactly that host and that origin.
 */
export class HostPolicy {
  /** `host:port` names of the bound address. */
  private readonly local = new Set<string>();
  /** Hosts and origins of addresses VS Code forwarded to this server. */
  private readonly forwardedHosts = new Set<string>();
  private readonly forwardedOrigins = new Set<string>();

  constructor(bindAddress: string, port: number, extraHosts: readonly string[] = []) {
    for (const name of [...hostNamesOf(bindAddress), ...extraHosts]) {
      const host = formatHost(name.toLowerCase());
      this.local.add(`${host}:${port}`);
      if (port === 80) this.local.add(host);
    }
  }

  /** The `Host` header names the bound address and port, or a forwarded address. */
  allowsHost(hostHeader: string | undefined): hostHeader is string {
    if (hostHeader === undefined) return false;
    const host = hostHeader.toLowerCase();
    return this.local.has(host) || this.forwardedHosts.has(host);
  }

  /**
   * The `Origin` is this server's own: `http://` + the (already allowed) local `Host`, or a
   * forwarded origin exactly. A forwarded origin goes with any allowed Host: a forwarding proxy
   * may pass the browser's Host on or rewrite it to the local address, while the page's origin
   * stays the forwarded one.
   */
  allowsOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (!origin || !this.allowsHost(hostHeader)) return false;
    const lower = origin.toLowerCase();
    if (this.forwardedOrigins.has(lower)) return true;
    const host = hostHeader.toLowerCase();
    return this.local.has(host) && lower === `http://${host}`;
  }

  /**
   * Also answers through an address that forwards to this server, as `vscode.env.asExternalUri`
   * gave it (`https://name-4000.app.github.dev/`, `http://127.0.0.1:8080/proxy/4000/`): exactly
   * its host and its origin (http or https), never a pattern. Anything else (another scheme,
   * credentials, no host, a `*`) is refused: returns false and changes nothing.
   */
  allowForwarded(externalUri: string): boolean {
    let url: URL;
    try {
      url = new URL(externalUri);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (!url.hostname || url.username || url.password || url.host.includes('*')) return false;
    // URL drops a default port (https://x:443 → x), as browsers do in Host and Origin.
    this.forwardedHosts.add(url.host.toLowerCase());
    this.forwardedOrigins.add(url.origin.toLowerCase());
    return true;
  }

  /** Every accepted `host:port`, for messages and tests. */
  list(): string[] {
    return [...this.local, ...this.forwardedHosts];
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const ANY = new Set(['0.0.0.0', '::', '']);

export const isLoopback = (address: string): boolean => LOOPBACK.has(address.toLowerCase()) || address.startsWith('127.');

/** The names a browser may use for a bound address: loopback also as `localhost`, a wildcard as every interface's address. */
function hostNamesOf(bindAddress: string): string[] {
  const address = bindAddress.toLowerCase();
  if (isLoopback(address)) return [address, 'localhost', ...(address === '::1' ? [] : ['127.0.0.1'])];
  if (ANY.has(address)) {
    const all = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.split('%')[0]));
    return [...all, 'localhost'];
  }
  return [address];
}

/** IPv6 literals appear in brackets in a Host header and an origin. */
const formatHost = (name: string): string => (isIP(name) === 6 ? `[${name}]` : name);

/** The address a printed URL should use: a wildcard bind is reachable on loopback too. */
export const urlHost = (bindAddress: string): string => formatHost(ANY.has(bindAddress) ? '127.0.0.1' : bindAddress);
