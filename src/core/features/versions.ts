/**
 * Versions of a feature's documents, so that no generation, failure or cancel loses content.
 *
 * Layout, per workspace folder:
 *   .specwright/versions/<feature folder name>/<document file name>/
 *     index.jsonl            one JSON line per version: id, createdAt, agent, prompt, reason, sha256, size
 *     <id>.md                the content of that version
 * Version ids are `<UTC time with safe characters>-<n>`, so they sort by time and stay unique.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { atomicWrite } from './documentWrite';

export type VersionReason = 'before-generation' | 'failed-output' | 'changed-during-run' | 'restore' | 'manual' | 'refine';

export interface VersionMeta {
  agent?: string;
  prompt?: string;
  reason: VersionReason;
}

export interface Version extends VersionMeta {
  id: string;
  createdAt: number;
  sha256: string;
  size: number;
}

/** Prompts are kept for context, not as a transcript. */
const MAX_PROMPT_CHARS = 4000;

export class VersionStore {
  private counter = 0;

  constructor(private readonly workspaceRoot: string, private readonly now: () => number = Date.now) {}

  /** Where a document's versions live. */
  folderOf(docPath: string): string {
    return join(this.workspaceRoot, '.specwright', 'versions', basename(dirname(docPath)), basename(docPath));
  }

  /**
   * Keeps the document's current content as a version. Nothing is written (undefined) when the
   * document does not exist or the newest version already holds the same content.
   */
  async snapshot(docPath: string, meta: VersionMeta): Promise<Version | undefined> {
    const content = await readOptional(docPath);
    if (content === undefined) return undefined;
    return this.keep(docPath, content, meta);
  }

  /** Keeps the given content as a version (same de-duplication as snapshot). */
  async keep(docPath: string, content: string, meta: VersionMeta): Promise<Version | undefined> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const [newest] = await this.list(docPath);
    if (newest?.sha256 === sha256) return undefined;
    const createdAt = this.now();
    const version: Version = {
      id: `${new Date(createdAt).toISOString().replace(/[:.]/g, '-')}-${++this.counter}`,
      createdAt,
      reason: meta.reason,
      ...(meta.agent ? { agent: meta.agent } : {}),
      ...(meta.prompt ? { prompt: meta.prompt.slice(0, MAX_PROMPT_CHARS) } : {}),
      sha256,
      size: Buffer.byteLength(content),
    };
    const folder = this.folderOf(docPath);
    await mkdir(folder, { recursive: true });
    // Content first, index second: an index line never points at a missing file.
    await atomicWrite(join(folder, `${version.id}.md`), content);
    await appendFile(join(folder, 'index.jsonl'), `${JSON.stringify(version)}\n`, 'utf8');
    return version;
  }

  /** Newest first. A damaged index line (e.g. a crash mid-write) is skipped, not fatal. */
  async list(docPath: string): Promise<Version[]> {
    const index = await readOptional(join(this.folderOf(docPath), 'index.jsonl'));
    if (!index) return [];
    const versions: Version[] = [];
    for (const line of index.split('\n')) {
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line) as Version;
        if (typeof v.id === 'string' && typeof v.createdAt === 'number') versions.push(v);
      } catch { /* skip */ }
    }
    return versions.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
  }

  async read(docPath: string, id: string): Promise<string> {
    if (!/^[\w-]+$/.test(id)) throw new Error(`Invalid version id "${id}".`);
    const content = await readOptional(join(this.folderOf(docPath), `${id}.md`));
    if (content === undefined) throw new Error(`Version ${id} of ${basename(docPath)} was not found.`);
    return content;
  }

  /** Puts a version back; the current content is kept as a version first, so restoring is undoable. */
  async restore(docPath: string, id: string, meta: Omit<VersionMeta, 'reason'> = {}): Promise<void> {
    const content = await this.read(docPath, id);
    await this.snapshot(docPath, { ...meta, reason: 'restore' });
    await atomicWrite(docPath, content);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
