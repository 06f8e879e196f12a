import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { OperationKind } from '../../protocol';
import { atomicWrite } from '../features/documentWrite';
import { planMarkdown } from './scaffold/planTemplate';
import { specMarkdown } from './scaffold/specTemplate';
import { tasksMarkdown } from './scaffold/tasksTemplate';
import type { Agent, AgentDetection, AgentOutcome, AgentRequest, AgentRunContext } from '../ports/agent';

interface Generator {
  /** What the conversation shows while the document is assembled. */
  thinking: string;
  write: (request: AgentRequest) => Promise<string>;
  /** The closing message, from the written content. */
  summary: (content: string, doc: string) => string;
}

/** A document the generator builds on; missing means the pipeline was entered out of order. */
class MissingInput extends Error {}

async function input(request: AgentRequest, name: string): Promise<string> {
  try {
    return await readFile(join(request.featureDir, name), 'utf8');
  } catch {
    throw new MissingInput(`The offline scaffold writes ${basename(request.docPath)} from ${name}, and ${join(request.featureDir, name)} cannot be read. Generate it first.`);
  }
}

const optional = (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);
const today = (): string => new Date().toISOString().slice(0, 10);
/** specs/001-x with forward slashes, as spec-kit documents write paths. */
const featureRel = (r: AgentRequest): string => (relative(r.workspaceRoot, r.featureDir) || basename(r.featureDir)).split(sep).join('/');
const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
/** The user's words; a refine turn re-applies the description and every follow-up (it has no session to continue). */
const wordsOf = (r: AgentRequest): string => {
  if (!r.thread?.length) return r.userPrompt;
  // One text of sentences: each turn's words end as a sentence, so the rules split them apart.
  return [...r.thread, r.userPrompt].map((p) => p.trim()).filter(Boolean).map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');
};

/** What the scaffold can write, by document kind. */
const GENERATORS: Record<OperationKind, Generator> = {
  spec: {
    thinking: 'Splitting the description into user stories and requirements…',
    write: async (r) => specMarkdown({ featureName: basename(r.featureDir), description: wordsOf(r), date: today() }),
    summary: (content, doc) => {
      const open = (content.match(/\[NEEDS CLARIFICATION/g) ?? []).length;
      const sections = content.split('\n').filter((l) => l.startsWith('## ') || l.startsWith('### User Story')).length;
      return `Wrote **${doc}** with ${sections} sections and stories; ${open} point${open === 1 ? '' : 's'} marked NEEDS CLARIFICATION for you to resolve.`;
    },
  },
  plan: {
    thinking: 'Reading spec.md: mapping each requirement to a model, a shared rule or a user story\'s service…',
    write: async (r) => planMarkdown({
      featureName: basename(r.featureDir), featureRel: featureRel(r), spec: await input(r, 'spec.md'), userPrompt: wordsOf(r), date: today(),
      constitution: await optional(join(r.workspaceRoot, '.specify', 'memory', 'constitution.md')),
    }),
    summary: (content, doc) => {
      const open = (content.match(/NEEDS CLARIFICATION/g) ?? []).length;
      return `Wrote **${doc}**; ${count(open, 'technical choice')} left as NEEDS CLARIFICATION for you to decide.`;
    },
  },
  tasks: {
    thinking: 'Reading spec.md and plan.md: one phase per user story, every requirement named by a task…',
    write: async (r) => tasksMarkdown({ featureName: basename(r.featureDir), featureRel: featureRel(r), spec: await input(r, 'spec.md'), plan: await input(r, 'plan.md') }),
    summary: (content, doc) => {
      const tasks = (content.match(/^- \[ \] T\d{3}/gm) ?? []).length;
      const phases = (content.match(/^## Phase /gm) ?? []).length;
      return `Wrote **${doc}** with ${count(tasks, 'task')} in ${count(phases, 'phase')}.`;
    },
  },
};

/** A pause between steps so the stream is visibly live, yet a whole run stays well under a second. */
const STEP_MS = 15;

/**
 * The built-in offline agent: no AI, no network, no install. It writes spec-kit documents from
 * the user's description and streams its steps through the bus like any other agent.
 */
export class ScaffoldAgent implements Agent {
  readonly id = 'scaffold';
  readonly label = 'Offline scaffold (no AI)';

  async detect(): Promise<AgentDetection> {
    return { id: this.id, available: true, version: 'built-in' };
  }

  async run(request: AgentRequest, ctx: AgentRunContext): Promise<AgentOutcome> {
    const generator = GENERATORS[request.kind];
    const doc = basename(request.docPath);
    const step = () => pause(STEP_MS, ctx.signal);

    ctx.emit({ kind: 'info', text: `Offline scaffold: no AI, ${doc} is built from ${request.kind === 'spec' ? 'your description' : 'the earlier documents'} by fixed rules.` });
    ctx.emit({ kind: 'thinking', text: generator.thinking, stream: 'scaffold-thinking' });
    if (!(await step())) return { status: 'cancelled' };
    let content: string;
    try {
      content = await generator.write(request);
    } catch (error) {
      if (error instanceof MissingInput) return { status: 'failed', reason: error.message };
      throw error;
    }
    const sections = content.split('\n').filter((l) => l.startsWith('## ') || l.startsWith('### User Story'));
    for (const heading of sections) {
      ctx.emit({ kind: 'message', text: `- ${heading.replace(/^#+\s*/, '').replace(/\s*\*\(.*\)\*$/, '')}\n`, stream: 'scaffold-outline' });
      if (!(await step())) return { status: 'cancelled' };
    }
    ctx.emit({ kind: 'tool', phase: 'start', id: 'write', title: `Write ${doc}`, status: 'running', detail: request.docPath });
    if (!(await step())) {
      ctx.emit({ kind: 'tool', phase: 'end', id: 'write', title: `Write ${doc}`, status: 'failed', detail: 'cancelled' });
      return { status: 'cancelled' };
    }
    await atomicWrite(request.docPath, content);
    ctx.emit({ kind: 'tool', phase: 'end', id: 'write', title: `Write ${doc}`, status: 'succeeded', detail: `${content.split('\n').length} lines` });
    ctx.emit({ kind: 'message', text: `\n${generator.summary(content, doc)}\n`, stream: 'scaffold-summary' });
    return { status: 'succeeded' };
  }
}

/** Resolves true after `ms`, or false as soon as the run is cancelled. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(true); }, ms);
    const onAbort = () => { clearTimeout(timer); resolve(false); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
