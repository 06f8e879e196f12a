/**
 * A feature's past as use cases for both shells and the hub (`core.history`): the versions of
 * spec.md and tasks.md, the semantic diff of any two, the tasks a spec change made stale (the
 * list a "Refine tasks" turn offers to update), the history findings, and "keep as is" for a
 * flagged task.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Finding } from '../../protocol';
import { summarizeSections, type DiffDocument, type DocumentDiff, type ImpactedTasksResult, type VersionInfo } from '../../protocol/diff';
import { driftOf, markTaskReviewed, type TaskDrift } from './drift';
import { git } from '../git/gitState';
import { featureFromFolder, type Feature } from './features';
import { historyFindings } from './historyFindings';
import { acknowledgeImpact, impactedTasks, readTasksBasis } from './tasksBasis';
import type { DocumentText } from './traceability';
import { diffFeatureVersions, listDocumentVersions, VersionRefError } from './versionRefs';
import type { VersionStore } from './versions';

export interface FeatureHistoryOptions {
  rootOf: (featureDir: string) => string;
  versionsFor: (root: string) => VersionStore;
}

export class FeatureHistory {
  /** The latest comparisons served (newest last): what a Compare view asked for, for the shells' tests. */
  readonly served: { feature: string; document: DiffDocument; from: string; to: string; summary: string }[] = [];

  constructor(private readonly options: FeatureHistoryOptions) {}

  async versions(featureDir: string, document: DiffDocument): Promise<VersionInfo[]> {
    const feature = await this.folder(featureDir);
    return listDocumentVersions(feature.path, document, this.store(feature.path));
  }

  async diff(featureDir: string, document: DiffDocument, refs: { from?: string; to?: string } = {}): Promise<DocumentDiff> {
    const feature = await this.folder(featureDir);
    const diff = await diffFeatureVersions(feature.path, document, refs, this.store(feature.path));
    this.served.push({ feature: feature.path, document, from: diff.from.ref, to: diff.to.ref, summary: summarizeSections(diff.sections) });
    if (this.served.length > 20) this.served.shift();
    return diff;
  }

  /** Tasks citing a requirement changed or removed since tasks.md was generated. */
  async impactedTasks(featureDir: string): Promise<ImpactedTasksResult> {
    const feature = await this.folder(featureDir);
    const basis = await readTasksBasis(feature.path);
    if (!basis) return { tasks: [] };
    const [spec, tasks] = await Promise.all([readText(join(feature.path, 'spec.md')), readText(join(feature.path, 'tasks.md'))]);
    return { tasks: impactedTasks(basis, spec ?? '', tasks ?? ''), basisRecordedAt: basis.recordedAt };
  }

  /** The history findings of a feature; `spec`/`tasks` are an editor's unsaved texts when given. */
  async findings(featureDir: string, texts: { spec?: DocumentText; tasks?: DocumentText; since?: string } = {}): Promise<Finding[]> {
    const feature = resolve(featureDir);
    return historyFindings({ featureDir: feature, versions: this.store(feature), ...texts });
  }

  /** The done tasks that drifted, with the repository root their files are relative to. */
  async drift(featureDir: string): Promise<{ root?: string; tasks: TaskDrift[] }> {
    const feature = await this.folder(featureDir);
    const [spec, tasks, root] = await Promise.all([
      readText(join(feature.path, 'spec.md')), readText(join(feature.path, 'tasks.md')), git(feature.path, ['rev-parse', '--show-toplevel']),
    ]);
    const drifts = tasks === undefined ? [] : await driftOf({ featureDir: feature.path, tasksText: tasks, specText: spec ?? '' });
    return { ...(root?.trim() ? { root: root.trim() } : {}), tasks: drifts };
  }

  /** "Keep as is": the task's spec changes and drift so far are accepted. */
  async acknowledge(featureDir: string, taskKey: string): Promise<{ impact: boolean; drift: boolean }> {
    const feature = await this.folder(featureDir);
    const spec = (await readText(join(feature.path, 'spec.md'))) ?? '';
    const impact = await acknowledgeImpact(feature.path, taskKey, spec);
    const drift = await markTaskReviewed(feature.path, taskKey, spec);
    return { impact, drift };
  }

  private store(featureDir: string): VersionStore {
    return this.options.versionsFor(this.options.rootOf(featureDir));
  }

  private async folder(featureDir: string): Promise<Feature> {
    try {
      return await featureFromFolder(resolve(featureDir));
    } catch (error) {
      throw new VersionRefError('not_found', error instanceof Error ? error.message : String(error));
    }
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
