import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../src/protocol';
import { analyse, checkFeature, FINDING_CODES } from '../../src/core/features/traceability';
import { filesOf } from '../../src/core/features/taskFacts';

const FIXTURES = join(__dirname, '..', 'fixtures', 'traceability');
const codeAt = (findings: Finding[], code: string) => findings.filter((f) => f.code === code);
const lineOf = async (file: string, text: string) => (await readFile(file, 'utf8')).split('\n').findIndex((l) => l.includes(text));

describe('traceability checks', () => {
  describe('on a crafted feature with every kind of problem', () => {
    const dir = join(FIXTURES, 'broken');
    const spec = join(dir, 'spec.md');
    const tasks = join(dir, 'tasks.md');
    let findings: Finding[];
    before(async () => { findings = await checkFeature(dir); });

    it('reports requirements no task refers to, on the spec line, with the id as the range', async () => {
      const uncovered = codeAt(findings, FINDING_CODES.uncoveredRequirement);
      assert.deepEqual(uncovered.map((f) => f.message.split(' ')[0]), ['FR-002', 'SC-002']);
      const fr2 = uncovered[0];
      assert.equal(fr2.severity, 'warning');
      assert.equal(fr2.file, spec);
      assert.equal(fr2.line, await lineOf(spec, '**FR-002**'));
      assert.deepEqual(fr2.range, { start: { line: fr2.line, character: 4 }, end: { line: fr2.line, character: 10 } });
      assert.ok(!findings.some((f) => f.message.includes('FR-099')), 'an example inside an HTML comment is not a requirement');
    });

    it('reports a task referring to a requirement the spec does not define, but not other id families (R005)', async () => {
      const unknown = codeAt(findings, FINDING_CODES.unknownRequirement);
      assert.equal(unknown.length, 1);
      assert.equal(unknown[0].severity, 'error');
      assert.equal(unknown[0].file, tasks);
      assert.equal(unknown[0].line, await lineOf(tasks, 'T005 [P]'));
      assert.match(unknown[0].message, /T005 refers to FR-009, which spec\.md does not define/);
      const line = (await readFile(tasks, 'utf8')).split('\n')[unknown[0].line];
      const range = unknown[0].range;
      assert.ok(range);
      assert.equal(line.slice(range.start.character, range.end.character), 'FR-009');
    });

    it('reports a dependency on a task id that does not exist', async () => {
      const unknown = codeAt(findings, FINDING_CODES.unknownTask);
      assert.equal(unknown.length, 1);
      assert.equal(unknown[0].severity, 'error');
      assert.match(unknown[0].message, /depends on T099/);
      assert.equal(unknown[0].line, await lineOf(tasks, 'Implement posting'));
    });

    it('reports the second use of a task id', async () => {
      const dup = codeAt(findings, FINDING_CODES.duplicateTaskId);
      assert.equal(dup.length, 1);
      assert.equal(dup[0].severity, 'error');
      assert.equal(dup[0].line, await lineOf(tasks, '[X] T004'));
      assert.match(dup[0].message, new RegExp(`already used on line ${(await lineOf(tasks, '- [ ] T004')) + 1}`));
    });

    it('reports [P] tasks of one phase touching one file, and only those', async () => {
      const conflicts = codeAt(findings, FINDING_CODES.parallelFileConflict);
      assert.equal(conflicts.length, 1, JSON.stringify(conflicts));
      assert.equal(conflicts[0].severity, 'warning');
      assert.match(conflicts[0].message, /T003 and T002 .* eslint\.config\.js/);
      // T008 [P] edits src/models/message.ts like T004 [P], but in another phase; T006 shares post.ts without [P].
      assert.ok(!conflicts.some((f) => f.message.includes('message.ts') || f.message.includes('post.ts')));
    });

    it('lists open clarifications as information, and ignores tasks inside code blocks', () => {
      const open = codeAt(findings, FINDING_CODES.openClarification);
      assert.deepEqual(open.map((f) => [f.severity, f.message]), [['info', 'Needs clarification: how long?']]);
      assert.ok(!findings.some((f) => /FR-777|T123|T009/.test(f.message)));
    });

    it('sorts errors first', () => {
      const ranks = findings.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    });
  });

  it('finds nothing but open questions on a consistent feature', async () => {
    const findings = await checkFeature(join(FIXTURES, 'clean'));
    assert.deepEqual(findings.map((f) => f.code), [FINDING_CODES.openClarification]);
  });

  it('checks what it can when a document is missing', () => {
    assert.deepEqual(analyse({}), []);
    const onlyTasks = analyse({ tasks: { path: '/f/tasks.md', text: '- [ ] T001 Do (FR-404) (depends on T002)\n' } });
    assert.deepEqual(onlyTasks.map((f) => f.code), [FINDING_CODES.unknownTask], 'without a spec, requirement ids cannot be judged');
    const onlySpec = analyse({ spec: { path: '/f/spec.md', text: '- **FR-001**: Do.\n' } });
    assert.deepEqual(onlySpec, [], 'without tasks, coverage is not reported yet');
  });

  it('understands task ranges as several ids', () => {
    const text = '- [ ] T001–T003 Scaffold the three services\n- [ ] T004 Wire them (depends on T002, T003)\n';
    assert.deepEqual(analyse({ tasks: { path: '/f/tasks.md', text } }), []);
  });

  it('judges ids of ranges, duplicates and unknown dependencies on one line in that order, and [P] files per phase', () => {
    const text = ['## Phase 1: A', '', '- [ ] T001–T003 Scaffold', '- [ ] T002 Again: the id of a range is not a duplicate', '- [ ] T004 One (depends on T003)',
      '- [ ] T004 Two (depends on T009)', '- [ ] T005 [P] Edit src/a.ts', '', '## Phase 2: B', '', '- [ ] T006 [P] Edit src/a.ts', '- [ ] T007 [P] Edit src/a.ts', ''].join('\n');
    const findings = analyse({ tasks: { path: '/f/tasks.md', text } });
    assert.deepEqual(findings.map((f) => [f.code, f.line]), [
      [FINDING_CODES.duplicateTaskId, 5], [FINDING_CODES.unknownTask, 5], [FINDING_CODES.parallelFileConflict, 11],
    ]);
  });

  it('takes file paths from task descriptions', () => {
    assert.deepEqual(filesOf('Create User model in src/models/user.py'), ['src/models/user.py']);
    assert.deepEqual(filesOf('Initialize the Node.js project in package.json and/or tsconfig.json.'), ['package.json', 'tsconfig.json']);
    assert.deepEqual(filesOf('Edit `src/app.ts` and ./lib/x.js'), ['src/app.ts', 'lib/x.js']);
    assert.deepEqual(filesOf('Create the project structure (src/models/, tests/)'), []);
  });
});
