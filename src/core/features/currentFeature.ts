/**
 * spec-kit's current-feature pointer, `.specify/feature.json`: `{"feature_directory":"specs/001-x"}`
 * (relative to the project root, or absolute), which spec-kit's commands resolve the active
 * feature from; `SPECIFY_FEATURE_DIRECTORY` overrides it. Specwright reads it where it has to pick
 * a feature (the CLI without a folder, VS Code's default selection) and writes it when it creates
 * a feature in a spec-kit project, as spec-kit's specify step does.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const POINTER = ['.specify', 'feature.json'];

export interface CurrentFeature {
  /** Absolute path of the feature folder. */
  path: string;
  /** Where it came from: the environment variable or the pointer file. */
  source: 'env' | 'feature.json';
}

/**
 * The current feature of the project at `root`: `SPECIFY_FEATURE_DIRECTORY` when set, else
 * `.specify/feature.json`'s `feature_directory`; undefined when neither names an existing folder.
 */
export async function currentFeature(root: string, env: NodeJS.ProcessEnv = {}): Promise<CurrentFeature | undefined> {
  const fromEnv = env.SPECIFY_FEATURE_DIRECTORY?.trim();
  if (fromEnv) {
    const path = resolve(root, fromEnv);
    if (await isDirectory(path)) return { path, source: 'env' };
  }
  const named = await pointerValue(root);
  if (named === undefined) return undefined;
  const path = resolve(root, named);
  return (await isDirectory(path)) ? { path, source: 'feature.json' } : undefined;
}

/** Walks up from `from` to the first folder with a `.specify/` (spec-kit's project root), undefined at the top. */
export async function specKitRoot(from: string): Promise<string | undefined> {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (await isDirectory(join(dir, '.specify'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Points `.specify/feature.json` at `featureDir` (relative to `root` when inside it, `/` as the
 * separator, as spec-kit writes it). Only in a spec-kit project (`.specify/` exists) and only
 * when the value changes; returns whether it wrote.
 */
export async function setCurrentFeature(root: string, featureDir: string): Promise<boolean> {
  if (!(await isDirectory(join(root, '.specify')))) return false;
  const rel = relative(root, resolve(featureDir));
  const value = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : resolve(featureDir);
  if ((await pointerValue(root)) === value) return false;
  await mkdir(join(root, '.specify'), { recursive: true });
  await writeFile(join(root, ...POINTER), `${JSON.stringify({ feature_directory: value })}\n`);
  return true;
}

/** The raw `feature_directory` string, or undefined when the file is missing, not JSON, or lacks it. */
async function pointerValue(root: string): Promise<string | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(root, ...POINTER), 'utf8'));
  } catch {
    return undefined;
  }
  const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).feature_directory : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
