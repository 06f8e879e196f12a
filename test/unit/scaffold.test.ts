import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/protocol';
import { ScaffoldAgent } from '../../src/core/agents/scaffold';
import { clausesOf, entitiesOf, specMarkdown } from '../../src/core/agents/scaffold/specTemplate';
import type { AgentRequest } from '../../src/core/ports/agent';

const SECTIONS = [
  '# Feature Specification: Photo Albums',
  '**Status**: Draft',
  '## User Scenarios & Testing *(mandatory)*',
  '### User Story 1 - ',
  '(Priority: P1)',
  '**Acceptance Scenarios**:',
  '### Edge Cases',
  '## Requirements *(mandatory)*',
  '### Functional Requirements',
  '### Key Entities',
  '## Success Criteria *(mandatory)*',
  '### Measurable Outcomes',
  '## Assumptions',
];

describe('offline scaffold', () => {
  const description = 'Users organise photos into albums by date, drag and drop albums to reorder them, and share an album with a read-only link';

  it('writes every spec-kit section with numbered requirements and criteria', () => {
    const md = specMarkdown({ featureName: '001-photo-albums', description, date: '2026-11-24' });
    for (const s of SECTIONS) assert.ok(md.includes(s), `has ${s}`);
    assert.match(md, /1\. \*\*Given\*\* .+, \*\*When\*\* .+, \*\*Then\*\* /);
    assert.match(md, /- \*\*FR-001\*\*: System MUST allow users to organise photos into albums by date\./);
    assert.match(md, /- \*\*FR-00\d\*\*: System MUST allow users to share an album with a read-only link\./);
    assert.match(md, /- \*\*SC-001\*\*: /);
    assert.match(md, /\[NEEDS CLARIFICATION: /);
    assert.match(md, /### User Story 3 - .*\(Priority: P3\)/);
  });

  it('derives stories from clauses and entities from nouns', () => {
    assert.deepEqual(clausesOf(description).map((c) => c.action), [
      'organise photos into albums by date',
      'drag and drop albums to reorder them',
      'share an album with a read-only link',
    ]);
    assert.deepEqual(entitiesOf(description), ['photo', 'album']);
  });

  it('still writes a valid spec from an empty description, marking what it cannot know', () => {
    const md = specMarkdown({ featureName: '004-x', description: '   ', date: '2026-11-24' });
    for (const s of SECTIONS.slice(1)) assert.ok(md.includes(s), `has ${s}`);
    assert.match(md, /\[NEEDS CLARIFICATION: no feature description was given\]/);
  });

  describe('as an agent', () => {
    let dir: string;
    let request: AgentRequest;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sw-scaffold-'));
      await mkdir(join(dir, 'specs', '001-photo-albums'), { recursive: true });
      const featureDir = join(dir, 'specs', '001-photo-albums');
      request = { kind: 'spec', workspaceRoot: dir, featureDir, docPath: join(featureDir, 'spec.md'), userPrompt: description, prompt: description, env: {} };
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('streams its steps and writes spec.md', async () => {
      const events: AgentEvent[] = [];
      const outcome = await new ScaffoldAgent().run(request, { emit: (e) => events.push(e), signal: new AbortController().signal });
      assert.deepEqual(outcome, { status: 'succeeded' });
      const kinds = events.map((e) => e.kind);
      assert.equal(kinds[0], 'info');
      assert.ok(kinds.indexOf('thinking') < kinds.indexOf('tool'));
      const tools = events.filter((e) => e.kind === 'tool');
      assert.deepEqual(tools.map((t) => t.kind === 'tool' && `${t.phase}:${t.status}`), ['start:running', 'end:succeeded']);
      assert.match(await readFile(request.docPath, 'utf8'), /## Success Criteria/);
      assert.equal((await new ScaffoldAgent().detect()).available, true);
    });

    it('cancelled mid-way writes nothing and leaves an existing spec.md intact', async () => {
      await writeFile(request.docPath, 'precious');
      const controller = new AbortController();
      let count = 0;
      const outcome = await new ScaffoldAgent().run(request, {
        emit: () => { if (++count === 3) controller.abort(); },
        signal: controller.signal,
      });
      assert.deepEqual(outcome, { status: 'cancelled' });
      assert.equal(await readFile(request.docPath, 'utf8'), 'precious');
    });

    it('fails clearly when the document a plan is written from is missing', async () => {
      const outcome = await new ScaffoldAgent().run({ ...request, kind: 'plan', docPath: join(request.featureDir, 'plan.md') }, { emit: () => undefined, signal: new AbortController().signal });
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.status === 'failed' ? outcome.reason : '', /writes plan\.md from spec\.md.*Generate it first/);
    });
  });
});
