import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { OperationKind } from '../../protocol';

/** A feature folder: spec-kit's `specs/NNN-slug/`, Kiro's `.kiro/specs/<name>/` (or any folder the user picked). */
export interface Feature {
  path: string;
  name: string;
  /** Whose layout: Kiro's folders hold requirements.md, design.md and tasks.md. */
  layout: 'speckit' | 'kiro';
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
/** Kiro's three documents play the same parts: requirements → spec, design → plan. */
const KIRO_DOCUMENTS: Record<OperationKind, string> = { spec: 'requirements.md', plan: 'design.md', tasks: 'tasks.md' };

/**
 * The workspace of a feature folder named outside every workspace folder (the CLI, a folder
 * picked by hand): the folder holding `specs/` (spec-kit) or `.kiro/specs/` (Kiro); anything
 * else, the folder's parent.
 */
export function workspaceRootAbove(featureDir: string): string {
  const parent = dirname(resolve(featureDir));
  if (basename(parent) !== 'specs') return parent;
  const above = dirname(parent);
  return basename(above) === '.kiro' ? dirname(above) : above;
}

/** `<root>/.kiro/specs/<name>`: a Kiro feature folder. */
export const isKiroFolder = (path: string): boolean => /[\\/]\.kiro[\\/]specs[\\/][^\\/]+[\\/]?$/.test(path);

/** Where a generation writes: spec-kit's names (a Kiro folder's documents are read and checked, not generated). */
export const documentPath = (feature: Pick<Feature, 'path'>, kind: OperationKind): string => join(feature.path, DOCUMENTS[kind]);

/** The feature folders under `<root>/specs` in number order, then Kiro's under `<root>/.kiro/specs` by name. */
export async function findFeatures(workspaceRoot: string): Promise<Feature[]> {
  const [specs, kiro] = await Promise.all([
    foldersIn(join(workspaceRoot, 'specs'), (name) => FEATURE_NAME.test(name)),
    foldersIn(join(workspaceRoot, '.kiro', 'specs'), (name) => !name.startsWith('.')),
  ]);
  const features = await Promise.all(specs.map(describe));
  const kiroFeatures = await Promise.all(kiro.map(describe));
  return [...features.sort(byNumber), ...kiroFeatures.sort((a, b) => a.name.localeCompare(b.name))];
}

async function foldersIn(dir: string, accept: (name: string) => boolean): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && accept(e.name)).map((e) => join(dir, e.name));
  } catch (error) {
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
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
  const kiro = isKiroFolder(path);
  const match = kiro ? null : FEATURE_NAME.exec(name);
  const files = new Set(await readdir(path).catch(() => [] as string[]));
  const names = kiro ? KIRO_DOCUMENTS : DOCUMENTS;
  return {
    path,
    name,
    layout: kiro ? 'kiro' : 'speckit',
    ...(match ? { number: match[1] } : {}),
    slug: match ? match[2] : name,
    hasSpec: files.has(names.spec),
    hasPlan: files.has(names.plan),
    hasTasks: files.has(names.tasks),
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
