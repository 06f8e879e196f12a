import { basename } from 'node:path';
import type { OperationKind } from '../../protocol';
import { atomicWrite } from '../features/documentWrite';
import { specMarkdown } from './scaffold/specTemplate';
import type { Agent, AgentDetection, AgentOutcome, AgentRequest, AgentRunContext } from './types';

type Generator = (request: AgentRequest) => string;

/** What the scaffold can write, by document kind; the others fail with a clear reason. */
const GENERATORS: Partial<Record<OperationKind, Generator>> = {
  spec: (r) => specMarkdown({ featureName: basename(r.featureDir), description: r.userPrompt, date: new Date().toISOString().slice(0, 10) }),
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
    const generate = GENERATORS[request.kind];
    const doc = basename(request.docPath);
    if (!generate) return { status: 'failed', reason: `The offline scaffold cannot write a ${request.kind} yet.` };
    const step = () => pause(STEP_MS, ctx.signal);

    ctx.emit({ kind: 'info', text: 'Offline scaffold: no AI, the document is built from your description by fixed rules.' });
    ctx.emit({ kind: 'thinking', text: 'Splitting the description into user stories and requirements…', stream: 'scaffold-thinking' });
    if (!(await step())) return { status: 'cancelled' };
    const content = generate(request);
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
    const open = (content.match(/\[NEEDS CLARIFICATION/g) ?? []).length;
    ctx.emit({ kind: 'message', text: `\nWrote **${doc}** with ${sections.length} sections and stories; ${open} point${open === 1 ? '' : 's'} marked NEEDS CLARIFICATION for you to resolve.\n`, stream: 'scaffold-summary' });
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
