/**
 * New Feature: creates `specs/NNN-slug/` the way spec-kit's create-new-feature script does —
 * the next number after the highest existing one (gaps are not reused), or a `YYYYMMDD-HHMMSS`
 * prefix when `.specify/init-options.json` says `"branch_numbering": "timestamp"`; the slug is 2–4
 * meaningful words of the description. In a spec-kit project `.specify/feature.json` then points
 * at it. Generating the spec is the caller's next step.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setCurrentFeature } from './currentFeature';
import { featureFromFolder, type Feature } from './features';

export type FeatureNumbering = 'sequential' | 'timestamp';

export interface CreateFeatureOptions {
  /** Overrides what `.specify/init-options.json` asks for. */
  numbering?: FeatureNumbering;
  /** A short name to slug instead of the description (spec-kit's --short-name). */
  shortName?: string;
  /** Clock for timestamp prefixes (tests). */
  now?: () => Date;
}

export class CreateFeatureError extends Error {}

/** How many times a number is retried when another process created the same folder first. */
const ATTEMPTS = 5;

export async function createFeature(workspaceRoot: string, description: string, options: CreateFeatureOptions = {}): Promise<Feature> {
  const words = (options.shortName ?? description).trim();
  if (!words) throw new CreateFeatureError('Describe the feature: its folder name and spec are made from the description.');
  const specs = join(workspaceRoot, 'specs');
  await mkdir(specs, { recursive: true });
  const numbering = options.numbering ?? (await numberingOf(workspaceRoot));
  const slug = featureSlug(words);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const existing = (await readdir(specs, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    const prefix = numbering === 'timestamp' ? timestampPrefix(options.now?.() ?? new Date()) : nextFeatureNumber(existing);
    const path = join(specs, folderName(prefix, slug));
    try {
      await mkdir(path); // not recursive: an existing folder must fail, never be adopted
      // spec-kit's specify step points .specify/feature.json at the new feature; the folder exists
      // either way, so a pointer that cannot be written does not undo the creation.
      await setCurrentFeature(workspaceRoot, path).catch(() => false);
      return await featureFromFolder(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Same number taken meanwhile (or the same second, for timestamps): look again.
      if (numbering === 'timestamp') await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new CreateFeatureError(`Could not create a feature folder for "${slug}" in ${specs}: the names were taken.`);
}

/** spec-kit's `branch_numbering` from `.specify/init-options.json`; sequential when absent or unreadable. */
export async function numberingOf(workspaceRoot: string): Promise<FeatureNumbering> {
  try {
    const options = JSON.parse(await readFile(join(workspaceRoot, '.specify', 'init-options.json'), 'utf8')) as unknown;
    const value = typeof options === 'object' && options !== null ? (options as Record<string, unknown>).branch_numbering : undefined;
    return value === 'timestamp' ? 'timestamp' : 'sequential';
  } catch {
    return 'sequential';
  }
}

// ---------------------------------------------------------------------------------------------
// FALLBACK naming: the shared naming module (src/core/features/naming.ts) had not landed when this
// was written. These follow spec-kit's create-new-feature.sh; replace them with naming.ts's
// nextFeatureNumber / slugify / featureFolderName once it exists.
// ---------------------------------------------------------------------------------------------

const STOP_WORDS = new Set([
  'i', 'a', 'an', 'the', 'to', 'for', 'of', 'in', 'on', 'at', 'by', 'with', 'from', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'should', 'could', 'can', 'may', 'might', 'must', 'shall', 'this', 'that',
  'these', 'those', 'my', 'your', 'our', 'their', 'want', 'need', 'add', 'get', 'set', 'and', 'or',
]);

/** Folder names are branch names in spec-kit; git hosts cap those at 244 bytes. */
const MAX_NAME_BYTES = 244;

/** Next 3-digit number after the highest numbered folder (timestamp-prefixed folders do not count). */
export function nextFeatureNumber(existingNames: readonly string[]): string {
  let highest = 0;
  for (const name of existingNames) {
    const m = /^(\d+)-/.exec(name);
    if (m && !/^\d{8}-\d{6}-/.test(name)) highest = Math.max(highest, Number(m[1]));
  }
  return String(highest + 1).padStart(3, '0');
}

/** 2–4 meaningful lower-case words, hyphenated: stop-words and words under 3 letters dropped, acronyms kept. */
export function featureSlug(description: string): string {
  const ascii = description.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const acronyms = new Set((ascii.match(/\b[A-Z0-9]{2}\b/g) ?? []).map((w) => w.toLowerCase()));
  const words = ascii.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const meaningful = words.filter((w) => !STOP_WORDS.has(w) && (w.length >= 3 || acronyms.has(w)));
  const pick = meaningful.length ? meaningful.slice(0, meaningful.length === 4 ? 4 : 3) : words.slice(0, 3);
  return pick.join('-') || 'feature';
}

export function timestampPrefix(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

export function folderName(prefix: string, slug: string): string {
  let name = `${prefix}-${slug}`;
  while (Buffer.byteLength(name) > MAX_NAME_BYTES) name = name.slice(0, -1);
  return name.replace(/-+$/, '');
}
