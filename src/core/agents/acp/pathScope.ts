import { realpath } from 'node:fs/promises';
import * as path from 'node:path';

/** Where a path lies for the permission rules: the feature folder wins over the workspace around it. */
export type PathPlace = 'feature' | 'workspace' | 'outside';

export interface ClassifiedPath {
  /** Absolute, with symlinks of its existing part resolved: what the check was made on. */
  real: string;
  place: PathPlace;
}

/**
 * Classifies paths an agent names against the workspace and the feature folder. Symlinks are
 * resolved first, so `workspace/link → /etc` is outside; a path that does not exist yet is
 * judged by its nearest existing parent, which is where a write would really land.
 */
export class PathScope {
  private roots: Promise<{ workspace: string; feature: string }> | undefined;

  constructor(
    readonly workspaceRoot: string,
    readonly featureDir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  async classify(target: string): Promise<ClassifiedPath> {
    const roots = await this.realRoots();
    const real = await realExisting(path.resolve(this.workspaceRoot, target));
    const place: PathPlace = this.inside(real, roots.feature) ? 'feature' : this.inside(real, roots.workspace) ? 'workspace' : 'outside';
    return { real, place };
  }

  /** A feature folder outside the workspace must be named to the agent as an extra directory. */
  async featureInsideWorkspace(): Promise<boolean> {
    const roots = await this.realRoots();
    return this.inside(roots.feature, roots.workspace);
  }

  /** Relative to the workspace when inside it (shorter in a question), else absolute. */
  display(absolute: string): string {
    const rel = path.relative(this.workspaceRoot, absolute);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
  }

  private realRoots(): Promise<{ workspace: string; feature: string }> {
    this.roots ??= Promise.all([realExisting(this.workspaceRoot), realExisting(this.featureDir)]).then(([workspace, feature]) => ({ workspace, feature }));
    return this.roots;
  }

  private inside(child: string, parent: string): boolean {
    // Windows and macOS file systems are case-insensitive by default: compare as they do.
    const fold = (p: string) => (this.platform === 'win32' || this.platform === 'darwin' ? p.toLowerCase() : p);
    const rel = path.relative(fold(parent), fold(child));
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }
}

/** realpath of the longest existing prefix, with the missing rest appended as written. */
async function realExisting(absolute: string): Promise<string> {
  const missing: string[] = [];
  let current = path.resolve(absolute);
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(absolute);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
