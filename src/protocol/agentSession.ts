import * as z from 'zod/mini';

/**
 * The agent CLI's own session behind an operation, as its stream named it (Copilot
 * `session.start`/`result`, Claude `system/init`, Gemini `init`, Codex `thread.started`, ACP
 * `session/new`). A later run can continue it ("refine in the same session") when `resumable`.
 */
export const AgentSession = z.object({
  /** The Specwright agent id that ran it (copilot, claude, gemini, codex, opencode, qwen, custom). */
  agent: z.string(),
  /** The CLI's session id, as the CLI's resume flag or ACP `session/load` takes it. */
  id: z.string(),
  /** The pinned CLI can continue this session (a resume flag, or ACP `loadSession`). */
  resumable: z.boolean(),
  /** How the run talked to the CLI: acp, jsonl, stream-json, exec; resuming goes the same way. */
  via: z.optional(z.string()),
});
export type AgentSession = z.infer<typeof AgentSession>;
