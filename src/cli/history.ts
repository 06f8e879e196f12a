/**
 * `specwright history [--json]`: the operations the journal of the workspace holds, newest first
 * (filters: --feature, --kind, --status, --agent, --limit); `--export ID` prints one of them as
 * Markdown (its conversation), or as JSON with --json.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { Journal } from '../core/operations/journal';
import { exportOperation } from '../core/operations/journalExport';
import { journalDirOf } from '../core/operations/journalFormat';
import { filterHistory } from '../core/handlers/operationHistory';
import { threadOf } from '../core/refine/thread';
import { exportThread } from '../core/refine/threadExport';
import { OperationStatus, OperationSummaryKind, type OperationSummary } from '../protocol';

export const HISTORY_USAGE = `  history [--json] [--workspace DIR] [--feature NAME] [--kind spec|plan|tasks|task] [--status S] [--agent ID] [--limit N]
      Past operations from the journal (.specwright/journal/), newest first.
  history --export <operationId> [--json]
      One past operation as Markdown (its conversation), or as JSON.
`;

export async function runHistory(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        json: { type: 'boolean', default: false },
        workspace: { type: 'string', short: 'w' },
        feature: { type: 'string' },
        kind: { type: 'string' },
        status: { type: 'string' },
        agent: { type: 'string' },
        limit: { type: 'string' },
        export: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`specwright: ${error instanceof Error ? error.message : String(error)}\n\n${HISTORY_USAGE}`);
    return 2;
  }
  const { values } = parsed;
  const kind = values.kind === undefined ? undefined : OperationSummaryKind.safeParse(values.kind);
  const status = values.status === undefined ? undefined : OperationStatus.safeParse(values.status);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (kind && !kind.success) return usage('--kind takes spec, plan, tasks or task');
  if (status && !status.success) return usage(`--status takes ${OperationStatus.options.join(', ')}`);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return usage('--limit takes a whole number greater than 0');

  const dir = journalDirOf(resolve(values.workspace ?? process.cwd()));
  // Reading only: nothing is trimmed here (retention is applied by the writers).
  const journal = new Journal({ dirOf: () => dir, retention: () => ({ maxOperations: Number.MAX_SAFE_INTEGER, maxAgeDays: 0 }) });
  const entries = await journal.load(dir);

  if (values.export !== undefined) {
    const entry = entries.find((e) => e.summary.id === values.export || e.summary.id.startsWith(values.export ?? '\0'));
    if (!entry) {
      process.stderr.write(`specwright: no operation ${values.export} in ${dir}\n`);
      return 1;
    }
    // A turn of a refine thread: the whole thread (core/refine).
    const turns = threadOf(entries.map((e) => e.summary), entry.summary.id).map((t) => entries.find((e) => e.summary.id === t.id)).filter((e) => e !== undefined);
    const format = values.json ? 'json' : 'markdown';
    process.stdout.write((turns.length > 1 ? exportThread(turns, format) : exportOperation(entry.summary, entry.events, format)).content);
    return 0;
  }

  const operations = filterHistory(entries.map((e) => e.summary), {
    ...(values.feature !== undefined ? { feature: values.feature } : {}),
    ...(kind?.success ? { kind: kind.data } : {}),
    ...(status?.success ? { status: status.data } : {}),
    ...(values.agent !== undefined ? { agent: values.agent } : {}),
    ...(limit !== undefined ? { limit } : {}),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(operations, null, 2)}\n`);
    return 0;
  }
  if (!operations.length) {
    process.stdout.write(`No operations in ${dir}.\n`);
    return 0;
  }
  for (const op of operations) process.stdout.write(`${line(op)}\n`);
  return 0;
}

function line(op: OperationSummary): string {
  const when = new Date(op.createdAt).toISOString().slice(0, 16).replace('T', ' ');
  const what = op.kind === 'task' ? `task ${op.task?.id ?? op.task?.key ?? ''}` : op.refine ? `${op.kind} #${op.refine.turn}` : op.kind;
  const took = op.endedAt ? `${((op.endedAt - (op.startedAt ?? op.createdAt)) / 1000).toFixed(1)}s` : '';
  return [when, op.id.slice(0, 8), what.padEnd(10), op.featureName.padEnd(20), op.agent.padEnd(9), op.status.padEnd(9), took.padStart(7), op.reason ?? ''].join('  ').trimEnd();
}

function usage(message: string): number {
  process.stderr.write(`specwright: ${message}\n\n${HISTORY_USAGE}`);
  return 2;
}
