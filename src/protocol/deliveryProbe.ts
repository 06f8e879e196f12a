import * as z from 'zod/mini';

/**
 * Test hook of the VS Code shell, outside the hub protocol, like `measureLayout`: what reached the
 * Conversation page. The host asks `probeDelivery` without an operation to start recording
 * (afresh), with one to hear what arrived of it; the page answers `delivery`. The host asks only
 * when SPECWRIGHT_TEST_HOOKS=1 (the integration run).
 */
export const ProbeDelivery = z.object({
  type: z.literal('probeDelivery'),
  id: z.string().check(z.maxLength(100)),
  operationId: z.optional(z.string()),
});
export type ProbeDelivery = z.infer<typeof ProbeDelivery>;

export const DeliveryReport = z.object({
  type: z.literal('delivery'),
  id: z.string().check(z.maxLength(100)),
  /** Distinct events received, and those received again (a seq not above the last one). */
  events: z.int(),
  duplicates: z.int(),
  /** Gap messages received, and seqs skipped between consecutive events. */
  gaps: z.int(),
  skipped: z.int(),
  /** Each distinct event as `seq, received at (ms since the epoch)`, flattened. */
  receipts: z.array(z.number()),
});
export type DeliveryReport = z.infer<typeof DeliveryReport>;
