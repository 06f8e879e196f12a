import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';

/**
 * Which `Host` headers and `Origin`s the server answers. A browser page on another site that
 * points a hostname of its own at 127.0.0.1 (DNS rebinding) sends that hostname as `Host`, so
 * only the names of the bound address are accepted; a socket opened by any other page carries
 * that page's `Origin`, so only the server's own origin is.
 */
export class HostPolicy {
  private readonly hosts: ReadonlySet<string>;

  constructor(bindAddress: string, port: number, extraHosts: readonly string[] = []) {
    const names = new Set<string>();
    for (const name of [...hostNamesOf(bindAddress), ...extraHosts]) {
      const host = formatHost(name.toLowerCase());
      names.add(`${host}:${port}`);
      if (port === 80) names.add(host);
    }
    this.hosts = names;
  }

  /** The `Host` header names the bound address and port. */
  allowsHost(hostHeader: string | undefined): hostHeader is string {
    return hostHeader !== undefined && this.hosts.has(hostHeader.toLowerCase());
  }

  /** The `Origin` is this server's own: `http://` + the (already allowed) `Host`. */
  allowsOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (!origin || !this.allowsHost(hostHeader)) return false;
    return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
  }

  /** Every accepted `host:port`, for messages and tests. */
  list(): string[] {
    return [...this.hosts];
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
