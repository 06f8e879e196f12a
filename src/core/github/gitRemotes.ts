/**
 * Reads the git remotes of a folder (`git remote -v`) and where its repository starts
 * (`git rev-parse --show-toplevel`), through the process runner: an argument array, no shell.
 */
import { runProcess } from '../runner/runner';
import { parseRemoteList, parseRemoteUrl, type NamedRemote, type RepoCoordinates } from './remoteUrl';

export interface RemoteRepository extends RepoCoordinates {
  remote: string;
  url: string;
}

const GIT_TIMEOUT_MS = 15_000;

/** The remotes of the repository `dir` is in that name an owner/repo; [] outside a repository or without git. */
export async function readGitRemotes(dir: string, signal?: AbortSignal): Promise<RemoteRepository[]> {
  const output = await gitOutput(dir, ['remote', '-v'], signal);
  if (output === undefined) return [];
  return remoteRepositories(parseRemoteList(output));
}

export function remoteRepositories(remotes: readonly NamedRemote[]): RemoteRepository[] {
  const out: RemoteRepository[] = [];
  for (const remote of remotes) {
    const coordinates = parseRemoteUrl(remote.url);
    if (coordinates) out.push({ ...coordinates, remote: remote.name, url: remote.url });
  }
  return out;
}

/** The top folder of the git repository `dir` is in; undefined when it is in none. */
export async function gitTopLevel(dir: string, signal?: AbortSignal): Promise<string | undefined> {
  const output = await gitOutput(dir, ['rev-parse', '--show-toplevel'], signal);
  const top = output?.trim();
  return top ? top : undefined;
}

async function gitOutput(dir: string, args: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
  const lines: string[] = [];
  const outcome = await runProcess({
    command: 'git',
    args: ['-C', dir, ...args],
    cwd: dir,
    // A remote with a credential helper must never stop to ask for anything.
    env: { GIT_TERMINAL_PROMPT: '0' },
    timeoutMs: GIT_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
    onLine: (line) => { if (line.stream === 'stdout') lines.push(line.text); },
  });
  return outcome.status === 'succeeded' ? lines.join('\n') : undefined;
}
