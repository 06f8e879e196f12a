import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AgentEvent, OperationKind, OperationStatus, OperationSummary } from '../../protocol';
import type { Agent, AgentOutcome } from '../ports/agent';
import type { OperationBus } from '../operations/bus';
import { atomicWrite } from './documentWrite';
import { documentPath, featureFromFolder } from './features';
import { afterGeneration } from './generationChecks';
import { agentEnv, buildPrompt, missingPrerequisites, PLAN_COMPANIONS } from './prompt';
import { ChangeWatch, describeRecovery, recoverInterruptedRuns, removeRunMarker, writeRunMarker, type Recovery } from './runGuard';
import type { TurnPlan } from './turnPlan';
import type { VersionStore } from './versions';
import { vscodeSettingHints, type SettingHints } from '../settings/settingHints';

/** Thrown for requests the service refuses; `code` matches the protocol's ErrorCode values. */
export class GenerationError extends Error {
  constructor(readonly code: 'invalid_params' | 'not_found' | 'untrusted_workspace' | 'busy', message: string) {
    super(message);
  }
}

export interface GenerationServiceOptions {
  bus: OperationBus;
  /** The workspace folder a feature folder belongs to (multi-root: the one that contains it). */
  workspaceRootFor: (featureDir: string) => string;
  /** Where the documents of that workspace folder keep their versions. */
  versionsFor: (workspaceRoot: string) => VersionStore;
  resolveAgent: (id: string | undefined) => Promise<Agent | undefined>;
  isTrusted?: () => boolean;
  timeoutMs?: () => number;
  /**
   * Asked before a run would overwrite these documents (the main one first; a plan run adds its
   * companions). The VS Code shell asks the user when one has unsaved edits; false: nothing starts.
   */
  confirmOverwrite?: (docPaths: readonly string[]) => Promise<boolean>;
  /** Told what was put back after runs a killed host left unfinished (runGuard.ts). */
  log?: (message: string) => void;
  /** How a failure's advice names a setting in this shell. */
  hints?: SettingHints;
}

export interface StartGeneration {
  kind: OperationKind;
  featureDir: string;
  userPrompt: string;
  agent?: string;
  /** Set by Generate All: the stages of one chain share it (see chain.ts). */
  chainId?: string;
  /** The chain's previous stage operation. */
  parentId?: string;
  /** A refine turn (core/refine): its thread, its prompt, the session it continues. */
  turn?: TurnPlan;
}

interface DocumentState {
  exists: boolean;
  content: string;
  mtimeMs: number;
}

/** What a `documentFromOutput` agent may print to become the document; more is refused, not cut. */
const MAX_PRINTED_DOCUMENT = 4 * 1024 * 1024;

/** Text that looks like the document itself, printed to the conversation instead of written. */
const PRINTED_DOCUMENT = /^#{1,2} (Feature Specification|Implementation Plan|Tasks)\b/m;

/**
 * Runs one document generation as an operation: keeps the previous document as a version,
 * streams the agent's events onto the bus, checks the document was really written, and puts the
 * previous content back when the run fails or is cancelled, so no run ever loses what the user had.
 */
