/**
 * `specwright diff <featureDir> [--doc spec|tasks] [--from V] [--to V] [--list] [--json]`: the
 * semantic diff of two versions of spec.md or tasks.md — requirements, success criteria, user
 * stories and tasks added, removed, modified (with a word diff) and renumbered.
 */
import { parseArgs } from 'node:util';
import { basename, resolve } from 'node:path';
import type { DiffChange, DiffSection, DocumentDiff } from '../protocol/diff';
import { DiffDocument } from '../protocol/diff';
import { featureFromFolder } from '../core/features/features';
import { clip } from '../core/features/findingText';
import { summarizeSections } from '../core/features/specDiff';
import { diffFeatureVersions, documentFile, listDocumentVersions, VersionRefError } from '../core/features/versionRefs';
import { VersionStore } from '../core/features/versions';
import { guessWorkspaceRoot } from './follow';

export const DIFF_USAGE = `  diff <featureDir> [--doc spec|tasks] [--from V] [--to V] [--list] [--json] [--workspace DIR]
      Semantic diff of two versions of spec.md (requirements, success criteria, user
      stories) or tasks.md (tasks): added, removed, modified with a word diff, renumbered,
      and ids reused for something new. V: current (default --to), previous (default
      --from: the newest kept version that differs), basis (the spec tasks.md was written
      from), git:<rev>, or a version id from --list. Exit 0: printed; 1: unknown version
      or nothing to compare; 2: bad usage.
`;

export async function runDiff(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        doc: { type: 'string', short: 'd' },
        from: { type: 'string' },
        to: { type: 'string' },
        list: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        workspace: { type: 'string', short: 'w' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`Usage: specwright diff <featureDir> [options]\n\n${DIFF_USAGE}`);
    return 0;
  }
  if (positionals.length !== 1) return usage(positionals.length ? `diff takes one feature folder, not ${positionals.length}` : 'diff needs a feature folder: specwright diff specs/001-my-feature');
  const doc = DiffDocument.safeParse(values.doc ?? 'spec');
  if (!doc.success) return usage('--doc takes spec or tasks (plan.md has no requirements or tasks to compare)');
  let feature;
  try {
    feature = await featureFromFolder(resolve(positionals[0]));
  } catch (error) {
    process.stderr.write(`specwright: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const versions = new VersionStore(values.workspace ? resolve(values.workspace) : guessWorkspaceRoot(feature.path));
  try {
    if (values.list) {
      const list = await listDocumentVersions(feature.path, doc.data, versions);
      if (values.json) process.stdout.write(`${JSON.stringify({ versions: list }, null, 2)}\n`);
      else process.stdout.write(list.length ? `${list.map((v) => `${v.ref.padEnd(28)} ${v.label}${v.agent ? ` · ${v.agent}` : ''}${v.prompt ? `\n${' '.repeat(29)}prompt: ${clip(v.prompt, 90)}` : ''}`).join('\n')}\n` : `${documentFile(doc.data)} of ${feature.name} has no versions.\n`);
      return 0;
    }
    const diff = await diffFeatureVersions(feature.path, doc.data, { ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) }, versions);
    if (values.json) process.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
    else process.stdout.write(formatDiff(diff, colours(process.stdout.isTTY === true && !process.env.NO_COLOR)));
    return 0;
  } catch (error) {
    if (!(error instanceof VersionRefError)) throw error;
    process.stderr.write(`specwright: ${error.message}\n`);
    return 1;
  }
}

interface Paint {
  add: (s: string) => string;
  del: (s: string) => string;
  dim: (s: string) => string;
  bad: (s: string) => string;
}

const colours = (on: boolean): Paint => {
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { add: wrap('32'), del: wrap('31'), dim: wrap('2'), bad: wrap('1;31') };
};

const MARK: Record<DiffChange['kind'], string> = { added: '+', removed: '-', modified: '~', renumbered: '>' };

/** The diff as text: a header, then per section one line per change; word diffs as [-old-]{+new+}. */
export function formatDiff(diff: DocumentDiff, paint: Paint = colours(false)): string {
  const out = [`${documentFile(diff.document)} of ${basename(diff.feature)}: ${diff.from.label} → ${diff.to.label}`];
  for (const section of diff.sections) out.push('', ...formatSection(section, paint));
  out.push('', `Summary: ${summarizeSections(diff.sections)}`);
  return `${out.join('\n')}\n`;
}

function formatSection(section: DiffSection, paint: Paint): string[] {
  const head = `${section.title}${section.unchanged ? ` (${section.unchanged} unchanged)` : ''}`;
  if (!section.changes.length) return [head, paint.dim('  no changes')];
  const ledger = section.key === 'requirements' || section.key === 'successCriteria';
  return [head, ...section.changes.map((c) => `  ${MARK[c.kind]} ${idOf(c)}  ${textOf(c, paint)}${notesOf(c, ledger, paint)}`)];
}

const idOf = (c: DiffChange): string => (c.kind === 'renumbered' ? `${c.fromId || '(no id)'} → ${c.id || '(no id)'}` : c.id || '(no id)');

function textOf(c: DiffChange, paint: Paint): string {
  if (c.words) return c.words.map((w) => (w.op === 'equal' ? w.text : w.op === 'insert' ? paint.add(`{+${w.text}+}`) : paint.del(`[-${w.text}-]`))).join('');
  if (c.kind === 'removed') return paint.del(c.before ?? '');
  if (c.kind === 'added') return paint.add(c.after ?? '');
  return c.after ?? '';
}

/** `ledger`: requirement ids, which are retired rather than dropped. */
function notesOf(c: DiffChange, ledger: boolean, paint: Paint): string {
  const notes: string[] = [];
  if (c.kind === 'renumbered') notes.push('renumbered');
  if (c.reusedId) notes.push(paint.bad(`id ${c.id} reused: it named something else before`));
  if (c.kind === 'removed' && ledger) notes.push(c.retired ? `retired${c.retired.date ? ` ${c.retired.date}` : ''}${c.retired.reason ? `: ${c.retired.reason}` : ''}` : 'removed without being retired');
  return notes.length ? `  (${notes.join('; ')})` : '';
}

function usage(message: string): number {
  process.stderr.write(`specwright: ${message}\n\nUsage:\n${DIFF_USAGE}`);
  return 2;
}
