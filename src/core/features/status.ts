/**
 * Where each feature stands, for the Features view and the `featureStatus` request: which
 * documents exist, task progress per phase, open clarifications, the latest operation and the
 * step that comes next. Read from disk on demand; cheap enough to recompute on every change.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FeatureStage, FeatureStatus, OperationKind, OperationSummary, PhaseProgress } from '../../protocol';
import { featureArtefacts } from './artefacts';
import { findClarifications } from './clarifications';
import { currentFeature } from './currentFeature';
import { featureFromFolder, findFeatures, workspaceRootAbove, type Feature } from './features';
import { taskFactsOf } from './taskFacts';

export type { FeatureStatus, PhaseProgress };

export interface StatusOptions {
  /** Operations to take the latest one from (the bus's `list()`, newest first). */
  operations?: () => OperationSummary[];
  /** The workspace folder of the feature; the folder above specs/ when absent. */
  root?: string;
}

const PIPELINE: readonly OperationKind[] = ['spec', 'plan', 'tasks'];

/** The status of one feature folder. */
export async function featureStatus(featureDir: string, options: StatusOptions = {}): Promise<FeatureStatus> {
  const root = options.root ?? workspaceRootAbove(featureDir);
  return statusOf(await featureFromFolder(resolve(featureDir)), root, options.operations?.() ?? [], (await currentFeature(root))?.path);
}

/** Every feature of every workspace folder (multi-root), in folder order then number order. */
export async function workspaceStatus(roots: readonly string[], options: Omit<StatusOptions, 'root'> = {}): Promise<FeatureStatus[]> {
  const operations = options.operations?.() ?? [];
  const perRoot = await Promise.all(roots.map(async (root) => {
    const [features, current] = await Promise.all([findFeatures(root).catch(() => [] as Feature[]), currentFeature(root)]);
    return Promise.all(features.map((f) => statusOf(f, root, operations, current?.path)));
  }));
  return perRoot.flat();
}

export function stageOf(documents: FeatureStatus['documents']): FeatureStage {
  return documents.tasks ? 'tasks' : documents.plan ? 'plan' : documents.spec ? 'spec' : 'new';
}

/** The first document of the pipeline that is missing. */
export function nextStepOf(documents: FeatureStatus['documents']): OperationKind | undefined {
  return PIPELINE.find((kind) => !documents[kind]);
}

/** Done/total per phase, phases in file order; phases without tasks (legends, notes) are left out. */
export function progressOf(tasksText: string): NonNullable<FeatureStatus['progress']> {
  const phases = new Map<string, PhaseProgress>();
  for (const task of taskFactsOf(tasksText)) {
    const name = task.phase || 'Tasks';
    const phase = phases.get(name) ?? { name, done: 0, total: 0 };
    phase.total += 1;
    if (task.done) phase.done += 1;
    phases.set(name, phase);
  }
  const list = [...phases.values()];
  return { done: list.reduce((n, p) => n + p.done, 0), total: list.reduce((n, p) => n + p.total, 0), phases: list };
}

/** The newest operation on this feature folder (`operations` newest first, as the bus lists them). */
export function lastOperationOf(featureDir: string, operations: readonly OperationSummary[]): OperationSummary | undefined {
  const path = resolve(featureDir);
  return operations.filter((op) => resolve(op.feature) === path).sort((a, b) => b.createdAt - a.createdAt)[0];
}

async function statusOf(feature: Feature, root: string, operations: readonly OperationSummary[], current: string | undefined): Promise<FeatureStatus> {
  const documents = { spec: feature.hasSpec, plan: feature.hasPlan, tasks: feature.hasTasks };
  const [spec, tasks, artefacts] = await Promise.all([
    documents.spec ? readOptional(join(feature.path, 'spec.md')) : undefined,
    documents.tasks ? readOptional(join(feature.path, 'tasks.md')) : undefined,
    featureArtefacts(feature.path),
  ]);
  const hasArtefacts = artefacts.documents.length + artefacts.contracts.length + artefacts.checklists.length > 0;
  const last = lastOperationOf(feature.path, operations);
  const next = nextStepOf(documents);
  return {
    path: feature.path,
    name: feature.name,
    root,
    stage: stageOf(documents),
    documents,
    ...(tasks !== undefined ? { progress: progressOf(tasks) } : {}),
    openClarifications: spec === undefined ? 0 : findClarifications(spec).length,
    ...(last ? { lastOperation: last } : {}),
    ...(next ? { nextStep: next } : {}),
    ...(hasArtefacts ? { artefacts } : {}),
    ...(current !== undefined && resolve(current) === resolve(feature.path) ? { current: true } : {}),
  };
}


async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
