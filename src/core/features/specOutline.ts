/**
 * Reads the parts of a spec-kit spec.md that later stages build on: user stories with their
 * priorities, numbered requirements (FR-…, SC-…) and key entities, each with its position so
 * findings can point at the line. Text in fenced code blocks and HTML comments is skipped:
 * spec-kit's templates keep examples there that are not part of the spec.
 */
import { maskComments } from './markdownComments';
import { REQUIREMENT_ID } from './tasks/taskLine';

export interface SpecStory {
  number: number;
  title: string;
  /** P1, P2, … when the heading says `(Priority: Pn)`. */
  priority?: string;
  /** First paragraph under the heading (the story in plain words). */
  summary: string;
  /** `**Independent Test**:` text, when present. */
  independentTest?: string;
  /** 0-based line of the heading. */
  line: number;
}

/** SC for success criteria; FR for every other family (FR, NFR, FR-AUTH, REQ). */
export type RequirementKind = 'FR' | 'SC';

export interface SpecRequirement {
  /** e.g. FR-001 */
  id: string;
  kind: RequirementKind;
  text: string;
  /** 0-based line and character where the id starts. */
  line: number;
  character: number;
}

export interface SpecEntity {
  name: string;
  description: string;
  line: number;
}

export interface SpecOutline {
  title?: string;
  stories: SpecStory[];
  requirements: SpecRequirement[];
  entities: SpecEntity[];
}

export interface SourceLine {
  /** Line text without its line ending. */
  text: string;
  /** The text with HTML comments blanked out (same length, so characters keep their positions). */
  visible: string;
  /** 0-based line number. */
  line: number;
  /** Offset of the line's first character in the whole text. */
  offset: number;
  /** False inside fenced code blocks and for lines that are all comment. */
  prose: boolean;
}

/** Splits text into lines with offsets, marking which are prose (not code, not comment). */
export function sourceLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  let fence: string | undefined;
  let inComment = false;
  let offset = 0;
  text.split('\n').forEach((withCr, line) => {
    const lineText = withCr.endsWith('\r') ? withCr.slice(0, -1) : withCr;
    const fenceMatch = inComment ? null : /^\s{0,3}(`{3,}|~{3,})/.exec(lineText);
    if (fenceMatch || fence !== undefined) {
      if (fenceMatch) {
        const marker = fenceMatch[1];
        if (fence === undefined) fence = marker;
        else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      }
      out.push({ text: lineText, visible: ' '.repeat(lineText.length), line, offset, prose: false });
    } else {
      const masked = maskComments(lineText, inComment);
      inComment = masked.inComment;
      out.push({ text: lineText, visible: masked.visible, line, offset, prose: masked.visible.trim() !== '' || lineText.trim() === '' });
    }
    offset += withCr.length + 1;
  });
  return out;
}


const STORY = /^#{2,4}\s+User Story\s+(\d+)\s*[-–—:]\s*(.+?)\s*(?:\(Priority:\s*(P\d+)\))?\s*(?:🎯.*)?$/i;
/** `- **FR-001**: …`, `FR-AUTH-001: …`, `**SC-001**：…` (full-width colon), `| FR-002 | … |` is not one. */
const REQUIREMENT = new RegExp(String.raw`^\s*(?:[-*+]\s+|\d+\.\s+)?(?:(?:\*\*|__)(${REQUIREMENT_ID})(?:\*\*|__)\s*[:.–—\-：]?|(${REQUIREMENT_ID})\s*[:.–—\-：])\s*(.*)$`);
const HEADING = /^(#{1,6})\s+(.*)$/;
const ENTITY = /^\s*[-*+]\s+\*\*([^*]+)\*\*\s*[:–—-]?\s*(.*)$/;

export function outlineSpec(text: string): SpecOutline {
  const lines = sourceLines(text).filter((l) => l.prose);
  const outline: SpecOutline = { stories: [], requirements: [], entities: [] };
  let story: SpecStory | undefined;
  let inEntities = false;
  for (const { visible: t, line } of lines) {
    const heading = HEADING.exec(t);
    if (heading) {
      if (heading[1].length === 1 && outline.title === undefined) outline.title = heading[2].replace(/^Feature Specification:\s*/i, '').trim();
      const s = STORY.exec(t);
      story = s ? { number: Number(s[1]), title: s[2].trim(), ...(s[3] ? { priority: s[3].toUpperCase() } : {}), summary: '', line } : undefined;
      if (story) outline.stories.push(story);
      inEntities = /^key entities\b/i.test(heading[2].trim());
      continue;
    }
    const req = REQUIREMENT.exec(t);
    if (req) {
      const id = req[1] ?? req[2];
      outline.requirements.push({ id, kind: id.startsWith('SC-') ? 'SC' : 'FR', text: req[3].trim(), line, character: t.indexOf(id) });
      continue;
    }
    if (inEntities) {
      const e = ENTITY.exec(t);
      if (e) outline.entities.push({ name: e[1].trim(), description: e[2].trim(), line });
      continue;
    }
    if (story) {
      const test = /^\*\*Independent Test\*\*:\s*(.*)$/.exec(t.trim());
      if (test) story.independentTest = test[1].trim();
      else if (!story.summary && t.trim() && !t.trim().startsWith('**')) story.summary = t.trim();
    }
  }
  return outline;
}
