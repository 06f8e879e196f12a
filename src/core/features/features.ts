import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OperationKind } from '../../protocol';

/** A feature folder: spec-kit's `specs/NNN-slug/` (or any folder the user picked). */
export interface Feature {
  path: string;
  name: string;
  /** The numeric or timestamp prefix of a spec-kit folder name. */
  number?: string;
  slug: string;
  hasSpec: boolean;
  hasPlan: boolean;
  hasTasks: boolean;
}

/** `001-photo-albums` or `20261124-093000-photo-albums`. */
const FEATURE_NAME = /^(\d{8}-\d{6}|\d{3,})-(.+)$/;

const DOCUMENTS: Record<OperationKind, string> = { spec: 'spec.md', plan: 'plan.md', tasks: 'tasks.md' };

export const documentPath = (feature: Pick<Feature, 'path'>, kind: OperationKind): string => join(feature.path, DOCUMENTS[kind]);

/** The feature folders under `<root>/specs`, in number order; none when there is no specs/ folder. */
export async function findFeatures(workspaceRoot: string): Promise<Feature[]> {
  const specs = join(workspaceRoot, 'specs');
  let entries;
  try {
    entries = await readdir(specs, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const folders = entries.filter((e) => e.isDirectory() && FEATURE_NAME.test(e.name));
  const features = await Promise.all(folders.map((e) => describe(join(specs, e.name))));
  return features.sort(byNumber);
}

/** Any folder as a feature (the explorer's right-click needs no spec-kit naming); a clear error otherwise. */
export async function featureFromFolder(path: string): Promise<Feature> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (isMissing(error)) throw new Error(`The feature folder ${path} does not exist.`);
    throw error;
  }
  if (!info.isDirectory()) throw new Error(`${path} is a file, not a feature folder. Pick a folder such as specs/001-my-feature.`);
  return describe(path);
}

async function describe(path: string): Promise<Feature> {
  const name = basename(path);
  const match = FEATURE_NAME.exec(name);
  const files = new Set(await readdir(path).catch(() => [] as string[]));
  return {
    path,
    name,
    ...(match ? { number: match[1] } : {}),
    slug: match ? match[2] : name,
    hasSpec: files.has('spec.md'),
    hasPlan: files.has('plan.md'),
    hasTasks: files.has('tasks.md'),
  };
}

function byNumber(a: Feature, b: Feature): number {
  // Plain numbers compare as numbers (999 before 1000); timestamp prefixes come after them.
  const rank = (f: Feature) => (f.number === undefined ? 2 : f.number.includes('-') ? 1 : 0);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (rank(a) === 0) return Number(a.number) - Number(b.number) || a.name.localeCompare(b.name);
  return a.name.localeCompare(b.name);
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';
