import { RequestMethods, type ErrorCode, type ParamsOf, type RequestMethod, type ResultOf } from '../../protocol';
import { errorMessage, HubError } from './errors';
import { describeIssues } from './parse';

export interface RequestContext {
  clientId: string;
}

/** One handler per protocol method; the params it gets have already passed the method's schema. */
export type RequestHandlers = {
  [M in RequestMethod]: (params: ParamsOf<M>, ctx: RequestContext) => Promise<ResultOf<M>> | ResultOf<M>;
};

export type RequestOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: ErrorCode; message: string } };

const isRequestMethod = (method: string): method is RequestMethod => Object.hasOwn(RequestMethods, method);

/** Validates a request against its method's schema and runs its handler; never rejects. */
export async function runRequest(handlers: RequestHandlers, method: string, params: unknown, ctx: RequestContext): Promise<RequestOutcome> {
  if (!isRequestMethod(method)) return failure('unknown_method', `Unknown method "${method}".`);
  try {
    return await invoke(handlers, method, params, ctx);
  } catch (error) {
    if (error instanceof HubError) return failure(error.code, error.message);
    return failure('internal', errorMessage(error));
  }
}

async function invoke<M extends RequestMethod>(handlers: RequestHandlers, method: M, params: unknown, ctx: RequestContext): Promise<RequestOutcome> {
  const parsed = RequestMethods[method].params.safeParse(params);
  if (!parsed.success) return failure('invalid_params', `Invalid params for ${method}: ${describeIssues(parsed.error)}`);
  const handler: RequestHandlers[M] = handlers[method];
  // TypeScript cannot tie the schema picked by a generic M to ParamsOf<M>; the safeParse above is that tie.
  const result = await handler(parsed.data as ParamsOf<M>, ctx);
  return { ok: true, result };
}

const failure = (code: ErrorCode, message: string): RequestOutcome => ({ ok: false, error: { code, message } });
