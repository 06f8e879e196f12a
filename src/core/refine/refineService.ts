import { basename } from 'node:path';
import type { AgentSession, OperationKind, OperationSummary, RefineParams, RefineResult } from '../../protocol';
import type { Agent } from '../ports/agent';
import { documentPath, featureFromFolder } from '../features/features';
import { GenerationError, type GenerationService } from '../features/generationService';
import type { OperationBus } from '../operations/bus';
import { freshPrompt, resumedPrompt } from './refinePrompt';
import type { TurnPlan } from '../features/turnPlan';
import { isDocumentOperation, latestOfDocument, latestOfFeature, sessionOfThread, threadIdOf, threadOf } from './thread';

export interface RefineServiceOptions {
  bus: OperationBus;
  generation: GenerationService;
  resolveAgent: (id: string | undefined) => Promise<Agent | undefined>;
}

/**
 * Refine: a follow-up on a document an earlier operation wrote, as an operation of its own linked
 * to the first of its thread. The agent that wrote it continues its own session when it can (the
 * CLI's resume flag, ACP `session/load`/`session/resume`); otherwise the turn says so and starts a
 * new session with the current document and the follow-up as context. The run itself is an ordinary
 * generation: the previous document is kept as a version first and put back on failure or cancel.
 */
export class RefineService {
  constructor(private readonly options: RefineServiceOptions) {}

  /** The operation a refine of this feature (and document) would follow up on. */
  async target(featureDir: string, doc?: OperationKind, operationId?: string): Promise<OperationSummary> {
    const operations = this.options.bus.list();
    if (operationId) {
      const op = operations.find((o) => o.id === operationId);
      if (!op) throw new GenerationError('not_found', `No operation ${operationId} to refine.`);
      if (!isDocumentOperation(op)) throw new GenerationError('invalid_params', 'Only a spec, plan or tasks generation can be refined; a task run writes code, not a document.');
      return op;
    }
    let feature;
    try {
      feature = await featureFromFolder(featureDir);
    } catch (error) {
      throw new GenerationError('not_found', error instanceof Error ? error.message : String(error));
    }
    const op = doc ? latestOfDocument(operations, documentPath(feature, doc)) : latestOfFeature(operations, feature.path);
    if (!op) {
      const what = doc ? `${doc}.md of ${feature.name}` : feature.name;
      throw new GenerationError('not_found', `Nothing to refine: ${what} has no finished generation yet. Generate it first (refine continues the latest one).`);
    }
    return op;
  }

  /** The turns of the thread an operation belongs to, oldest first. */
  thread(operationId: string): OperationSummary[] {
    return threadOf(this.options.bus.list(), operationId);
  }

  async start(params: RefineParams): Promise<RefineResult & { done: Promise<OperationSummary> }> {
    const target = await this.target(params.feature, params.doc, params.operationId);
    if (!isDocumentOperation(target) || !target.document) throw new GenerationError('invalid_params', 'That operation wrote no document.');
    const turns = this.thread(target.id);
    const root = threadIdOf(target);
    const agentId = params.agent ?? target.agent;
    const agent = await this.options.resolveAgent(agentId);
    if (!agent) throw new GenerationError('not_found', `Unknown agent "${agentId}".`);
    const session = sessionOfThread(turns);
    const why = await cannotContinue(agent, session);
    const docName = basename(target.document);
    const thread = turns.map((t) => t.prompt ?? '').filter((p, i) => i === 0 || p !== '');
    const turn = turns.length + 1;
    const plan: TurnPlan = {
      parentOperationId: root,
      turn,
      resumed: why === undefined,
      thread,
      notice: why === undefined
        ? `Refine, turn ${turn}: continuing the ${agent.label} session ${session?.id} of this thread.`
        : `Refine, turn ${turn}: ${agent.label} cannot continue the earlier session (${why}); it starts a new session with the current ${docName} and your follow-up as context.`,
      prepare: async (input, current) => {
        const prompts = { ...input, kind: target.kind, current, thread, ...(params.onlyTasks?.length ? { onlyTasks: params.onlyTasks } : {}) };
        const fresh = await freshPrompt(prompts);
        if (why !== undefined || !session) return { prompt: fresh };
        return { prompt: resumedPrompt(prompts), resume: { session, freshPrompt: fresh } };
      },
    };
    const { operationId, done } = await this.options.generation.start({
      kind: target.kind, featureDir: target.feature, userPrompt: params.prompt, agent: agent.id, turn: plan,
    });
    return { operationId, parentOperationId: root, turn, resumed: plan.resumed, done };
  }
}

/** Why this agent cannot continue the thread's session, or undefined when it can. */
async function cannotContinue(agent: Agent, session: AgentSession | undefined): Promise<string | undefined> {
  if (!agent.resumes) return 'it keeps no session between runs';
  if (!session) return 'the earlier turns recorded no session id';
  if (session.agent !== agent.id) return `the earlier turns ran with ${session.agent}`;
  // Asked first: an ACP agent whose process still waits continues even a session it cannot load.
  if (await agent.resumes(session).catch(() => false)) return undefined;
  if (!session.resumable) return 'its session cannot be resumed';
  return `it now runs another way than the session was opened (${session.via ?? 'unknown'})`;
}
