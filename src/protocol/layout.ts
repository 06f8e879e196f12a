import * as z from 'zod/mini';

/**
 * Test hooks of the VS Code shell, outside the hub protocol: the host asks the Conversation page
 * how its parts are laid out (`measureLayout`), the page answers `layout`. The host sends the
 * question only when SPECWRIGHT_TEST_HOOKS=1 (the integration run); the page answers anyone.
 */
export const MeasureLayout = z.object({ type: z.literal('measureLayout'), id: z.string().check(z.maxLength(100)) });
export type MeasureLayout = z.infer<typeof MeasureLayout>;

/** `scroll`: the content's height (scrollHeight), more than `height` when the part scrolls. */
const Box = z.object({ top: z.number(), height: z.number(), visible: z.number(), scroll: z.number() });

export const LayoutReport = z.object({
  type: z.literal('layout'),
  id: z.string().check(z.maxLength(100)),
  /** The page's own height and width (the view's body). */
  viewHeight: z.number(),
  viewWidth: z.number(),
  /** Named parts (eventList, promptBox, agents, github, nextStep, opHeader, toolbar): where they are and how much of each is on screen. */
  parts: z.record(z.string(), Box),
  /** Texts whose box is far narrower than its words need (one word per line or worse). */
  squeezed: z.array(z.string()),
  /** What some parts say (agents summary, the agent picker's `auto` option, hints). */
  texts: z.record(z.string(), z.string()),
});
export type LayoutReport = z.infer<typeof LayoutReport>;
