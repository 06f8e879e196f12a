import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentEvent } from '../../../protocol';
import type { PermissionBroker, PermissionPolicy } from '../permissions';
import type { AgentOutcome, AgentRequest, AgentRunContext, RunReport } from '../../ports/agent';
import { errorText, isAuthRequired, rpcCode } from './acpErrors';
import { AgentProcess, type AgentExit, type AgentProcessSpec } from './agentProcess';
import type { FileSystemPort } from './fileSystem';
import { readTextFile, writeTextFile, type FsDeps } from './fsHandlers';
import { PathScope } from './pathScope';
import { answerPermissionRequest } from './permissionHandler';
import type { KeptAcpSessions, KeptLink } from './keptSessions';
import { loadAcp, type Acp, type AcpModule } from './sdk';
import { usageSummary } from '../parserHelpers';
import { modelOf } from './sessionFacts';
import { createUpdateMapper } from './updateMapper';

export interface AcpRunOptions {
  /** Shown in messages: "Gemini CLI". */
  label: string;
  /** The Specwright agent id, recorded with the session the agent opens. */
  agentId?: string;
  spec: AgentProcessSpec;
  request: AgentRequest;
  ctx: AgentRunContext;
  broker: PermissionBroker;
  policy: PermissionPolicy;
  fileSystem: FileSystemPort;
  /** What to tell a user whose agent answers "authentication required". */
  signInHint: string;
  /** After session/cancel, how long the agent may take to end its turn before its tree is ended. */
  cancelGraceMs?: number;
  /** Between SIGTERM and SIGKILL of the agent's tree. */
  killGraceMs?: number;
  /** Where a turn that went well leaves its agent process for the next turn (absent: ended after each turn). */
  kept?: KeptAcpSessions;
}

const DEFAULT_CANCEL_GRACE_MS = 2000;
const DEFAULT_KILL_GRACE_MS = 2000;
/** After the agent exited, how long a last response may still be on its way through the pipe. */
const EXIT_SETTLE_MS = 400;
/** How many stderr lines an error quotes: the agent's real reason is usually in the last few. */
const STDERR_EXPLAIN_LINES = 3;

type Ending =
  | { kind: 'turn'; response: Acp.PromptResponse }
  | { kind: 'error'; error: unknown }
  | { kind: 'exit'; exit: AgentExit }
  | { kind: 'stop'; why: 'cancelled' | 'timedOut' };

/** JSON-RPC "internal error": ACP has no code for "refused"; the message says why. */
const NO_TURN = -32603;

/** What the turn running on a link answers: the agent's updates, questions and file access. */
interface TurnHooks {
  emit(event: AgentEvent): void;
  update(params: Acp.SessionNotification): void;
  permission(params: Acp.RequestPermissionRequest): Promise<Acp.RequestPermissionResponse>;
  read(params: Acp.ReadTextFileRequest): Promise<Acp.ReadTextFileResponse>;
  write(params: Acp.WriteTextFileRequest): Promise<Acp.WriteTextFileResponse>;
}

/** The session a link holds once a turn opened it (what a later turn on the kept link continues). */
interface LinkSession {
  id: string;
  resumable: boolean;
  model?: string;
}

/**
 * One agent process and its ACP connection. The handlers answer through the turn that runs on it
 * now, so a kept link serves the next turn's conversation; between turns there is nobody to ask
 * and a request is refused.
 */
export class AcpLink implements KeptLink {
  readonly proc: AgentProcess;
  readonly conn: ReturnType<ReturnType<AcpModule['client']>['connect']>;
  turn: TurnHooks | undefined;
  session: LinkSession | undefined;

  constructor(acp: AcpModule, spec: AgentProcessSpec, private readonly killGraceMs: number) {
    this.proc = new AgentProcess(spec, (line) => this.turn?.emit({ kind: 'log', text: line }));
    const hooks = (): TurnHooks => {
      if (!this.turn) throw new acp.RequestError(NO_TURN, 'Specwright refused: no turn is running on this session.');
      return this.turn;
    };
    const app = acp
      .client({ name: 'specwright' })
      .onNotification(acp.methods.client.session.update, ({ params }) => this.turn?.update(params))
      .onRequest(acp.methods.client.session.requestPermission, ({ params }) => hooks().permission(params))
      .onRequest(acp.methods.client.fs.readTextFile, ({ params }) => hooks().read(params))
      .onRequest(acp.methods.client.fs.writeTextFile, ({ params }) => hooks().write(params));
    this.conn = app.connect(acp.ndJsonStream(this.proc.input, this.proc.output));
  }

  get exited(): Promise<AgentExit> {
    return this.proc.exited;
  }

