/**
 * The feature-level use cases both shells and the hub call, bound to the workspace: create a
 * feature folder, read its status, check it, list and answer its clarifications. Generation
 * itself stays in GenerationService / ChainService; this is everything around it.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Finding, OperationSummary } from '../../protocol';
import { answerClarificationInFile, findClarifications, type ClarificationMarker, type ClarificationTarget } from './clarifications';
import { createFeature, type CreateFeatureOptions } from './createFeature';
import { currentFeature } from './currentFeature';
import { featureFromFolder, type Feature } from './features';
import { featureStatus, workspaceStatus, type FeatureStatus } from './status';
import { withHistory } from './historyFindings';
import { checkFeature } from './traceability';
import type { VersionStore } from './versions';

/** A request about a feature that cannot be served; `code` matches the protocol's ErrorCode values. */
export class FeatureError extends Error {
  constructor(readonly code: 'not_found' | 'invalid_params', message: string) {
    super(message);
  }
}

export interface FeatureServiceOptions {
  /** Workspace folders, in order (multi-root). */
  roots: () => string[];
  /** The workspace folder a feature folder belongs to. */
  rootOf: (featureDir: string) => string;
  versionsFor: (root: string) => VersionStore;
  /** Operations known to the host, newest first (for the last operation of each feature). */
  operations: () => OperationSummary[];
}

export class FeatureService {
  constructor(private readonly options: FeatureServiceOptions) {}

  /**
   * Creates `specs/NNN-slug/` in the given workspace folder (the first one by default) the way
   * spec-kit numbers and names it; generating its spec is the caller's next step.
   */
  async create(description: string, options: CreateFeatureOptions & { root?: string } = {}): Promise<Feature> {
    const root = options.root ?? this.options.roots()[0];
    if (!root) throw new FeatureError('not_found', 'Open a folder first: a new feature is created in a workspace folder.');
    if (!description.trim()) throw new FeatureError('invalid_params', 'Describe the feature: its folder name and spec are made from the description.');
    return createFeature(root, description, options);
  }

  /** The feature `.specify/feature.json` names in the first workspace folder that has one (spec-kit's current feature). */
  async current(): Promise<string | undefined> {
    for (const root of this.options.roots()) {
      const found = await currentFeature(root);
      if (found) return found.path;
    }
    return undefined;
  }

  async status(featureDir: string): Promise<FeatureStatus> {
    const feature = await this.folder(featureDir);
    return featureStatus(feature.path, { root: this.options.rootOf(feature.path), operations: this.options.operations });
  }

  /** Every feature of every workspace folder: the Features view. */
  statusAll(): Promise<FeatureStatus[]> {
    return workspaceStatus(this.options.roots(), { operations: this.options.operations });
  }

  async check(featureDir: string): Promise<Finding[]> {
    const feature = await this.folder(featureDir);
    // History findings (ids, stale tasks, drift) join traceability's: one list, as `specwright check` prints it.
    return withHistory(await checkFeature(feature.path), { featureDir: feature.path, versions: this.options.versionsFor(this.options.rootOf(feature.path)) });
  }

  async clarifications(featureDir: string): Promise<ClarificationMarker[]> {
    const feature = await this.folder(featureDir);
    const spec = await readFile(join(feature.path, 'spec.md'), 'utf8').catch(() => undefined);
    if (spec === undefined) throw new FeatureError('not_found', `${feature.name} has no spec.md yet.`);
    return findClarifications(spec);
  }

  /** Writes the answer into spec.md (previous content kept as a version) and returns what is still open. */
  async answerClarification(featureDir: string, target: ClarificationTarget, answer: string, date?: string): Promise<{ remaining: ClarificationMarker[] }> {
    const feature = await this.folder(featureDir);
    if (!feature.hasSpec) throw new FeatureError('not_found', `${feature.name} has no spec.md yet.`);
    const versions = this.options.versionsFor(this.options.rootOf(feature.path));
    return answerClarificationInFile(join(feature.path, 'spec.md'), target, answer, { versions, ...(date ? { date } : {}) });
  }

  private async folder(featureDir: string): Promise<Feature> {
    try {
      return await featureFromFolder(resolve(featureDir));
    } catch (error) {
      throw new FeatureError('not_found', error instanceof Error ? error.message : String(error));
    }
  }
}
