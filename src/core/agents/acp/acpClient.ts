/**
 * The client side of the Agent Client Protocol (ACP v1) as Specwright speaks it, in place of the
 * ACP SDK (whose generated schemas of every message, on classic zod, were a seventh of the
 * extension bundle): the methods Specwright calls on an agent, the ones it answers, their
 * messages checked with ./acpSchemas.ts, over ./jsonRpc.ts. Same shape as the SDK's client, so
 * what uses it reads the same: `client().onRequest(…).onNotification(…).connectWith(stream, op)`.
 * The message types are the SDK's (types only; nothing of it is bundled).
 */
import type * as Acp from '@agentclientprotocol/sdk';
import * as z from 'zod/mini';
import { readTextFileRequest, requestPermissionRequest, sessionNotification, writeTextFileRequest } from './acpSchemas';
import { Connection, ndJsonStream, RequestError, type NdJsonStream, type NotificationHandler, type RequestHandler } from './jsonRpc';

export { ndJsonStream, RequestError };

/** The ACP version Specwright speaks. */
export const PROTOCOL_VERSION = 1;

export const methods = {
  agent: {
    initialize: 'initialize',
    session: { new: 'session/new', load: 'session/load', resume: 'session/resume', prompt: 'session/prompt', cancel: 'session/cancel' },
  },
  client: {
    session: { requestPermission: 'session/request_permission', update: 'session/update' },
    fs: { readTextFile: 'fs/read_text_file', writeTextFile: 'fs/write_text_file' },
  },
} as const;

/** Requests Specwright sends an agent: [params, result]. */
interface AgentRequests {
  initialize: [Acp.InitializeRequest, Acp.InitializeResponse];
  'session/new': [Acp.NewSessionRequest, Acp.NewSessionResponse];
  'session/load': [Acp.LoadSessionRequest, Acp.LoadSessionResponse];
  'session/resume': [Acp.ResumeSessionRequest, Acp.ResumeSessionResponse];
  'session/prompt': [Acp.PromptRequest, Acp.PromptResponse];
}
interface AgentNotifications {
  'session/cancel': Acp.CancelNotification;
}
/** Requests an agent sends Specwright: [params, result]. */
interface ClientRequests {
  'session/request_permission': [Acp.RequestPermissionRequest, Acp.RequestPermissionResponse];
  'fs/read_text_file': [Acp.ReadTextFileRequest, Acp.ReadTextFileResponse];
  'fs/write_text_file': [Acp.WriteTextFileRequest, Acp.WriteTextFileResponse];
}
interface ClientNotifications {
  'session/update': Acp.SessionNotification;
}

const REQUEST_SCHEMAS: Record<keyof ClientRequests, z.ZodMiniType> = {
  'session/request_permission': requestPermissionRequest,
  'fs/read_text_file': readTextFileRequest,
  'fs/write_text_file': writeTextFileRequest,
};
const NOTIFICATION_SCHEMAS: Record<keyof ClientNotifications, z.ZodMiniType> = {
  'session/update': sessionNotification,
};
/** Answers with no content, sent as `{}` (as the SDK sends them) rather than `null`. */
const EMPTY_RESULT: ReadonlySet<string> = new Set(['fs/write_text_file']);

/** What `connectWith` hands its operation: requests and notifications to the agent. */
export interface AgentConnection {
  request<M extends keyof AgentRequests>(method: M, params: AgentRequests[M][0]): Promise<AgentRequests[M][1]>;
  notify<M extends keyof AgentNotifications>(method: M, params: AgentNotifications[M]): Promise<void>;
}

/** What a handler threw that is not a RequestError: JSON-RPC "internal error", with its message. */
function toRequestError(error: unknown): RequestError {
  const details = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  return new RequestError(-32603, 'Internal error', { details });
}

/** Params checked by their schema; ones that fail it are answered "invalid params", with what was wrong. */
function parsed<T>(schema: z.ZodMiniType, params: unknown): T {
  const result = schema.safeParse(params);
  if (!result.success) throw new RequestError(-32602, 'Invalid params', z.formatError(result.error));
  return result.data as T;
}

export class ClientApp {
  private readonly requests = new Map<string, RequestHandler>();
  private readonly notifications = new Map<string, NotificationHandler>();

  onRequest<M extends keyof ClientRequests>(method: M, handler: (request: { params: ClientRequests[M][0] }) => ClientRequests[M][1] | Promise<ClientRequests[M][1]>): this {
    const schema = REQUEST_SCHEMAS[method];
    this.requests.set(method, async (params) => {
      const result = await handler({ params: parsed<ClientRequests[M][0]>(schema, params ?? {}) });
      return EMPTY_RESULT.has(method) ? (result ?? {}) : result;
    });
    return this;
  }

  onNotification<M extends keyof ClientNotifications>(method: M, handler: (notification: { params: ClientNotifications[M] }) => void): this {
    const schema = NOTIFICATION_SCHEMAS[method];
    this.notifications.set(method, (params) => handler({ params: parsed<ClientNotifications[M]>(schema, params) }));
    return this;
  }

  /** Connects to the agent for the lifetime of `op`: settles with it, rejects if the connection closes first, and closes afterwards. */
  connectWith<T>(stream: NdJsonStream, op: (agent: AgentConnection) => Promise<T>): Promise<T> {
    const connection = this.open(stream);
    return connection.runUntil(() => op(agentOf(connection)));
  }

  /**
   * Connects to the agent until `close()` or the end of the agent's stream: what a kept agent
   * process holds between turns. A request still waiting when it closes is rejected.
   */
  connect(stream: NdJsonStream): KeptConnection {
    const connection = this.open(stream);
    return { agent: agentOf(connection), close: () => connection.close(), closed: connection.closed };
  }

  private open(stream: NdJsonStream): Connection {
    return new Connection(stream, { requests: this.requests, notifications: this.notifications, toRequestError });
  }
}

/** A connection `ClientApp.connect` keeps open. */
export interface KeptConnection {
  agent: AgentConnection;
  close(): void;
  /** Settles once the connection is closed, whoever closed it. */
  closed: Promise<void>;
}

const agentOf = (connection: Connection): AgentConnection => ({
  request: (method, params) => connection.request(method, params).then((result) => (method === 'session/load' ? (result ?? {}) : result)) as never,
  notify: (method, params) => connection.notify(method, params),
});

export function client(_options: { name?: string } = {}): ClientApp {
  return new ClientApp();
}
