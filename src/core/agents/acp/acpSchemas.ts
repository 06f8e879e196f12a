/**
 * The ACP messages an agent sends Specwright, checked before a handler sees them: the requests
 * `session/request_permission`, `fs/read_text_file`, `fs/write_text_file` and the notification
 * `session/update` (ACP v1, agentclientprotocol.com/protocol/schema). As the ACP SDK reads them,
 * a required field that is missing or of the wrong type fails the message, an optional one that
 * is wrong is dropped, and a list keeps the items that are valid.
 */
import * as z from 'zod/mini';

/** An optional field: null or absent is absent; a value of the wrong shape is dropped. */
const optional = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(z.nullable(schema)), undefined);

/** A list that keeps its valid items (an optional one: absent or wrong is absent). */
const validItems = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(z.array(z.unknown()), z.transform((items) => items.flatMap((value) => {
    const parsed = item.safeParse(value);
    return parsed.success ? [parsed.data as z.output<T>] : [];
  })));

const meta = optional(z.record(z.string(), z.unknown()));
const uint32 = z.int().check(z.gte(0), z.lte(4294967295));

const contentBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string(), _meta: meta }),
  z.object({ type: z.literal('image'), data: z.string(), mimeType: z.string(), uri: optional(z.string()), _meta: meta }),
  z.object({ type: z.literal('audio'), data: z.string(), mimeType: z.string(), _meta: meta }),
  z.object({ type: z.literal('resource_link'), name: z.string(), uri: z.string(), title: optional(z.string()), description: optional(z.string()), mimeType: optional(z.string()), _meta: meta }),
  z.object({
    type: z.literal('resource'),
    resource: z.union([
      z.object({ uri: z.string(), text: z.string(), mimeType: optional(z.string()) }),
      z.object({ uri: z.string(), blob: z.string(), mimeType: optional(z.string()) }),
    ]),
    _meta: meta,
  }),
]);

const toolKind = z.enum(['read', 'edit', 'delete', 'move', 'search', 'execute', 'think', 'fetch', 'switch_mode', 'other']);
const toolStatus = z.enum(['pending', 'in_progress', 'completed', 'failed']);

const toolContent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('content'), content: contentBlock }),
  z.object({ type: z.literal('diff'), path: z.string(), oldText: optional(z.string()), newText: z.string() }),
  z.object({ type: z.literal('terminal'), terminalId: z.string() }),
]);

const location = z.object({ path: z.string(), line: optional(uint32) });

const toolFields = {
  toolCallId: z.string(),
  name: optional(z.string()),
  kind: optional(toolKind),
  status: optional(toolStatus),
  content: optional(validItems(toolContent)),
  locations: optional(validItems(location)),
  rawInput: z.optional(z.unknown()),
  rawOutput: z.optional(z.unknown()),
  _meta: meta,
};

const toolCallUpdate = z.object({ ...toolFields, title: optional(z.string()) });
const toolCall = z.object({ ...toolFields, title: z.string() });
const contentChunk = { content: contentBlock, messageId: optional(z.string()), _meta: meta };

const update = <K extends string, S extends z.ZodMiniObject>(kind: K, shape: S) => z.extend(shape, { sessionUpdate: z.literal(kind) });

const sessionUpdate = z.discriminatedUnion('sessionUpdate', [
  update('user_message_chunk', z.object(contentChunk)),
  update('agent_message_chunk', z.object(contentChunk)),
  update('agent_thought_chunk', z.object(contentChunk)),
  update('tool_call', toolCall),
  update('tool_call_update', toolCallUpdate),
  update('plan', z.object({
    entries: z.catch(validItems(z.object({ content: z.string(), priority: z.enum(['high', 'medium', 'low']), status: z.enum(['pending', 'in_progress', 'completed']) })), []),
    _meta: meta,
  })),
  update('available_commands_update', z.object({ availableCommands: z.catch(validItems(z.object({ name: z.string(), description: z.string() })), []), _meta: meta })),
  update('current_mode_update', z.object({ currentModeId: z.string(), _meta: meta })),
  update('config_option_update', z.object({ configOptions: z.catch(z.array(z.unknown()), []), _meta: meta })),
  update('session_info_update', z.object({ title: optional(z.string()), updatedAt: optional(z.string()), _meta: meta })),
  update('usage_update', z.object({
    used: z.number().check(z.gte(0)),
    size: z.number().check(z.gte(0)),
    cost: optional(z.object({ amount: z.number(), currency: z.string() })),
    _meta: meta,
  })),
  update('notice', z.object({ severity: z.string(), title: z.string().check(z.minLength(1)), description: optional(z.string()), _meta: meta })),
  update('compaction_update', z.object({ compactionId: z.string(), status: z.string(), summary: optional(validItems(contentBlock)), error: optional(z.string()), _meta: meta })),
  update('compaction_summary_chunk', z.object({ compactionId: z.string(), content: contentBlock, _meta: meta })),
]);

export const sessionNotification = z.object({ sessionId: z.string(), update: sessionUpdate, _meta: meta });

export const requestPermissionRequest = z.object({
  sessionId: z.string(),
  toolCall: toolCallUpdate,
  options: z.array(z.object({ optionId: z.string(), name: z.string(), kind: z.enum(['allow_once', 'allow_always', 'reject_once', 'reject_always']), _meta: meta })),
  _meta: meta,
});

// `line` and `limit` change what is read: a wrong one fails the request rather than being dropped.
export const readTextFileRequest = z.object({ sessionId: z.string(), path: z.string(), line: z.optional(z.nullable(uint32)), limit: z.optional(z.nullable(uint32)), _meta: meta });

export const writeTextFileRequest = z.object({ sessionId: z.string(), path: z.string(), content: z.string(), _meta: meta });
