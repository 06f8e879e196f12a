/**
 * Which GitHub repository a git remote points at, from any of the URL forms git accepts:
 * https (with or without credentials), ssh://, scp-like `git@host:owner/repo.git`, git://,
 * on github.com or an Enterprise host. And where the REST API of a host lives.
 */
export interface RepoCoordinates {
  /** Lower-case host name without port: github.com, ghe.example.com. */
  host: string;
  owner: string;
  repo: string;
}

export const GITHUB_HOST = 'github.com';

const NAME = /^[A-Za-z0-9_.-]+$/;
/** git@host:owner/repo(.git) and host:owner/repo: scp-like syntax (no scheme, a colon before the first slash). */
const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):\/?(.+)$/;

/** The repository a remote URL names; undefined for local paths and URLs that name no owner/repo. */
export function parseRemoteUrl(raw: string): RepoCoordinates | undefined {
  const url = raw.trim();
  if (!url) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    if (!/^(https?|ssh|git|git\+ssh|ssh\+git)$/i.test(scheme[1])) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(url.replace(/^(git\+ssh|ssh\+git):/i, 'ssh:'));
    } catch {
      return undefined;
    }
    return coordinates(parsed.hostname, parsed.pathname);
  }
  const scp = SCP_LIKE.exec(url);
  // A one-letter "host" is a Windows drive (C:/repo), not a remote.
  if (!scp || scp[1].length < 2) return undefined;
  return coordinates(scp[1], scp[2]);
}

function coordinates(rawHost: string, rawPath: string): RepoCoordinates | undefined {
  const parts = decodeURIComponent(rawPath).replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length !== 2) return undefined;
  const owner = parts[0];
  const repo = parts[1].replace(/\.git$/i, '');
  if (!NAME.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') return undefined;
  return { host: normaliseHost(rawHost), owner, repo };
}

/** www.github.com and ssh.github.com (ssh over port 443) are github.com. */
export function normaliseHost(host: string): string {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'www.github.com' || h === 'ssh.github.com' ? GITHUB_HOST : h;
}

/** REST API root of a host: api.github.com, api.<tenant>.ghe.com, or https://<host>/api/v3 (Enterprise Server). */
export function apiUrlForHost(host: string): string {
  const h = normaliseHost(host);
  if (h === GITHUB_HOST) return 'https://api.github.com';
  if (h.endsWith('.ghe.com')) return `https://api.${h}`;
  return `https://${h}/api/v3`;
}

/** The web host an API URL belongs to (the inverse of apiUrlForHost). */
export function hostOfApiUrl(apiUrl: string | undefined): string {
  if (!apiUrl) return GITHUB_HOST;
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return GITHUB_HOST;
  }
  const h = url.hostname.toLowerCase();
  if (h === 'api.github.com') return GITHUB_HOST;
  if (h.startsWith('api.') && h.endsWith('.ghe.com')) return h.slice(4);
  // Without the port, as remote URLs name hosts (ssh and https remotes of one server use different ports).
  return h;
}

/**
 * An Enterprise setting as users write it (https://ghe.example.com, ghe.example.com/, or the
 * API URL itself) → the API URL. Empty → undefined (github.com).
 */
export function apiUrlFromSetting(setting: string | undefined): string | undefined {
  const value = setting?.trim().replace(/\/+$/, '');
  if (!value) return undefined;
  const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (/\/api\/v3$/.test(url.pathname) || url.hostname.startsWith('api.')) return withScheme;
  if (normaliseHost(url.hostname) === GITHUB_HOST) return undefined;
  if (url.hostname.endsWith('.ghe.com')) return `${url.protocol}//api.${url.hostname}`;
  return `${url.protocol}//${url.host}/api/v3`;
}

export interface NamedRemote {
  /** origin, upstream … */
  name: string;
  url: string;
}

/** `git remote -v` output → one entry per remote (its fetch URL), in the order git lists them. */
export function parseRemoteList(output: string): NamedRemote[] {
  const remotes = new Map<string, NamedRemote & { fetch: boolean }>();
  for (const line of output.split(/\r?\n/)) {
    const m = /^(\S+)\s+(\S+)(?:\s+\((fetch|push)\))?\s*$/.exec(line);
    if (!m) continue;
    const known = remotes.get(m[1]);
    const fetch = m[3] !== 'push';
    if (!known || (!known.fetch && fetch)) remotes.set(m[1], { name: m[1], url: m[2], fetch });
  }
  return [...remotes.values()].map(({ name, url }) => ({ name, url }));
}

/** "owner/name" → coordinates on `host`; undefined when it is not of that form. */
export function parseRepoName(fullName: string, host = GITHUB_HOST): RepoCoordinates | undefined {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?$/.exec(fullName.trim());
  return m ? { host: normaliseHost(host), owner: m[1], repo: m[2] } : undefined;
}

export const fullNameOf = (r: Pick<RepoCoordinates, 'owner' | 'repo'>): string => `${r.owner}/${r.repo}`;
