/**
 * How the services' deliberate errors become protocol errors with their code: each handler table
 * names the errors it knows; anything else stays an `internal` error (hub/requests.ts).
 */
import { ClarificationError } from '../features/clarifications';
import { CreateFeatureError } from '../features/createFeature';
import { FeatureError } from '../features/featureService';
import { GenerationError } from '../features/generationService';
import { HubError } from '../hub/errors';

/** A guard that runs a handler's work and throws what `translate` makes of its error (itself when nothing). */
export function guardWith(translate: (error: unknown) => HubError | undefined): <T>(run: () => Promise<T>) => Promise<T> {
  return async (run) => {
    try {
      return await run();
    } catch (error) {
      throw translate(error) ?? error;
    }
  };
}

/** The document services' errors (the pipeline and refine tables share them: a refine turn is a generation). */
export const guard = guardWith((error) => {
  if (error instanceof GenerationError || error instanceof FeatureError) return new HubError(error.code, error.message);
  if (error instanceof ClarificationError) return new HubError('not_found', error.message);
  if (error instanceof CreateFeatureError) return new HubError('invalid_params', error.message);
  return undefined;
});
