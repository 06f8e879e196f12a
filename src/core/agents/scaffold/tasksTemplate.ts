/**
 * The offline scaffold's tasks.md, in spec-kit's tasks format: `- [ ] T001 [P] [US1] Description
 * with file path`, phases Setup / Foundational / one per user story `(Priority: Pn)` / Polish.
 * Every FR- and SC- requirement of the spec is named by a task, [P] tasks of a phase never share
 * a file, and dependencies are written `(depends on T004, T005)`, so the traceability check of a
 * scaffold-generated chain comes out clean.
 */
import { outlineSpec } from '../../features/specOutline';
import { designOf, slugOf, stackOf, type Design } from './design';
import { titleOf } from './specTemplate';

export interface TasksInput {
  featureName: string;
  /** Feature folder relative to the workspace, e.g. specs/001-photo-albums. */
  featureRel: string;
  spec: string;
  plan: string;
}

interface Task {
  id: string;
  parallel: boolean;
  story?: string;
  text: string;
  dependsOn?: string[];
}

export function tasksMarkdown(input: TasksInput): string {
  const outline = outlineSpec(input.spec);
  const language = /^\*\*Language\/Version\*\*:\s*(.*)$/m.exec(input.plan)?.[1] ?? '';
  const design = designOf(outline, stackOf(language));
  const title = outline.title || titleOf(input.featureName);
  let counter = 0;
  const task = (text: string, options: Omit<Task, 'id' | 'text'> = { parallel: false }): Task => ({ id: `T${String(++counter).padStart(3, '0')}`, text, ...options });

  const out: string[] = [
    '---', 'description: "Task list for feature implementation"', '---', '',
    `# Tasks: ${title}`, '',
    `**Input**: Design documents from \`${input.featureRel}/\``,
    '**Prerequisites**: plan.md (required), spec.md (required for user stories)', '',
    '**Organization**: Tasks are grouped by user story so each story can be implemented and tested on its own.', '',
    '## Format: `[ID] [P?] [Story] Description`', '',
    '- **[P]**: Can run in parallel (different files, no dependencies)',
    '- **[Story]**: Which user story this task belongs to (e.g., US1, US2, US3)',
    '- Requirement ids (FR-…, SC-…) name what each task implements or verifies', '',
  ];
  const phase = (heading: string, intro: string[], tasks: Task[], checkpoint?: string) => {
    out.push('---', '', heading, '', ...intro, ...(intro.length ? [''] : []), ...tasks.map(line), '');
    if (checkpoint) out.push(`**Checkpoint**: ${checkpoint}`, '');
  };

  const { stack } = design;
  const setup = [
    task(`Create the project structure per plan.md (${dirsOf(design).join(', ')})`),
    task(`Initialize the ${stack.language} project and its dependencies in ${stack.manifest}`),
    task(`Configure linting and formatting in ${stack.lintConfig}`, { parallel: true }),
  ];
  phase('## Phase 1: Setup (Shared Infrastructure)', ['**Purpose**: Project initialization and basic structure'], setup);

  const models = design.models.map((m) => task(`Create the ${m.title} model in ${m.file}`, { parallel: true, dependsOn: [setup[0].id] }));
  const shared = design.foundation.map((f) => task(`${ruleTitle(f.title)} in ${f.file} (${f.requirement?.id})`, { parallel: true, dependsOn: [setup[0].id] }));
  const foundation = [...models, ...shared];
  phase(
    '## Phase 2: Foundational (Blocking Prerequisites)',
    ['**Purpose**: Core infrastructure that MUST be complete before ANY user story can be implemented'],
    foundation,
    'Foundation ready - user story implementation can now begin in parallel',
  );

  let phaseNumber = 3;
  design.stories.forEach((s, i) => {
    const refs = s.requirements.map((r) => r.id);
    const refText = refs.length ? ` (${refs.join(', ')})` : '';
    const test = task(`Integration test for the acceptance scenarios of User Story ${s.story.number} in ${s.testFile}${refText}`, { parallel: true, story: s.tag });
    const service = task(`Implement ${lowerFirst(s.story.title)} in ${s.serviceFile}${refText}`, { parallel: false, story: s.tag, dependsOn: foundation.map((t) => t.id) });
    const surface = task(`Expose ${lowerFirst(s.story.title)} to users in ${s.interfaceFile}${refText}`, { parallel: false, story: s.tag, dependsOn: [service.id] });
    const priority = s.story.priority ? ` (Priority: ${s.story.priority})` : '';
    out.push('---', '', `## Phase ${phaseNumber++}: User Story ${s.story.number} - ${s.story.title}${priority}${i === 0 ? ' 🎯 MVP' : ''}`, '');
    if (s.story.summary) out.push(`**Goal**: ${s.story.summary}`, '');
    if (s.story.independentTest) out.push(`**Independent Test**: ${s.story.independentTest}`, '');
    out.push(`### Tests for User Story ${s.story.number}`, '', line(test), '', `### Implementation for User Story ${s.story.number}`, '', line(service), line(surface), '');
    out.push(`**Checkpoint**: At this point, User Story ${s.story.number} should be fully functional and testable independently`, '');
  });

  const polish = [
    ...design.criteria.map((c) => task(`Verify ${c.requirement?.id}: ${shorten(c.title)} in ${c.file}`, { parallel: true })),
    task(`Document the feature for users in docs/${slugOf(title, 4)}.md`, { parallel: true }),
    task('Run the whole test suite and walk through every acceptance scenario of spec.md'),
  ];
  phase(`## Phase ${phaseNumber}: Polish & Cross-Cutting Concerns`, ['**Purpose**: Improvements and checks that affect every user story'], polish);

  out.push(
    '---', '',
    '## Dependencies & Execution Order', '',
    '- **Setup (Phase 1)**: no dependencies - can start immediately',
    '- **Foundational (Phase 2)**: depends on Setup - BLOCKS all user stories',
    '- **User Stories (Phase 3+)**: depend on Foundational; then in priority order (P1 → P2 → P3), or in parallel with enough people',
    `- **Polish (Phase ${phaseNumber})**: depends on the user stories you ship`,
    '',
    '## Notes', '',
    '- Written offline by Specwright\'s scaffold (no AI) from spec.md and plan.md: review every task before starting.',
    '- Tick a task as done with `[x]`; `specwright check` keeps requirements and tasks in step.',
    '',
  );
  return out.join('\n');
}