  setIdle(idle: boolean): void {
    this.proc.setIdle(idle);
  }

  async stop(): Promise<void> {
    this.turn = undefined;
    this.conn.close();
    await this.proc.stop(this.killGraceMs);
  }
}

/** How a process was started: a kept one serves a turn only if this turn would start it the same way. */
const signatureOf = (spec: AgentProcessSpec): string => JSON.stringify([spec.command, spec.args, spec.cwd, spec.env ?? {}]);

/**
 * One prompt turn with an ACP agent: start it, `initialize`, `session/new` in the workspace,
 * `session/prompt`, and stream its updates into the conversation meanwhile. Permission requests
 * and file access are answered here. A turn that went well leaves the process waiting in `kept`
 * (when given) for the next turn of its session, which then only sends `session/prompt`; every
 * other way out ends the agent's process tree.
 */
export async function runAcpTurn(options: AcpRunOptions): Promise<AgentOutcome> {
  const { ctx, request, label } = options;
  if (ctx.signal.aborted) return { status: 'cancelled' };
  const acp = await loadAcp();
  if (ctx.signal.aborted) return { status: 'cancelled' };

  const agentId = options.agentId ?? label;
  const signature = signatureOf(options.spec);
  const wanted = request.resume;
  const waiting = wanted ? options.kept?.take(agentId, wanted.session.id, signature) : undefined;
  const link = waiting instanceof AcpLink && !waiting.proc.hasExited ? waiting : new AcpLink(acp, options.spec, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  if (waiting && waiting !== link) void waiting.stop();
  const reused = link === waiting;
  const proc = link.proc;
  const emit = (event: AgentEvent) => ctx.emit(event);
  // Questions still open when the turn ends (cancel, crash) are withdrawn with it.
  const questions = new AbortController();
  const onAbort = () => questions.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const askCtx = { emit, signal: questions.signal };
  const scope = new PathScope(request.workspaceRoot, request.featureDir);
  const fsDeps: FsDeps = { acp, label, fs: options.fileSystem, scope, broker: options.broker, policy: options.policy, ctx: askCtx };
  const mapUpdate = createUpdateMapper();
  const facts: RunReport = {};
  let costUsd: number | undefined;
  let cancelTurn: (() => Promise<void>) | undefined;
  // While `session/load` replays the earlier conversation: already shown, not shown again.
  let replaying = false;

  link.turn = {
    emit,
    update: (params) => {
      if (replaying) return;
      const mapped = mapUpdate(params.update);
      for (const event of mapped.events) emit(event);
      if (mapped.costUsd !== undefined) costUsd = mapped.costUsd;
    },
    permission: (params) => answerPermissionRequest(params, { label, broker: options.broker, policy: options.policy, scope, ctx: askCtx }),
    read: (params) => readTextFile(params, fsDeps),
    write: (params) => writeTextFile(params, fsDeps),
  };
  const conn = link.conn.agent;

  /** The kept session of a link that served a turn before: the agent still holds the conversation. */
  const continueKept = (session: LinkSession): { sessionId: string } => {
    emit({ kind: 'info', text: `Continuing the ${label} session ${session.id} in the agent process still running since the last turn (session/prompt).` });
    return { sessionId: session.id };
  };

  /** A new process: initialize, then load or resume the wanted session when the agent can, else a new one. */
  const openSession = async (): Promise<{ active: { sessionId: string }; prompt: string; resumable: boolean }> => {
    const init = await conn.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: false },
      clientInfo: { name: 'specwright', title: 'Specwright', version: '0.1.0' },
    });
    const info = init.agentInfo;
    if (info) emit({ kind: 'info', text: `${info.title ?? info.name} ${info.version} (ACP)`.trim() });
    const featureOutside = !(await scope.featureInsideWorkspace());
    // Only when needed: agents that predate the field may reject it.
    const where = { cwd: request.workspaceRoot, mcpServers: [], ...(featureOutside ? { additionalDirectories: [request.featureDir] } : {}) };
    // `session/load` (or the unstable `session/resume`) continues it, when the agent offers either.
    const caps = init.agentCapabilities;
    const canResume = !!caps?.sessionCapabilities?.resume;
    const canLoad = caps?.loadSession === true;
    const resumable = canLoad || canResume;
    let prompt = request.prompt;
    let session: { sessionId: string } | undefined;
    if (wanted && resumable) {
      const how = canResume ? 'session/resume' : 'session/load';
      replaying = true;
      try {
        const opened = canResume
          ? await conn.request(acp.methods.agent.session.resume, { sessionId: wanted.session.id, ...where })
          : await conn.request(acp.methods.agent.session.load, { sessionId: wanted.session.id, ...where });
        session = { ...(opened ?? {}), sessionId: wanted.session.id };
        emit({ kind: 'info', text: `Continuing the ${label} session ${wanted.session.id} (${how}).` });
      } catch (error) {
        if (isAuthRequired(error)) throw error;
        emit({ kind: 'info', text: `${label} could not continue session ${wanted.session.id} (${errorText(error)}): a new session starts with the document and your follow-up as context.` });
        prompt = wanted.freshPrompt;
      } finally {
        replaying = false;
      }
    } else if (wanted) {
      emit({ kind: 'info', text: `${label} cannot continue session ${wanted.session.id}: the agent process that held it has ended and the agent offers no loadSession or session/resume. A new session starts with the document and your follow-up as context.` });
      prompt = wanted.freshPrompt;
    }
    return { active: session ?? (await conn.request(acp.methods.agent.session.new, where)), prompt, resumable };
  };

  const turn: Promise<Ending> = (async () => {
    let active: { sessionId: string };
    let prompt = request.prompt;
    let resumable: boolean;
    if (reused && link.session) {
      active = continueKept(link.session);
      resumable = link.session.resumable;
      if (link.session.model) facts.model = link.session.model;
    } else {
      ({ active, prompt, resumable } = await openSession());
      facts.model = modelOf(active);
      link.session = { id: active.sessionId, resumable, ...(facts.model ? { model: facts.model } : {}) };
    }
    ctx.report?.({ session: { agent: agentId, id: active.sessionId, resumable, via: 'acp' } });
    if (facts.model) ctx.report?.({ model: facts.model });
    const sessionId = active.sessionId;
    cancelTurn = () => conn.notify(acp.methods.agent.session.cancel, { sessionId });
    if (ctx.signal.aborted) await cancelTurn();
    return conn.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text: prompt }] });
  })().then((response): Ending => ({ kind: 'turn', response }), (error: unknown): Ending => ({ kind: 'error', error }));

  // Every wait below ends with the run, so no timer outlives it (and holds up a CLI's exit).
  const timers = new AbortController();
  const wait = <T>(ms: number, value: T): Promise<T> => sleep(ms, value, { signal: timers.signal }).catch(() => value);
  let timeLimit: NodeJS.Timeout | undefined;
  let onCancel: (() => void) | undefined;
  const stopped = new Promise<Ending>((resolve) => {
    onCancel = () => resolve({ kind: 'stop', why: 'cancelled' });
    if (ctx.signal.aborted) onCancel();
    ctx.signal.addEventListener('abort', onCancel, { once: true });
    const limit = request.timeoutMs;
    if (limit && limit > 0 && limit < 2 ** 31) timeLimit = setTimeout(() => resolve({ kind: 'stop', why: 'timedOut' }), limit);
  });
  const exited = proc.exited.then((exit): Ending => ({ kind: 'exit', exit }));

  let outcome: AgentOutcome | undefined;
  try {
    let ending = await Promise.race([turn, exited, stopped]);
    if (ending.kind === 'exit') {
      // The agent may have answered just before exiting: that answer beats "it crashed".
      ending = await Promise.race([turn, wait(EXIT_SETTLE_MS, ending)]);
    }
    if (ending.kind === 'stop') {
      questions.abort();
      // Ask politely first: a turn that ends itself cleans up (and reports "cancelled").
      await cancelTurn?.().catch(() => undefined);
      await Promise.race([turn, proc.exited, wait(options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS, undefined)]);
      if (ending.why === 'timedOut') return { status: 'timedOut', reason: `${label} did not finish within ${formatDuration(request.timeoutMs ?? 0)}` };
      facts.stopReason = 'cancelled';
      return { status: 'cancelled' };
    }
    if (ending.kind === 'turn') {
      outcome = finishTurn(ending.response, options, facts, costUsd);
      return outcome;
    }
    if (ending.kind === 'exit') return crashed(ending.exit, proc, options);
    if (ctx.signal.aborted) return { status: 'cancelled' };
    // Awaited here: the `finally` below ends the process, and its exit status must be read first.
    return await failed(ending.error, proc, options);
  } finally {
    questions.abort();
    timers.abort();
    clearTimeout(timeLimit);
    ctx.signal.removeEventListener('abort', onAbort);
    if (onCancel) ctx.signal.removeEventListener('abort', onCancel);
    link.turn = undefined;
    // Only a turn that went well leaves its agent waiting; a cancel, a crash or an error ends it.
    const keep = options.kept && outcome?.status === 'succeeded' && !ctx.signal.aborted && !proc.hasExited && link.session;
    if (keep && options.kept && link.session) options.kept.keep(agentId, link.session.id, signature, link);
    else await link.stop();
    if (facts.stopReason) ctx.report?.({ stopReason: facts.stopReason });
  }
}

