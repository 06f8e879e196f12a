/**
 * What an issue made from a task says: the title "T012: text", a body with the task, its phase,
 * user story, references and links to the feature's documents on the default branch, the labels,
 * and a hidden marker that lets a later run recognise the issue even without the mapping file.
 */
import { createHash } from 'node:crypto';
import type { TaskFacts } from '../features/taskFacts';
import { blobUrl } from './repositoryFeatures';

export interface FeatureOnGitHub {
  /** 001-photo-albums */
  name: string;
  /** The feature folder's path in the repository: specs/001-photo-albums */
  repoPath: string;
  documents: { spec: boolean; plan: boolean; tasks: boolean };
  /** The repository's web address and the branch the links point at. */
  htmlUrl: string;
  branch: string;
}

export interface IssueContent {
  title: string;
  body: string;
  labels: string[];
  /** Changes when title or body would change: a re-run updates only what differs. */
  digest: string;
}

export const SPECWRIGHT_LABEL = 'specwright';
/** GitHub refuses longer issue titles. */
const MAX_TITLE = 256;
const STORY = /^US\d+$/i;

/** The key an issue is kept under: the task's own id (a range entry T029–T034 is one issue, keyed T029). */
export const taskKeyOf = (task: TaskFacts): string | undefined => task.id;

/** "T012", or "T029–T034" for a range entry. */
export const taskLabelOf = (task: TaskFacts): string => (task.ids.length > 1 ? `${task.ids[0]}–${task.ids.at(-1)}` : task.id ?? '');

export const storiesOf = (task: TaskFacts): string[] => task.tags.filter((t) => STORY.test(t)).map((t) => t.toUpperCase());

export function issueTitleOf(task: TaskFacts): string {
  const text = task.description.replace(/\s+/g, ' ').trim();
  return clip(`${taskLabelOf(task)}: ${text}`, MAX_TITLE);
}

export function taskIssue(task: TaskFacts, feature: FeatureOnGitHub): IssueContent {
  const title = issueTitleOf(task);
  const stories = storiesOf(task);
  const facts = [
    `- **Feature**: ${feature.name}`,
    `- **Phase**: ${task.phase || '—'}`,
    ...(stories.length ? [`- **User story**: ${stories.join(', ')}`] : []),
    ...(task.parallel ? ['- **Parallel**: yes, it can run alongside the other [P] tasks of its phase'] : []),
    ...(task.dependsOn.length ? [`- **Depends on**: ${task.dependsOn.join(', ')}`] : []),
    ...(task.requirements.length ? [`- **Requirements**: ${task.requirements.join(', ')}`] : []),
    ...(task.files.length ? [`- **Files**: ${task.files.map((f) => `\`${f}\``).join(', ')}`] : []),
  ];
  const body = [
    `> ${task.description.replace(/\n/g, ' ')}`,
    '',
    ...facts,
    '',
    documentLinks(feature),
    '',
    `<sub>Created by Specwright from task ${taskLabelOf(task)} of ${docLink(feature, 'tasks.md')}. Tick the task in tasks.md and run "Create Issues from Tasks" again to close this issue.</sub>`,
    '',
    markerFor(feature.name, taskKeyOf(task) ?? ''),
  ].join('\n');
  return withDigest({ title, body, labels: [SPECWRIGHT_LABEL, ...stories] });
}

export interface TrackedTask {
  task: TaskFacts;
  number?: number;
}

/** One issue listing every task of the feature as a task list, linking the task issues by number. */
export function trackingIssue(feature: FeatureOnGitHub, tracked: readonly TrackedTask[]): IssueContent {
  const lines: string[] = [];
  let phase: string | undefined;
  for (const { task, number } of tracked) {
    if (task.phase !== phase) {
      phase = task.phase;
      lines.push('', `### ${phase || 'Tasks'}`, '');
    }
    const ref = number === undefined ? issueTitleOf(task) : `#${number}`;
    lines.push(`- [${task.done ? 'x' : ' '}] ${ref}`);
  }
  const body = [
    `Tasks of **${feature.name}**, one issue each. ${documentLinks(feature)}`,
    ...lines,
    '',
    markerFor(feature.name, TRACKING_KEY),
  ].join('\n');
  return withDigest({ title: clip(`Tasks: ${feature.name}`, MAX_TITLE), body, labels: [SPECWRIGHT_LABEL] });
}

export const TRACKING_KEY = 'tracking';

/** Hidden in the rendered issue; identifies feature and task for a run that lost its mapping. */
export const markerFor = (feature: string, key: string): string => `<!-- specwright: feature=${feature} task=${key} -->`;

export function markerOf(body: string | null | undefined): { feature: string; key: string } | undefined {
  const m = /<!-- specwright: feature=(\S+) task=(\S+) -->/.exec(body ?? '');
  return m ? { feature: m[1], key: m[2] } : undefined;
}

function documentLinks(feature: FeatureOnGitHub): string {
  const docs = (['spec', 'plan', 'tasks'] as const).filter((d) => feature.documents[d]).map((d) => docLink(feature, `${d}.md`));
  return docs.length ? `Documents: ${docs.join(' · ')}` : '';
}

const docLink = (feature: FeatureOnGitHub, file: string): string => `[${file}](${blobUrl(feature.htmlUrl, feature.branch, `${feature.repoPath}/${file}`)})`;

function withDigest(content: Omit<IssueContent, 'digest'>): IssueContent {
  return { ...content, digest: digestOf(content.title, content.body) };
}

/** What the mapping remembers of an issue's text: equal digests, nothing to update. */
export const digestOf = (title: string, body: string): string => createHash('sha256').update(`${title}\n${body}`).digest('hex').slice(0, 16);

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
