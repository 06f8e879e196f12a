/**
 * The features (`specs/*\/`) of any repository the user can read, through the contents API:
 * which documents each has, its stage and its task progress, without cloning. And one document
 * of it as text, for a read-only view.
 */
import type { RemoteFeature } from '../../protocol';
import { progressOf, stageOf } from '../features/status';
import type { GitHubClient } from './client';
import { GitHubError, mapGitHubError } from './errors';
import { fullNameOf, type RepoCoordinates } from './remoteUrl';

export interface RepositoryInfo {
  fullName: string;
  defaultBranch: string;
  htmlUrl: string;
  private: boolean;
}

export interface RemoteFeatureList {
  repository: RepositoryInfo & { ref: string };
  features: RemoteFeature[];
}

interface ReadOptions {
  ref?: string;
  signal?: AbortSignal;
}

interface ContentEntry {
  type: string;
  name: string;
  path: string;
  html_url?: string | null;
}

/** `001-photo-albums` or `20261124-093000-photo-albums`, as spec-kit names feature folders. */
const FEATURE_FOLDER = /^(\d{8}-\d{6}|\d{3,})-(.+)$/;
const SPECS = 'specs';
/** Features read at once: a repository with many features must not burst into the secondary limit. */
const CONCURRENCY = 4;
/** Larger documents are not opened (they are not spec-kit documents). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

export async function getRepository(client: GitHubClient, at: RepoCoordinates, signal?: AbortSignal): Promise<RepositoryInfo> {
  try {
    const { data } = await client.rest.repos.get({ owner: at.owner, repo: at.repo, request: signalOf(signal) });
    return { fullName: data.full_name, defaultBranch: data.default_branch, htmlUrl: data.html_url, private: data.private };
  } catch (error) {
    throw mapGitHubError(error, { repository: fullNameOf(at), host: at.host });
  }
}

/** Every feature folder under specs/ on `ref` (the default branch when absent), in number order. */
export async function listRepositoryFeatures(client: GitHubClient, at: RepoCoordinates, options: ReadOptions = {}): Promise<RemoteFeatureList> {
  const repository = await getRepository(client, at, options.signal);
  const ref = options.ref ?? repository.defaultBranch;
  const specs = await listDirectory(client, at, SPECS, { ref, signal: options.signal }).catch((error: unknown) => {
    // No specs/ folder is a repository without features, not an error.
    if (mapGitHubError(error).code === 'notFound') return [] as ContentEntry[];
    throw error;
  });
  const folders = specs.filter((e) => e.type === 'dir' && FEATURE_FOLDER.test(e.name)).sort((a, b) => byNumber(a.name, b.name));
  const features = await mapLimited(folders, CONCURRENCY, (folder) => readFeature(client, at, folder, { ref, signal: options.signal }));
  return { repository: { ...repository, ref }, features };
}

/** The entries of a folder of the repository. */
export async function listDirectory(client: GitHubClient, at: RepoCoordinates, path: string, options: ReadOptions = {}): Promise<ContentEntry[]> {
  try {
    const { data } = await client.rest.repos.getContent({ owner: at.owner, repo: at.repo, path, ...(options.ref ? { ref: options.ref } : {}), request: signalOf(options.signal) });
    if (Array.isArray(data)) return data.map((e) => ({ type: e.type, name: e.name, path: e.path, html_url: e.html_url }));
  } catch (error) {
    throw mapGitHubError(error, { repository: fullNameOf(at), host: at.host });
  }
  throw new GitHubError('invalid', `${path} is a file, not a folder.`);
}

/** One file of the repository as text (the raw media type: no base64, files up to GitHub's raw limit). */
export async function readRepositoryFile(client: GitHubClient, at: RepoCoordinates, path: string, options: ReadOptions = {}): Promise<string> {
  let data: unknown;
  try {
    const response = await client.rest.repos.getContent({
      owner: at.owner, repo: at.repo, path,
      ...(options.ref ? { ref: options.ref } : {}),
      mediaType: { format: 'raw' },
      request: signalOf(options.signal),
    });
    data = response.data;
  } catch (error) {
    throw mapGitHubError(error, { repository: fullNameOf(at), host: at.host });
  }
  const text = typeof data === 'string' ? data : data instanceof ArrayBuffer ? new TextDecoder().decode(data) : undefined;
  if (text === undefined) throw new GitHubError('invalid', `${path} is a folder, not a file.`);
  if (text.length > MAX_DOCUMENT_BYTES) throw new GitHubError('invalid', `${path} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; open it on GitHub instead.`);
  return text;
}

/** The web page of a path on a ref: https://github.com/o/r/blob/main/specs/001-x/spec.md */
export const blobUrl = (htmlUrl: string, ref: string, path: string): string =>
  `${htmlUrl.replace(/\/+$/, '')}/blob/${encodeURIComponent(ref).replace(/%2F/g, '/')}/${path.split('/').map(encodeURIComponent).join('/')}`;

async function readFeature(client: GitHubClient, at: RepoCoordinates, folder: ContentEntry, options: ReadOptions): Promise<RemoteFeature> {
  const entries = await listDirectory(client, at, folder.path, options);
  const names = new Set(entries.filter((e) => e.type === 'file').map((e) => e.name));
  const documents = { spec: names.has('spec.md'), plan: names.has('plan.md'), tasks: names.has('tasks.md') };
  const tasks = documents.tasks ? await readRepositoryFile(client, at, `${folder.path}/tasks.md`, options) : undefined;
  return {
    name: folder.name,
    path: folder.path,
    stage: stageOf(documents),
    documents,
    ...(tasks !== undefined ? { progress: progressOf(tasks) } : {}),
    files: entries.filter((e) => e.type === 'file' && /\.md$/i.test(e.name)).map((e) => e.path),
    htmlUrl: folder.html_url ?? '',
  };
}

function byNumber(a: string, b: string): number {
  const na = FEATURE_FOLDER.exec(a)?.[1] ?? '';
  const nb = FEATURE_FOLDER.exec(b)?.[1] ?? '';
  const timestamp = (n: string) => n.includes('-');
  if (timestamp(na) !== timestamp(nb)) return timestamp(na) ? 1 : -1;
  return (timestamp(na) ? 0 : Number(na) - Number(nb)) || a.localeCompare(b);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const signalOf = (signal: AbortSignal | undefined): { signal?: AbortSignal } => (signal ? { signal } : {});
