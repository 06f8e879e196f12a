/**
 * The design documents a plan run writes beside plan.md (spec-kit's Phase 0/1 outputs):
 * research.md, data-model.md, quickstart.md and the files of contracts/, as prompt sections.
 * spec-kit's tasks step reads them to write the tasks, and its implement step reads them (when
 * they exist) to do a task, so the tasks prompt and every task run's prompt carry them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Design documents a plan run may write beside plan.md; tasks and task runs read them. */
export const PLAN_COMPANIONS: readonly string[] = ['research.md', 'data-model.md', 'quickstart.md'];
export const CONTRACTS_DIR = 'contracts';
/** A contract larger than this is named, not inlined: the agent can read it from disk. */
export const CONTRACT_INLINE_LIMIT = 64 * 1024;

export const section = (title: string, body: string): string => `<<< ${title} >>>\n${body.trim()}\n<<< end >>>`;

/** One section per design document that exists and has text, then one per contract file. */
export async function designSections(workspaceRoot: string, featureDir: string): Promise<string[]> {
  const rel = (name: string) => relative(workspaceRoot, join(featureDir, name)) || name;
  const sections: string[] = [];
  for (const name of PLAN_COMPANIONS) {
    const text = await readText(join(featureDir, name));
    if (text !== undefined) sections.push(section(`Design document ${name} (${rel(name)})`, text));
  }
  const contracts = await filesIn(join(featureDir, CONTRACTS_DIR));
  const tooLarge: string[] = [];
  for (const file of contracts) {
    const name = `${CONTRACTS_DIR}/${file}`;
    const text = await readText(join(featureDir, CONTRACTS_DIR, file));
    if (text === undefined) continue;
    if (text.length > CONTRACT_INLINE_LIMIT) tooLarge.push(`- ${rel(name)} (${Math.round(text.length / 1024)} KiB: read it from disk)`);
    else sections.push(section(`Contract ${name} (${rel(name)})`, text));
  }
  if (tooLarge.length) sections.push(section('Contracts too large to include here', tooLarge.join('\n')));
  return sections;
}

/** A file's text; undefined when it is missing, unreadable or blank. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trim() ? text : undefined;
  } catch {
    return undefined;
  }
}

async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
