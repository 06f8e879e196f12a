/**
 * A feature's past as use cases for both shells and the hub (`core.history`): the versions of
 * spec.md and tasks.md, the semantic diff of any two, the tasks a spec change made stale (the
 * list a "Refine tasks" turn offers to update), the history findings, and "keep as is" for a
 * flagged task.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Finding } from '../../protocol';
import type { DiffDocument, DocumentDiff, ImpactedTasksResult, VersionInfo } from '../../protocol/diff';
import { markTaskReviewed } from '../tasks/drift';
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
  constructor(private readonly options: FeatureHistoryOptions) {}

  async versions(featureDir: string, document: DiffDocument): Promise<VersionInfo[]> {
    const feature = await this.folder(featureDir);
    return listDocumentVersions(feature.path, document, this.store(feature.path));
  }

  async diff(featureDir: string, document: DiffDocument, refs: { from?: string; to?: string } = {}): Promise<DocumentDiff> {
    const feature = await this.folder(featureDir);
    return diffFeatureVersions(feature.path, document, refs, this.store(feature.path));
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