function finishTurn(response: Acp.PromptResponse, options: AcpRunOptions, facts: RunReport, costUsd: number | undefined): AgentOutcome {
  const { ctx, label } = options;
  const usage = (response as { usage?: { inputTokens?: number; outputTokens?: number } | null }).usage;
  if (usage || costUsd !== undefined) {
    facts.usage = { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0, ...(costUsd !== undefined ? { costUsd } : {}) };
    ctx.report?.({ usage: facts.usage });
  }
  facts.stopReason = response.stopReason;
  ctx.emit({ kind: 'complete', stopReason: response.stopReason, ...(facts.usage ? { summary: usageSummary(facts.usage) } : {}) });
  if (response.stopReason === 'refusal') return { status: 'failed', reason: `${label} declined the request.` };
  if (response.stopReason === 'cancelled') return { status: ctx.signal.aborted ? 'cancelled' : 'failed', reason: `${label} cancelled the turn.` };
  return { status: 'succeeded' };
}

/**
 * The turn ended with an error. An error the agent answered (a JSON-RPC error with a code) is the
 * agent's own word and is shown as it is, with the stderr lines that explain it. Anything else
 * (the connection broke) is a crash only if the process really exited on its own, which its exit
 * status says, never the words of the message.
 */
async function failed(error: unknown, proc: AgentProcess, options: AcpRunOptions): Promise<AgentOutcome> {
  const { ctx, label } = options;
  if (isAuthRequired(error)) {
    const message = `${label} is not signed in.`;
    ctx.emit({ kind: 'error', message, hint: options.signInHint, code: 'auth' });
    return { status: 'failed', reason: `${message} ${options.signInHint}` };
  }
  const text = errorText(error);
  // An agent often exits right after answering with its error: give the exit (and its last
  // stderr lines) a moment to arrive, without waiting when it keeps running.
  const exit = proc.hasExited || rpcCode(error) === undefined ? await exitWithin(proc, EXIT_SETTLE_MS) : await exitWithin(proc, EXIT_SETTLE_MS / 2);
  if (rpcCode(error) === undefined && exit) return crashed(exit, proc, options, text);
  const why = stderrExplanation(proc, text);
  const message = `${label} reported an error: ${text}${why ? ` (${why})` : ''}`;
  ctx.emit({ kind: 'error', message, code: 'agent_error', ...(why ? { hint: 'The agent printed this on stderr; the log lines above have the rest.' } : {}) });
  return { status: 'failed', reason: message };
}

