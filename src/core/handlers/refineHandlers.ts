/** Hub request `refine`: a follow-up turn on a document (core/refine). */
import { HubError } from '../hub/errors';
import type { RequestHandlers } from '../hub/requests';
import type { RefineService } from '../refine/refineService';
import { guard } from './serviceErrors';

export type RefineMethods = 'refine';

export function refineHandlers(refine: RefineService): Pick<RequestHandlers, RefineMethods> {
  return {
    refine: (params) => guard(async () => {
      const { done: _done, ...result } = await refine.start(params);
      return result;
    }),
  };
}

/** For hosts (and tests) without the document pipeline. */
export function noRefineHandlers(): Pick<RequestHandlers, RefineMethods> {
  return { refine: async () => { throw new HubError('not_ready', 'Refine is not available in this host.'); } };
}
