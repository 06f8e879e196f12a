/**
 * JSON-RPC 2.0 over newline-delimited JSON, the transport of the Agent Client Protocol: one
 * message per line each way, requests answered by id, notifications not answered. This is the
 * part of an ACP client that does not depend on the methods (./acpClient.ts names those).
 *
 * What it does with a misbehaving peer, as the ACP SDK does: a line that is not JSON is answered
 * with a parse error (id null) and the connection goes on; a batch (an array) or a non-object is
 * an invalid request; a line longer than MAX_MESSAGE_CHARS closes the connection with an error;
 * the peer's stream ending closes it. Closing rejects every request still waiting.
 */

/** What one line may hold before the connection gives up on the peer (the SDK's default, 32 MiB). */
export const MAX_MESSAGE_CHARS = 32 * 1024 * 1024;

/** A JSON-RPC error: thrown by a handler to answer with it, or what a request rejects with. */
export class RequestError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'RequestError';
  }

  toErrorObject(): { code: number; message: string; data?: unknown } {
    return { code: this.code, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) };
  }
}

/** The two byte streams of a peer: what we write to it and what it writes to us. */
export interface NdJsonStream {
  readonly output: WritableStream<Uint8Array>;
  readonly input: ReadableStream<Uint8Array>;
}

export function ndJsonStream(output: WritableStream<Uint8Array>, input: ReadableStream<Uint8Array>): NdJsonStream {
  return { output, input };
}

export type RequestHandler = (params: unknown) => unknown;
export type NotificationHandler = (params: unknown) => void;

export interface Handlers {
  /** By method; a method without one is answered "method not found". */
  requests: ReadonlyMap<string, RequestHandler>;
  /** By method; a notification without one is dropped. */
  notifications: ReadonlyMap<string, NotificationHandler>;
  /** The error to answer for what a handler threw that is not a RequestError (a failed parse, say). */
  toRequestError: (error: unknown) => RequestError;
}

type Id = string | number | null;
type Message = Record<string, unknown>;

