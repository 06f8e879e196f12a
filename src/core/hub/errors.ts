import type { ErrorCode } from '../../protocol';

/** Thrown by request handlers to answer with a specific protocol error code; anything else is `internal`. */
export class HubError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'HubError';
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