function line(t: Task): string {
  const tags = `${t.parallel ? ' [P]' : ''}${t.story ? ` [${t.story}]` : ''}`;
  const deps = t.dependsOn?.length ? ` (depends on ${t.dependsOn.join(', ')})` : '';
  return `- [ ] ${t.id}${tags} ${t.text}${deps}`;
}

function dirsOf(design: Design): string[] {
  const files = [...design.models, ...design.foundation].map((f) => f.file).concat(design.stories.flatMap((s) => [s.serviceFile, s.interfaceFile, s.testFile]), design.criteria.map((c) => c.file));
  return [...new Set(files.map((f) => `${f.slice(0, f.lastIndexOf('/'))}/`))].sort();
}

/** "System MUST validate input and …" → "Implement: validate input and …" (markers kept out of task titles). */
function ruleTitle(requirement: string): string {
  const text = requirement.replace(/^system\s+must\s+/i, '').replace(/\s*\[NEEDS CLARIFICATION:[^\]]*\]/g, ' (to be clarified)').replace(/\.$/, '');
  return `Implement the shared rule: ${shorten(text)}`;
}

const lowerFirst = (s: string): string => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const shorten = (s: string): string => {
  const clean = s.replace(/\*\*/g, '').replace(/\s*\[NEEDS CLARIFICATION:[^\]]*\]/g, ' (to be clarified)').replace(/\.$/, '');
  return clean.length > 90 ? `${clean.slice(0, 87).replace(/\s+\S*$/, '')}…` : clean;
};