const isId = (value: unknown): value is Id => value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class Connection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private writes: Promise<void> = Promise.resolve();
  private closeReason: Error | undefined;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private onClosed!: () => void;
  /** Settles once the connection is closed, whoever closed it. */
  readonly closed = new Promise<void>((resolve) => (this.onClosed = resolve));

  constructor(private readonly stream: NdJsonStream, private readonly handlers: Handlers) {
    this.reader = stream.input.getReader();
    void this.receive();
  }

  get isClosed(): boolean {
    return this.closeReason !== undefined;
  }

  request(method: string, params: unknown): Promise<unknown> {
    if (this.closeReason) return Promise.reject(this.closeReason);
    const id = this.nextId++;
    const response = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, params }).catch(() => undefined);
    return response;
  }

  notify(method: string, params: unknown): Promise<void> {
    if (this.closeReason) return Promise.reject(this.closeReason);
    return this.send({ jsonrpc: '2.0', method, params });
  }

  /** Runs `op` while the connection is open: settles with it, or rejects when the connection closes first; closes afterwards. */
  async runUntil<T>(op: () => Promise<T>): Promise<T> {
    let settled = false;
    const closedFirst = this.closed.then(() => {
      if (settled) return new Promise<never>(() => undefined);
      throw this.closeReason;
    });
    try {
      return await Promise.race([op().finally(() => (settled = true)), closedFirst]);
    } finally {
      settled = true;
      this.close();
    }
  }

  close(error?: unknown): void {
    if (this.closeReason) return;
    this.closeReason = error instanceof Error ? error : new Error(error === undefined ? 'ACP connection closed' : String(error));
    for (const waiting of this.pending.values()) waiting.reject(this.closeReason);
    this.pending.clear();
    this.reader.cancel(this.closeReason).catch(() => undefined);
    this.onClosed();
  }

  private send(message: Message): Promise<void> {
    if (this.closeReason) return Promise.reject(this.closeReason);
    const bytes = this.encoder.encode(`${JSON.stringify(message)}\n`);
    const write = this.writes.then(async () => {
      if (this.closeReason) throw this.closeReason;
      const writer = this.stream.output.getWriter();
      try {
        await writer.write(bytes);
      } finally {
        writer.releaseLock();
      }
    });
    // A peer that stopped reading (its stdin closed) ends the connection.
    this.writes = write.catch((error: unknown) => this.close(error));
    return write;
  }

  private async receive(): Promise<void> {
    const decoder = new TextDecoder();
    let pending = '';
    let failure: unknown;
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (this.closeReason) return;
        if (done) break;
        const lines = (pending + decoder.decode(value, { stream: true })).split('\n');
        pending = lines.pop() ?? '';
        if (pending.length > MAX_MESSAGE_CHARS) throw new Error(`Incoming ACP data exceeds the ${MAX_MESSAGE_CHARS} character limit of one message`);
        for (const line of lines) {
          this.receiveLine(line);
          if (this.closeReason) return;
        }
      }
      this.receiveLine(pending + decoder.decode());
    } catch (error) {
      failure = error;
    } finally {
      this.close(failure);
    }
  }

  private receiveLine(line: string): void {
    const text = line.trim();
    if (!text) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.answer(null, new RequestError(-32700, 'Parse error'));
      return;
    }
    if (Array.isArray(message)) return this.answer(null, new RequestError(-32600, 'Invalid request: JSON-RPC batches are not supported'));
    if (typeof message !== 'object' || message === null) return this.answer(null, new RequestError(-32600, 'Invalid request', message));
    const msg = message as Message;
    if (typeof msg.method === 'string') {
      if ('id' in msg && isId(msg.id)) this.receiveRequest(msg.id, msg.method, msg.params);
      else if (!('id' in msg)) this.receiveNotification(msg.method, msg.params);
      else this.answer(null, new RequestError(-32600, 'Invalid request', msg));
    } else if ('id' in msg || 'result' in msg || 'error' in msg) {
      this.receiveResponse(msg);
    } else {
      this.answer(null, new RequestError(-32600, 'Invalid request', msg));
    }
  }

  private receiveResponse(msg: Message): void {
    const waiting = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
    if (!waiting) return;
    this.pending.delete(msg.id as number);
    const error = msg.error as { code?: unknown; message?: unknown; data?: unknown } | undefined;
    const hasResult = Object.hasOwn(msg, 'result');
    if (hasResult === Object.hasOwn(msg, 'error')) waiting.reject(new RequestError(-32600, 'Invalid request', msg));
    else if (hasResult) waiting.resolve(msg.result);
    else if (error && Number.isInteger(error.code) && typeof error.message === 'string') waiting.reject(new RequestError(error.code as number, error.message, error.data));
    else waiting.reject(new RequestError(-32600, 'Invalid request', msg));
  }

  private receiveNotification(method: string, params: unknown): void {
    const handler = this.handlers.notifications.get(method);
    if (!handler) return;
    try {
      handler(params);
    } catch {
      // A notification has no answer: one that does not parse is dropped, as the SDK drops it.
    }
  }

  private receiveRequest(id: Id, method: string, params: unknown): void {
    const handler = this.handlers.requests.get(method);
    if (!handler) return this.answer(id, new RequestError(-32601, `"Method not found": ${method}`, { method }));
    void (async () => {
      try {
        const result = await handler(params);
        await this.send({ jsonrpc: '2.0', id, result: result ?? null });
      } catch (error) {
        if (this.closeReason) return;
        this.answer(id, error instanceof RequestError ? error : this.handlers.toRequestError(error));
      }
    })();
  }

  private answer(id: Id, error: RequestError): void {
    this.send({ jsonrpc: '2.0', id, error: error.toErrorObject() }).catch(() => undefined);
  }
}
