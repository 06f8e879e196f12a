/** ACP's "authentication required": what `session/new` answers an agent with no credentials. */
export const AUTH_REQUIRED = -32000;

/** JSON-RPC errors arrive as RequestError from the SDK; anything with a numeric `code` will do. */
export function rpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const data = (error as { data?: unknown }).data;
    const details = typeof data === 'object' && data !== null ? (data as { details?: unknown }).details : undefined;
    return typeof details === 'string' && details && !error.message.includes(details) ? `${error.message}: ${details}` : error.message;
  }
  return String(error);
}

export function isAuthRequired(error: unknown): boolean {
  return rpcCode(error) === AUTH_REQUIRED;
}
