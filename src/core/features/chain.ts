/**
 * Generate All: spec → plan → tasks as linked operations. Each stage is an ordinary generation
 * (versions, checks, restore on failure all apply) carrying the chain's id and its predecessor's
 * operation id, so every client can show the stages as one chain. The chain stops at the first
 * stage that does not succeed: a plan must never be written from a spec that failed.
 */
import { randomUUID } from 'node:crypto';
import type { OperationKind, OperationStatus, OperationSummary } from '../../protocol';
import type { GenerationService, StartGeneration } from './generationService';

/** The pipeline, in order. */
export const STAGES: readonly OperationKind[] = ['spec', 'plan', 'tasks'];

export interface GenerateAllRequest {
  featureDir: string;
  /** The user's words for the first stage: the feature description when the chain starts at the spec. */
  prompt: string;
  agent?: string;
  /** First stage to run (default `spec`); the documents before it must already exist. */
  from?: OperationKind;
  /** Words for the later stages (technical direction for the plan, notes for the tasks); empty when absent. */
  stagePrompts?: Partial<Record<OperationKind, string>>;
}

export type ChainStatus = Extract<OperationStatus, 'succeeded' | 'failed' | 'cancelled' | 'timedOut'>;

export interface ChainResult {
  chainId: string;
  status: ChainStatus;
  /** The stages that ran, in order. */
  operations: OperationSummary[];
  /** The stage that stopped the chain, when it did not run to the end. */
  stoppedAt?: OperationKind;
  reason?: string;
}

export interface ChainHandle {
  chainId: string;
  /** The first stage's operation (already started). */
  operationId: string;
  done: Promise<ChainResult>;
}

type Generator = Pick<GenerationService, 'start' | 'cancel'>;

export interface ChainObserver {
  /** Called as each stage's operation starts (the first one included), e.g. to follow its events. */
  onStage?: (operationId: string, kind: OperationKind) => void;
}

interface RunningChain {
  current: string;
  cancelled: boolean;
  observer: ChainObserver;
}

export class ChainService {
  private readonly running = new Map<string, RunningChain>();

  constructor(private readonly generation: Generator, private readonly newId: () => string = randomUUID) {}

  /**
   * Starts the first stage before resolving, so what would refuse it (untrusted workspace, unknown
   * agent, missing spec, a run already going) rejects here, as a single generation would.
   */
  async start(request: GenerateAllRequest, observer: ChainObserver = {}): Promise<ChainHandle> {
    const from = request.from ?? 'spec';
    const stages = STAGES.slice(STAGES.indexOf(from));
    if (!stages.length) throw new Error(`Unknown stage "${from}".`);
    const chainId = this.newId();
    const first = await this.generation.start(this.stage(request, stages[0], chainId, undefined));
    const chain: RunningChain = { current: first.operationId, cancelled: false, observer };
    this.running.set(chainId, chain);
    observer.onStage?.(first.operationId, stages[0]);
    const done = this.continue(request, chainId, chain, stages, first.done).finally(() => this.running.delete(chainId));
    return { chainId, operationId: first.operationId, done };
  }

  /** Stops the running stage and every stage after it. */
  cancel(chainId: string): boolean {
    const chain = this.running.get(chainId);
    if (!chain) return false;
    chain.cancelled = true;
    this.generation.cancel(chain.current);
    return true;
  }

  cancelAll(): void {
    for (const id of [...this.running.keys()]) this.cancel(id);
  }

  isRunning(chainId: string): boolean {
    return this.running.has(chainId);
  }

  private async continue(
    request: GenerateAllRequest, chainId: string, chain: RunningChain, stages: readonly OperationKind[], firstDone: Promise<OperationSummary>,
  ): Promise<ChainResult> {
    const operations: OperationSummary[] = [];
    let done = firstDone;
    for (let i = 0; ; i++) {
      const summary = await done;
      operations.push(summary);
      if (summary.status !== 'succeeded') {
        return { chainId, status: summary.status as ChainStatus, operations, stoppedAt: stages[i], ...(summary.reason ? { reason: summary.reason } : {}) };
      }
      const next = stages[i + 1];
      if (next === undefined) return { chainId, status: 'succeeded', operations };
      if (chain.cancelled) return { chainId, status: 'cancelled', operations, stoppedAt: next, reason: 'Cancelled.' };
      try {
        const started = await this.generation.start(this.stage(request, next, chainId, summary.id));
        chain.current = started.operationId;
        // A cancel that arrived while this stage was starting was aimed at the previous one.
        if (chain.cancelled) this.generation.cancel(started.operationId);
        chain.observer.onStage?.(started.operationId, next);
        done = started.done;
      } catch (error) {
        // A later stage refused to start (e.g. someone else is generating that document): the chain ends here, saying why.
        return { chainId, status: 'failed', operations, stoppedAt: next, reason: error instanceof Error ? error.message : String(error) };
      }
    }
  }

  private stage(request: GenerateAllRequest, kind: OperationKind, chainId: string, parentId: string | undefined): StartGeneration {
    const first = kind === (request.from ?? 'spec');
    return {
      kind,
      featureDir: request.featureDir,
      userPrompt: (first ? request.prompt || request.stagePrompts?.[kind] : request.stagePrompts?.[kind]) ?? '',
      ...(request.agent === undefined ? {} : { agent: request.agent }),
      chainId,
      ...(parentId === undefined ? {} : { parentId }),
    };
  }
}
