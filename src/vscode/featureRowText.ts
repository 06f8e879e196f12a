/**
 * The words of a Features-view row, apart from the tree API so they can be tested in plain Node:
 * a one-line description ("tasks · 12/24 done") and a Markdown tooltip with the details.
 */
import type { FeatureStatus, PhaseProgress } from '../protocol';

export interface FeatureRowText {
  description: string;
  tooltip: string;
}

const STAGE_WORDS: Record<FeatureStatus['stage'], string> = {
  new: 'no documents yet',
  spec: 'spec',
  plan: 'spec, plan',
  tasks: 'spec, plan, tasks',
};

export function featureRowText(status: FeatureStatus): FeatureRowText {
  const parts: string[] = [];
  // spec-kit's current feature (.specify/feature.json), where its commands and Specwright's defaults go.
  if (status.current) parts.push('current');
  if (status.progress && status.progress.total > 0) parts.push(`${status.progress.done}/${status.progress.total} done`);
  else parts.push(STAGE_WORDS[status.stage]);
  if (status.openClarifications) parts.push(`${status.openClarifications}?`);
  const op = status.lastOperation;
  if (op && !['succeeded', 'cancelled'].includes(op.status)) parts.push(`${op.kind} ${op.status}`);

  const lines = [`**${escapeMarkdown(status.name)}**`, '', `Documents: ${STAGE_WORDS[status.stage]}`];
  if (status.progress && status.progress.total > 0) {
    lines.push('', `Tasks: ${status.progress.done}/${status.progress.total} done (${percent(status.progress.done, status.progress.total)})`);
    for (const phase of status.progress.phases) lines.push(`- ${escapeMarkdown(phase.name)}: ${phaseText(phase)}`);
  }
  if (status.openClarifications) lines.push('', `Open clarifications: ${status.openClarifications}`);
  if (op) lines.push('', `Last operation: ${op.kind} with ${escapeMarkdown(op.agent)} — ${op.status}${op.reason ? ` (${escapeMarkdown(op.reason)})` : ''}`);
  if (status.nextStep) lines.push('', `Next step: generate ${status.nextStep}.md`);
  if (status.current) lines.push('', 'Current feature (.specify/feature.json)');
  return { description: parts.join(' · '), tooltip: lines.join('\n') };
}

export function phaseText(phase: PhaseProgress): string {
  return phase.total === 0 ? 'no tasks' : `${phase.done}/${phase.total}`;
}

const percent = (done: number, total: number): string => `${Math.round((done / total) * 100)}%`;

/** Tooltips are trusted Markdown off; still, names from disk must not turn into links or emphasis. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
