/**
 * Hub request handlers of a feature's history: the versions of a document, the semantic diff of
 * two of them (History → Compare) and the tasks a spec change made stale.
 */
import type { FeatureHistory } from '../features/featureHistory';
import { VersionRefError } from '../features/versionRefs';
import { HubError } from '../hub/errors';
import type { RequestHandlers } from '../hub/requests';
import { guardWith } from './serviceErrors';

export type HistoryMethods = 'listVersions' | 'diffVersions' | 'impactedTasks';

export function historyHandlers(history: FeatureHistory): Pick<RequestHandlers, HistoryMethods> {
  return {
    listVersions: (params) => refs(async () => ({ versions: await history.versions(params.feature, params.document) })),
    diffVersions: (params) => refs(() => history.diff(params.feature, params.document, {
      ...(params.from === undefined ? {} : { from: params.from }), ...(params.to === undefined ? {} : { to: params.to }),
    })),
    impactedTasks: (params) => refs(() => history.impactedTasks(params.feature)),
  };
}

/** For hosts (and tests) without a feature history. */
export function noHistoryHandlers(): Pick<RequestHandlers, HistoryMethods> {
  const unavailable = async (): Promise<never> => { throw new HubError('not_ready', 'Version history is not available in this host.'); };
  return { listVersions: unavailable, diffVersions: unavailable, impactedTasks: unavailable };
}

const refs = guardWith((error) => (error instanceof VersionRefError ? new HubError(error.code, error.message) : undefined));