/** The process's exit when it comes within `ms`, else undefined (it is still running). */
async function exitWithin(proc: AgentProcess, ms: number): Promise<AgentExit | undefined> {
  const timer = new AbortController();
  const exit = await Promise.race([proc.exited, sleep(ms, undefined, { signal: timer.signal }).catch(() => undefined)]);
  timer.abort();
  return exit;
}

/** The last stderr lines that are not already in `known` (an agent often repeats its error there). */
function stderrExplanation(proc: AgentProcess, known = ''): string {
  return proc.stderrTail().map((l) => l.trim()).filter((l) => l && !known.includes(l)).slice(-STDERR_EXPLAIN_LINES).join(' ')
    .slice(0, 600);
}

function formatDuration(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}

function crashed(exit: AgentExit, proc: AgentProcess, options: AcpRunOptions, agentSaid?: string): AgentOutcome {
  const { ctx, label } = options;
  if (exit.spawnError) {
    const notFound = exit.spawnError.code === 'ENOENT';
    const message = notFound ? `${label} was not found (${options.spec.command})` : `${label} could not be started: ${exit.spawnError.message}`;
    ctx.emit({ kind: 'error', message, code: notFound ? 'agent_not_found' : 'agent_error' });
    return { status: 'failed', reason: message };
  }
  const how = exit.code !== null ? `exit code ${exit.code}` : exit.signal ? `signal ${exit.signal}` : 'no exit status';
  const tail = stderrExplanation(proc, agentSaid);
  const said = agentSaid && !/^(ACP connection closed|connection closed)/i.test(agentSaid) ? ` It said: ${agentSaid}.` : '';
  const message = `${label} stopped unexpectedly in the middle of the session (${how})${tail ? `: ${tail}` : '.'}${said}`;
  ctx.emit({ kind: 'error', message, code: 'agent_crashed', hint: 'See the log lines above for what the agent printed; run it again, or check the agent on its own in a terminal.' });
  return { status: 'failed', reason: message };
}
