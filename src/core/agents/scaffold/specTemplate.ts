/**
 * The offline scaffold's spec.md: spec-kit's sections filled from the user's description by
 * plain text rules (no AI). Each clause of the description becomes a prioritised user story and
 * a functional requirement; what text alone cannot tell is marked [NEEDS CLARIFICATION: …].
 */

export interface SpecInput {
  featureName: string;
  description: string;
  /** YYYY-MM-DD */
  date: string;
}

interface Clause {
  /** e.g. "organise photos into albums by date" */
  action: string;
  /** e.g. "Users" */
  actor: string;
}

const ACTOR = /^(users?|customers?|admins?|administrators?|visitors?|members?|developers?|owners?|teams?|people|guests?|the user|a user|an admin)\b\s*(can|should be able to|must be able to|may|will|want to|need to|should)?\s*/i;
const STOP_NOUNS = new Set(['user', 'users', 'system', 'they', 'them', 'it', 'way', 'time', 'data', 'feature', 'ability', 'link', 'date', 'order', 'one']);

/** Splits a description into clauses: sentences, then ", and"/";" lists of actions. */
export function clausesOf(description: string): Clause[] {
  const text = description.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.replace(/[.!?]+$/, '').trim()).filter(Boolean);
  const clauses: Clause[] = [];
  for (const sentence of sentences) {
    const m = ACTOR.exec(sentence);
    const actor = m ? capitalise(m[1].replace(/^(the|a|an) /i, '')) : 'Users';
    const rest = m ? sentence.slice(m[0].length) : sentence;
    for (const part of rest.split(/\s*(?:;|,\s*(?:and\s+)?|\s+and then\s+)\s*/i)) {
      const action = part.trim().replace(/^(and|then|also)\s+/i, '');
      if (action.split(' ').length >= 2 || clauses.length === 0) clauses.push({ actor, action: lowerFirst(action) });
      else if (clauses.length) clauses[clauses.length - 1].action += ` and ${action}`;
    }
  }
  return clauses.slice(0, 6);
}

/** Candidate entities: the plural nouns after verbs ("photos", "albums"), de-duplicated. */
export function entitiesOf(description: string): string[] {
  const words = description.toLowerCase().match(/\b[a-z][a-z-]{2,}s\b/g) ?? [];
  const seen = new Set<string>();
  for (const w of words) {
    if (STOP_NOUNS.has(w) || /(ss|us|is|ous)$/.test(w) || ['does', 'has', 'was', 'this', 'its', 'allows', 'lets', 'needs', 'wants', 'gets', 'makes', 'sees', 'uses'].includes(w)) continue;
    seen.add(singular(w));
  }
  return [...seen].slice(0, 5);
}

export function specMarkdown(input: SpecInput): string {
  const title = titleOf(input.featureName);
  const clauses = clausesOf(input.description);
  const entities = entitiesOf(input.description);
  const description = input.description.trim() || '[NEEDS CLARIFICATION: no feature description was given]';
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push(
    `# Feature Specification: ${title}`, '',
    `**Feature Branch**: \`${input.featureName}\``,
    `**Created**: ${input.date}`,
    '**Status**: Draft',
    `**Input**: User description: "${description.replace(/"/g, '\\"')}"`, '',
    '## User Scenarios & Testing *(mandatory)*', '',
  );

  const stories = clauses.length ? clauses : [{ actor: 'Users', action: '[NEEDS CLARIFICATION: what can users do with this feature?]' }];
  stories.forEach((c, i) => {
    const p = `P${Math.min(i + 1, 3)}`;
    push(
      `### User Story ${i + 1} - ${capitalise(shorten(c.action))} (Priority: ${p})`, '',
      `${c.actor} can ${c.action}.`, '',
      `**Why this priority**: ${i === 0 ? 'This is the core of the feature as described; without it nothing else delivers value.' : `It builds on User Story ${i}, and the description lists it ${ordinal(i + 1)}.`}`, '',
      `**Independent Test**: Can be fully tested by having one of the ${c.actor.toLowerCase()} ${c.action} and checking the result is visible to them, without the other stories.`, '',
      '**Acceptance Scenarios**:', '',
      `1. **Given** ${c.actor.toLowerCase()} who are signed in, **When** they ${c.action}, **Then** the outcome is saved and shown to them at once.`,
      `2. **Given** ${c.actor.toLowerCase()} who ${c.action.split(' ')[0]} something invalid or incomplete, **When** they confirm, **Then** they see what is wrong and nothing already saved is lost.`,
      '',
    );
  });

  push(
    '### Edge Cases', '',
    '- What happens when the action is attempted with no network connection or the service is unavailable?',
    '- How does the system handle two people changing the same item at the same time?',
    '- What happens with empty input, very large input, or characters outside ASCII?',
    `- [NEEDS CLARIFICATION: what happens to existing ${entities[0] ? plural(entities[0]) : 'items'} when their owner's account is removed?]`,
    '',
    '## Requirements *(mandatory)*', '',
    '### Functional Requirements', '',
  );
  let fr = 0;
  const req = (text: string) => push(`- **FR-${String(++fr).padStart(3, '0')}**: ${text}`);
  for (const c of stories) req(`System MUST allow ${c.actor.toLowerCase()} to ${c.action}.`);
  req('System MUST validate input and tell the user, in plain words, what to correct.');
  req('System MUST keep what the user saved when an operation fails part-way.');
  req('System MUST authenticate users via [NEEDS CLARIFICATION: which sign-in method — email/password, SSO, OAuth?].');
  req('System MUST retain user data for [NEEDS CLARIFICATION: retention period not specified].');
  push('', '### Key Entities *(include if feature involves data)*', '');
  if (entities.length) for (const e of entities) push(`- **${capitalise(e)}**: a ${e} as the description uses the word; its attributes and relationships are to be confirmed.`);
  else push('- [NEEDS CLARIFICATION: which things does this feature store or change?]');

  push('', '## Success Criteria *(mandatory)*', '', '### Measurable Outcomes', '');
  let sc = 0;
  const crit = (text: string) => push(`- **SC-${String(++sc).padStart(3, '0')}**: ${text}`);
  crit(`${stories[0].actor} can ${stories[0].action} in under 1 minute on their first attempt.`);
  crit('90% of users complete the primary task without help.');
  crit('The feature handles [NEEDS CLARIFICATION: expected scale — how many users and items?] without visible slowdown.');
  crit('Support requests about this task drop by 50% within a month of release.');

  push(
    '', '## Assumptions', '',
    '- Users are signed in and have a stable identity.',
    '- Standard web or mobile performance expectations apply unless stated otherwise.',
    '- This scaffold was written offline from the description alone; review every line and resolve each NEEDS CLARIFICATION before planning.',
    '',
  );
  return out.join('\n');
}

export const titleOf = (featureName: string): string =>
  featureName.replace(/^(\d{8}-\d{6}|\d+)-/, '').split(/[-_\s]+/).filter(Boolean).map(capitalise).join(' ') || featureName;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string): string => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const shorten = (s: string): string => (s.length > 60 ? `${s.slice(0, 57).replace(/\s+\S*$/, '')}…` : s);
const singular = (w: string): string => (w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.endsWith('ses') || w.endsWith('xes') ? w.slice(0, -2) : w.slice(0, -1));
const plural = (w: string): string => (w.endsWith('y') ? `${w.slice(0, -1)}ies` : `${w}s`);
const ordinal = (n: number): string => ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][n - 1] ?? `${n}th`;
