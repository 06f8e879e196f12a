import { relative, resolve } from 'node:path';
import type { Finding } from '../protocol';
import { featureFromFolder, findFeatures, type Feature } from '../core/features/features';
import { checkFeature } from '../core/features/traceability';
import { withHistory } from '../core/features/historyFindings';
import { VersionStore } from '../core/features/versions';
import { DriftError } from '../core/features/drift';
import { guessWorkspaceRoot } from './follow';

export interface CheckCommand {
  /** One feature folder; absent with `all`. */
  featureDir?: string;
  /** Every feature under `<workspace>/specs`. */
  all: boolean;
  workspace: string;
  json: boolean;
  /** A git revision: drift and requirement changes only in `<since>..HEAD` (CI). */
  since?: string;
  /** Warnings fail the run too. */
  strict?: boolean;
}

export interface FeatureFindings {
  path: string;
  name: string;
  findings: Finding[];
}

/**
 * `specwright check <featureDir> | --all`: the traceability findings, as `file:line:col: severity
 * code: message` lines a terminal or CI log makes clickable. Exit 1 when any error was found, so a
 * pull request can be gated on it; warnings and notes do not fail the run.
 */
export async function runCheck(cmd: CheckCommand): Promise<number> {
  const features = cmd.all ? await findFeatures(cmd.workspace) : [await featureFromFolder(resolve(cmd.featureDir ?? '.'))];
  let results: FeatureFindings[];
  try {
    results = await checkAll(features, cmd.since);
  } catch (error) {
    if (!(error instanceof DriftError)) throw error;
    process.stderr.write(`specwright: ${error.message}\n`);
    return 2;
  }
  const counts = countOf(results.flatMap((r) => r.findings));
  if (cmd.json) process.stdout.write(`${JSON.stringify({ features: results, ...counts }, null, 2)}\n`);
  else process.stdout.write(formatCheck(results, process.cwd(), cmd.all));
  return counts.errors > 0 || (cmd.strict && counts.warnings > 0) ? 1 : 0;
}

export async function checkAll(features: readonly Feature[], since?: string): Promise<FeatureFindings[]> {
  return Promise.all(features.map(async (f) => ({ path: f.path, name: f.name, findings: await withHistory(await checkFeature(f.path), {
    featureDir: f.path, since, versions: new VersionStore(guessWorkspaceRoot(f.path)),
  }) })));
}

export function countOf(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

/** Text report: one line per finding (1-based line:column, like compilers), then a line per feature. */
export function formatCheck(results: readonly FeatureFindings[], cwd: string, all: boolean): string {
  if (all && results.length === 0) return 'No feature folders (specs/NNN-name) found.\n';
  const out: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const column = (f.range?.start.character ?? 0) + 1;
      out.push(`${relative(cwd, f.file) || f.file}:${f.line + 1}:${column}: ${f.severity} ${f.code}: ${f.message}`);
    }
  }
  for (const r of results) {
    const c = countOf(r.findings);
    const parts = [plural(c.errors, 'error'), plural(c.warnings, 'warning'), plural(c.infos, 'note')].filter((p) => !p.startsWith('0 '));
    out.push(`${c.errors ? '✖' : '✔'} ${r.name}: ${parts.length ? parts.join(', ') : 'no problems'}`);
  }
  return `${out.join('\n')}\n`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
