import type { AgentEvent } from '../../protocol';
import { clip } from './parserHelpers';

/**
 * The Copilot CLI session-event types beyond the conversation's core (messages, reasoning,
 * tools, errors), as its schema (`schemas/session-events.schema.json` of the platform package)
 * defines them: each one that carries something a user should read becomes an event with that
 * text. Data is read loosely (a field of the wrong type is skipped, never a crash). Types not
 * here and not in the parser's own table are bookkeeping: a one-line log with the type only.
 */
type Data = Record<string, unknown>;
type Mapper = (data: Data) => AgentEvent[];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const info = (text: string | undefined): AgentEvent[] => (text ? [{ kind: 'info', text }] : []);
const warn = (text: string | undefined): AgentEvent[] => (text ? [{ kind: 'log', level: 'warn', text }] : []);

export const COPILOT_VISIBLE_EVENTS: Record<string, Mapper> = {
  'abort': (d) => info(`Copilot stopped the turn${str(d.reason) ? ` (${String(d.reason).replace(/_/g, ' ')})` : ''}.`),
  'agent.interrupted': (d) => info(`Copilot was interrupted${str(d.reason) ? `: ${d.reason}` : '.'}`),
  'assistant.intent': (d) => info(str(d.intent) && `Copilot: ${d.intent}`),
  'assistant.turn_retry': (d) => warn(`Copilot retries the turn${str(d.reason) ? `: ${d.reason}` : ''}${str(d.model) ? ` (${d.model})` : ''}.`),
  'model.call_failure': (d) => warn(`A model call failed${num(d.statusCode) ? ` (HTTP ${d.statusCode})` : ''}${str(d.errorMessage) ? `: ${clip(String(d.errorMessage), 300)}` : '.'}`),
  'session.task_complete': (d) => (d.success === false
    ? warn(`Copilot's task was not accepted as complete${str(d.reason) ? `: ${d.reason}` : ''}${str(d.summary) ? ` — ${d.summary}` : ''}`)
    : info(str(d.summary) ? `Task complete: ${d.summary}` : 'Copilot says the task is complete.')),
  'session.title_changed': (d) => info(str(d.title) && `Session: ${d.title}`),
  'session.mode_changed': (d) => info(str(d.newMode) && `Mode: ${d.newMode}`),
  'session.model_change': (d) => info(str(d.newModel) && `Model changed${str(d.previousModel) ? ` from ${d.previousModel}` : ''} to ${d.newModel}${str(d.cause) ? ` (${d.cause})` : ''}.`),
  'session.compaction_complete': (d) => (d.success === false ? warn(`Copilot could not compact its context${str(d.error) ? `: ${d.error}` : '.'}`) : info('Copilot compacted its context.')),
  'session.compaction_start': () => info('Copilot is compacting its context.'),
  'session.truncation': (d) => warn(`Copilot dropped ${num(d.messagesRemovedDuringTruncation) ?? 'some'} earlier messages to stay within ${num(d.tokenLimit) ?? 'its'} tokens.`),
  'session.handoff': (d) => info(`Session handed off${str(d.summary) ? `: ${d.summary}` : '.'}`),
  'session.mcp_server_status_changed': (d) => (/fail|error|disconnect/i.test(String(d.status))
    ? warn(`MCP server ${String(d.serverName ?? '?')} ${String(d.status)}${str(d.error) ? `: ${d.error}` : ''}`)
    : []),
  'session.mcp_server_needs_reconnect': (d) => warn(`MCP server ${String(d.serverName ?? '?')} needs to reconnect.`),
  'mcp.oauth_required': (d) => [{ kind: 'error', message: `MCP server ${String(d.serverName ?? '?')} needs you to sign in (OAuth) at ${String(d.serverUrl ?? 'its address')}.`, hint: 'Run `copilot` in a terminal and finish the sign-in there, then run again.', code: 'mcp_oauth' }],
  'session_limits_exhausted.requested': (d) => [{ kind: 'error', message: `Copilot's credit limit for this session is reached${num(d.usedAiCredits) !== undefined ? ` (${d.usedAiCredits} of ${d.maxAiCredits ?? '?'} AI credits used)` : ''}.`, code: 'credit_limit' }],
  'system.notification': (d) => info(str(d.content) && clip(String(d.content), 500)),
  'user_input.requested': (d) => warn(str(d.question) && `Copilot asked: "${clip(String(d.question), 300)}" — prompt mode cannot put it to you; it goes on without an answer.`),
  'elicitation.requested': (d) => warn(str(d.message) && `Copilot asked for input: "${clip(String(d.message), 300)}"${str(d.url) ? ` (${d.url})` : ''} — prompt mode cannot answer it.`),
  'exit_plan_mode.requested': (d) => info(str(d.summary) && `Plan: ${clip(String(d.summary), 500)}`),
  'skill.invoked': (d) => info(str(d.name) && `Using the ${d.name} skill${str(d.description) ? `: ${clip(String(d.description), 200)}` : ''}.`),
  'hook.end': (d) => (d.success === false ? warn(`A ${String(d.hookType ?? '')} hook failed${typeof d.error === 'object' && d.error && str((d.error as Data).message) ? `: ${(d.error as Data).message}` : '.'}`) : []),
  'session.shutdown': (d) => (str(d.errorReason) ? warn(`Copilot shut down: ${d.errorReason}`) : []),
};