export class GenerationService {
  private readonly running = new Map<string, { controller: AbortController; docPath: string }>();
  private recovering: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: GenerationServiceOptions) {}

  /**
   * Puts back what runs of a killed host (SIGKILL, crash) left half done in these workspace
   * folders; generations started meanwhile wait for it. Runs of a live process are left alone.
   */
  recoverInterrupted(roots: readonly string[]): Promise<Recovery[]> {
    // One recovery at a time: a second call finds what the first already put back.
    const done = this.recovering.then(() => Promise.all(roots.map((root) => recoverInterruptedRuns(root, this.options.versionsFor(root)).catch((error: unknown) => {
      this.options.log?.(`recovering interrupted runs in ${root} failed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    })))).then((lists) => {
      const all = lists.flat();
      for (const r of all) this.options.log?.(describeRecovery(r));
      return all;
    });
    this.recovering = done;
    return done;
  }

  /** Starts a generation; resolves the operation id at once, `done` when it has ended. */
  async start(request: StartGeneration): Promise<{ operationId: string; done: Promise<OperationSummary> }> {
    const { bus } = this.options;
    await this.recovering;
    if (this.options.isTrusted && !this.options.isTrusted()) {
      throw new GenerationError('untrusted_workspace', 'Agents do not run in an untrusted workspace. Trust the workspace to generate documents.');
    }
    const agent = await this.options.resolveAgent(request.agent);
    if (!agent) throw new GenerationError('not_found', `Unknown agent "${request.agent}".`);
    let feature;
    try {
      feature = await featureFromFolder(request.featureDir);
    } catch (error) {
      throw new GenerationError('not_found', error instanceof Error ? error.message : String(error));
    }
    const missing = await missingPrerequisites(request.kind, feature.path);
    if (missing.length) {
      const names = missing.map((kind) => `${kind}.md`).join(' and ');
      throw new GenerationError('not_found', `Generate the ${missing[0]} first: ${request.kind}.md is written from ${names}, which ${feature.name} does not have yet.`);
    }
    const docPath = documentPath(feature, request.kind);
    this.assertIdle(docPath, feature.name);
    if (this.options.confirmOverwrite) {
      const overwritten = request.kind === 'plan' ? [docPath, ...PLAN_COMPANIONS.map((name) => join(feature.path, name))] : [docPath];
      if (!(await this.options.confirmOverwrite(overwritten))) {
        throw new GenerationError('busy', `${basename(docPath)} of ${feature.name} has unsaved edits; nothing was generated.`);
      }
      // The question may have stayed open for a while: another run may have started meanwhile.
      this.assertIdle(docPath, feature.name);
    }

    const op = bus.create({
      kind: request.kind, feature: feature.path, featureName: feature.name, agent: agent.id, document: docPath,
      ...(request.chainId === undefined ? {} : { chainId: request.chainId }),
      ...(request.parentId === undefined ? {} : { parentId: request.parentId }),
      prompt: request.userPrompt,
      ...(request.turn ? { parentOperationId: request.turn.parentOperationId, refine: { turn: request.turn.turn, resumed: request.turn.resumed } } : {}),
    });
    const controller = new AbortController();
    this.running.set(op.id, { controller, docPath });
    const done = this.execute(op.id, agent, request, feature.path, docPath, controller.signal).finally(() => this.running.delete(op.id));
    return { operationId: op.id, done };
  }

  private assertIdle(docPath: string, featureName: string): void {
    for (const run of this.running.values()) {
      if (run.docPath === docPath) throw new GenerationError('busy', `${basename(docPath)} of ${featureName} is already being generated.`);
    }
  }

  cancel(operationId: string): boolean {
    const run = this.running.get(operationId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const run of this.running.values()) run.controller.abort();
  }

  isRunning(operationId: string): boolean {
    return this.running.has(operationId);
  }

  private async execute(
    operationId: string, agent: Agent, request: StartGeneration, featureDir: string, docPath: string, signal: AbortSignal,
  ): Promise<OperationSummary> {
    const { bus } = this.options;
    const workspaceRoot = this.options.workspaceRootFor(featureDir);
    const versions = this.options.versionsFor(workspaceRoot);
    const emit = (event: AgentEvent) => bus.publish(operationId, event);
    const docName = basename(docPath);
    bus.setStatus(operationId, 'running');
    let status: OperationStatus = 'failed';
    let reason: string | undefined;
    let before: DocumentState = { exists: false, content: '', mtimeMs: 0 };
    let watch: ChangeWatch | undefined;
    try {
      before = await readDocument(docPath);
      if (before.exists) {
        const kept = await versions.snapshot(docPath, { agent: agent.id, prompt: request.userPrompt, reason: 'before-generation' });
        emit({ kind: 'info', text: kept ? `Kept the previous ${docName} as version ${kept.id}.` : `The previous ${docName} is already kept as a version.` });
      }
      // Only now, with the previous text safe in a version, may a killed host's next start put it back.
      await writeRunMarker(workspaceRoot, { operationId, docPath, beforeExists: before.exists, startedAt: Date.now(), ...(before.exists ? { before: before.content } : {}) });
      watch = new ChangeWatch(docPath, before.exists ? before.content : undefined);
      if (request.kind === 'plan') await this.keepCompanions(versions, agent.id, request.userPrompt, featureDir);
      const specAtStart = request.kind === 'tasks' ? await readFile(join(featureDir, 'spec.md'), 'utf8').catch(() => undefined) : undefined;
      const promptInput = { workspaceRoot, featureDir, docPath, userPrompt: request.userPrompt };
      const turn = request.turn ? await request.turn.prepare(promptInput, before.content) : undefined;
      const prompt = turn?.prompt ?? await buildPrompt(request.kind, promptInput);
      if (request.turn) emit({ kind: 'info', text: request.turn.notice });
      emit({ kind: 'info', text: `Asking ${agent.label} to write ${docName} for ${basename(featureDir)}.` });

      const printed = { text: '', overflow: false };
      const outcome: AgentOutcome = await agent.run(
        {
          kind: request.kind, workspaceRoot, featureDir, docPath, userPrompt: request.userPrompt, prompt, env: agentEnv(featureDir), timeoutMs: this.options.timeoutMs?.(),
          ...(turn?.resume ? { resume: turn.resume } : {}), ...(request.turn ? { thread: request.turn.thread } : {}),
        },
        {
          signal,
          emit: (event) => {
            if (event.kind === 'message') {
              if (printed.text.length + event.text.length <= MAX_PRINTED_DOCUMENT) printed.text += event.text;
              else printed.overflow = true;
            }
            emit(event);
          },
          report: (facts) => bus.annotate(operationId, facts),
        },
      );
      ({ status, reason } = await this.judge(outcome, signal, docPath, before, printed, agent));
      if (status === 'succeeded' && agent.documentFromOutput && !(await writtenSince(docPath, before))) {
        await atomicWrite(docPath, printed.text);
        emit({ kind: 'info', text: `Wrote ${docName} from what ${agent.label} printed.` });
      }
      // A refine turn's result is a version of its own, its words the version's prompt.
      if (status === 'succeeded' && request.turn) await versions.snapshot(docPath, { agent: agent.id, prompt: request.userPrompt, reason: 'refine' });
      if (status === 'succeeded') {
        await afterGeneration({ kind: request.kind, featureDir, docPath, operationId, versions, emit, ...(specAtStart === undefined ? {} : { specAtStart }) })
          .catch((error: unknown) => emit({ kind: 'log', level: 'warn', text: `Checking the requirement history failed: ${error instanceof Error ? error.message : String(error)}` }));
      }
    } catch (error) {
      status = signal.aborted ? 'cancelled' : 'failed';
      reason = signal.aborted ? 'Cancelled.' : `Generation failed: ${error instanceof Error ? error.message : String(error)}`;
    }

    if (watch) await this.keepChangedDuringRun(watch, status, operationId, versions, agent.id, docPath);
    if (status !== 'succeeded') await this.keepPrevious(operationId, versions, agent.id, request.userPrompt, docPath, before);
    await removeRunMarker(workspaceRoot, operationId).catch(() => undefined);
    if (status === 'succeeded') emit({ kind: 'complete', summary: `Wrote ${docName}.` });
    else if (status === 'failed' && reason) emit({ kind: 'error', message: reason });
    bus.setStatus(operationId, status, reason);
    return bus.get(operationId) as OperationSummary;
  }

  /**
   * Turns the agent's outcome into the operation's, checking the document on disk for success.
   * A failure's reason is one line that names the agent, says the document was not changed, and
   * what to do about it.
   */
  private async judge(
    outcome: AgentOutcome, signal: AbortSignal, docPath: string, before: DocumentState, printed: { text: string; overflow: boolean }, agent: Agent,
  ): Promise<{ status: OperationStatus; reason?: string }> {
    const name = basename(docPath);
    const label = agent.label;
    const unchanged = before.exists ? `the previous ${name} is kept` : `no ${name} was written`;
    if (signal.aborted || outcome.status === 'cancelled') return { status: 'cancelled', reason: 'Cancelled.' };
    if (outcome.status === 'timedOut') {
      const more = (this.options.hints ?? vscodeSettingHints).set('timeoutMinutes', 'more minutes');
      return { status: 'timedOut', reason: `${sentence(outcome.reason ?? `${label} did not finish in time`)} ${capital(unchanged)}. If it needs longer: ${more}` };
    }
    if (outcome.status === 'failed') return { status: 'failed', reason: `${sentence(outcome.reason ?? `${label} failed`)} ${capital(unchanged)}; fix what it reported and run again.` };
    if (await writtenSince(docPath, before)) return { status: 'succeeded' };
    if (agent.documentFromOutput === true) {
      // The command's output becomes the document: only a whole, non-empty one.
      if (printed.overflow) return { status: 'failed', reason: `${label} printed more than ${MAX_PRINTED_DOCUMENT / 1024 / 1024} MB; ${unchanged}. Make it print only the document, or write ${name} itself.` };
      if (printed.text.trim() === '') return { status: 'failed', reason: `${label} printed nothing and did not write ${name}; nothing was changed. Check its command and arguments ({docPath} is where to write).` };
      return { status: 'succeeded' };
    }
    if (PRINTED_DOCUMENT.test(printed.text)) {
      return { status: 'failed', reason: `${label} printed the ${name} in the conversation instead of writing it to ${docPath}. Nothing was changed; copy it from the conversation or run again.` };
    }
    return { status: 'failed', reason: `${label} finished without writing ${name} (expected at ${docPath}); nothing was changed. Run again, or ask it to write that file.` };
  }

  /**
   * A plan run may rewrite research.md, data-model.md and quickstart.md too; their current content
   * is kept as versions first so that a regeneration never loses a hand-edited design document.
   */
  private async keepCompanions(versions: VersionStore, agentId: string, prompt: string, featureDir: string): Promise<void> {
    for (const name of PLAN_COMPANIONS) {
      await versions.snapshot(join(featureDir, name), { agent: agentId, prompt, reason: 'before-generation' });
    }
  }

  /**
   * Texts the document had on disk during the run other than its start and its end (you edited it
   * in another editor, or the agent wrote it in steps) are kept as versions and said so: a run
   * never silently overwrites what was typed meanwhile. On success the end is the result; on
   * failure keepPrevious keeps the end itself.
   */
  private async keepChangedDuringRun(
    watch: ChangeWatch, status: OperationStatus, operationId: string, versions: VersionStore, agentId: string, docPath: string,
  ): Promise<void> {
    const { bus } = this.options;
    try {
      const final = (await readDocument(docPath)).content;
      const texts = await watch.stop(final);
      const ids: string[] = [];
      for (const text of texts) {
        const kept = await versions.keep(docPath, text, { agent: agentId, reason: 'changed-during-run' });
        if (kept) ids.push(kept.id);
      }
      if (!ids.length) return;
      const what = ids.length === 1 ? `the text it had is kept as version ${ids[0]}` : `the ${ids.length} texts it had are kept as versions ${ids.join(', ')}`;
      bus.publish(operationId, {
        kind: 'info',
        text: `${basename(docPath)} changed on disk while the agent ran (you or the agent wrote it); ${what}${status === 'succeeded' ? ', compare it with the result in History' : ''}.`,
      });
    } catch (error) {
      bus.publish(operationId, { kind: 'log', level: 'warn', text: `Could not keep the texts ${basename(docPath)} had during the run: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** After a failed or cancelled run: the previous document wins; whatever the agent left is kept as a version. */
  private async keepPrevious(
    operationId: string, versions: VersionStore, agentId: string, prompt: string, docPath: string, before: DocumentState,
  ): Promise<void> {
    const { bus } = this.options;
    try {
      const now = await readDocument(docPath);
      if (!before.exists || (now.exists && now.content === before.content)) return;
      if (now.exists) await versions.snapshot(docPath, { agent: agentId, prompt, reason: 'failed-output' });
      await atomicWrite(docPath, before.content);
      bus.publish(operationId, { kind: 'info', text: `Restored the previous ${basename(docPath)}; the agent's partial output is kept in its history.` });
    } catch (error) {
      bus.publish(operationId, { kind: 'error', message: `Could not restore the previous ${basename(docPath)}: ${error instanceof Error ? error.message : String(error)}`, hint: 'It is kept in .specwright/versions.' });
    }
  }
}

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The document on disk is non-empty and not what it was before the run. */
async function writtenSince(docPath: string, before: DocumentState): Promise<boolean> {
  const after = await readDocument(docPath);
  return after.exists && after.content.trim() !== '' && (!before.exists || after.mtimeMs !== before.mtimeMs || after.content !== before.content);
}

async function readDocument(path: string): Promise<DocumentState> {
  try {
    const [content, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { exists: true, content, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, content: '', mtimeMs: 0 };
    throw error;
  }
}
