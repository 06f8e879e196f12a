/**
 * The document services' deliberate errors as protocol errors with their code (the pipeline and
 * refine tables share them: a refine turn is a generation); anything else stays `internal`.
 */
import { ClarificationError } from '../features/clarifications';
import { CreateFeatureError } from '../features/createFeature';
import { FeatureError } from '../features/featureService';
import { GenerationError } from '../features/generationService';
import { HubError } from '../hub/errors';

export async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GenerationError || error instanceof FeatureError) throw new HubError(error.code, error.message);
    if (error instanceof ClarificationError) throw new HubError('not_found', error.message);
    if (error instanceof CreateFeatureError) throw new HubError('invalid_params', error.message);
    throw error;
  }
}
