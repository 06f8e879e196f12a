import * as z from 'zod/mini';

/**
 * The one event model every agent adapter produces and every client renders.
 * `stream` lets consecutive deltas of one thinking/message stream be coalesced by the bus.
 */
export const ToolStatus = z.enum(['pending', 'running', 'succeeded', 'failed']);
export type ToolStatus = z.infer<typeof ToolStatus>;

/**
 * `group`: the id of the tool step whose sub-agent did this (Copilot's task tool, Claude's Task):
 * clients show it inside that step instead of as the main agent's work.
 */
const group = z.optional(z.string());

export const AgentEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('thinking'), text: z.string(), stream: z.optional(z.string()), group }),
  z.object({ kind: z.literal('message'), text: z.string(), stream: z.optional(z.string()), group }),
  z.object({
    kind: z.literal('tool'),
    phase: z.enum(['start', 'update', 'end']),
    id: z.string(),
    title: z.optional(z.string()),
    status: ToolStatus,
    detail: z.optional(z.string()),
    /** Live output (a shell command's), appended to what the step showed so far. */
    output: z.optional(z.string()),
    group,
  }),
  z.object({
    kind: z.literal('plan'),
    entries: z.array(z.object({ content: z.string(), status: z.enum(['pending', 'in_progress', 'completed']) })),
  }),
  z.object({
    kind: z.literal('permission'),
    id: z.string(),
    question: z.string(),
    options: z.array(z.object({ id: z.string(), label: z.string() })),
  }),
  /** A permission question was settled: answered by some client, timed out, or the run ended. */
  z.object({
    kind: z.literal('permissionResolved'),
    id: z.string(),
    outcome: z.enum(['selected', 'timedOut', 'cancelled']),
    optionId: z.optional(z.string()),
    label: z.optional(z.string()),
  }),
  z.object({ kind: z.literal('log'), text: z.string(), level: z.optional(z.enum(['info', 'warn', 'error'])) }),
  z.object({ kind: z.literal('info'), text: z.string() }),
  z.object({ kind: z.literal('error'), message: z.string(), hint: z.optional(z.string()), code: z.optional(z.string()) }),
  z.object({ kind: z.literal('complete'), summary: z.optional(z.string()), stopReason: z.optional(z.string()) }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
