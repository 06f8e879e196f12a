import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTasks } from '../../src/core/features/tasks';
import { buildTaskGraph } from '../../src/core/tasks/graph';
import { planWaves } from '../../src/core/tasks/waves';

const graphOf = (text: string) => buildTaskGraph(parseTasks(text));
const wavesOf = (text: string) => planWaves(graphOf(text));
const depsOf = (text: string, key: string) => [...(graphOf(text).nodes.get(key)?.deps ?? [])].sort();
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'run', name), 'utf8');

describe('plan of work: task graph and waves', () => {
  it('runs phases in order and the tasks of a phase one after another', () => {
    const text = [
      '# Tasks', '', '## Phase 1: Setup', '- [ ] T001 Create the project', '- [ ] T002 Configure the linter',
      '', '## Phase 2: Foundational', '- [ ] T003 Database schema in db/schema.sql', '', '## Phase 3: Polish', '- [ ] T004 Docs in README.md',
    ].join('\n');
    assert.deepEqual(wavesOf(text), [['T001'], ['T002'], ['T003'], ['T004']]);
    assert.deepEqual(depsOf(text, 'T003'), ['T002']);
  });

  it('lets consecutive [P] tasks of a phase run together, after the task before them', () => {
    const text = [
      '## Phase 1: Setup', '- [ ] T001 Create the project', '- [ ] T002 [P] Model in src/a.ts', '- [ ] T003 [P] Model in src/b.ts',
      '- [ ] T004 [P] Model in src/c.ts', '- [ ] T005 Wire the models together in src/index.ts',
    ].join('\n');
    assert.deepEqual(wavesOf(text), [['T001'], ['T002', 'T003', 'T004'], ['T005']]);
    assert.deepEqual(depsOf(text, 'T005'), ['T001', 'T002', 'T003', 'T004']);
  });

  it('never puts two [P] tasks that name the same file in one wave', () => {
    const text = [
      '## Phase 1: Setup', '- [ ] T001 [P] Add the push SDK to services/package.json', '- [ ] T002 [P] Add the mail SDK to services/package.json',
      '- [ ] T003 [P] Write src/mail.ts', '- [ ] T004 [P] Write src/push.ts and services/package.json scripts',
    ].join('\n');
    assert.deepEqual(wavesOf(text), [['T001', 'T003'], ['T002'], ['T004']]);
  });

  it('follows inline depends on, ranges included, inside a [P] group', () => {
    const text = fixture('deps.md');
    const waves = wavesOf(text);
    assert.deepEqual(waves, [['T001'], ['T002', 'T003'], ['T010', 'T013'], ['T011'], ['T012']]);
    assert.deepEqual(depsOf(text, 'T012'), ['T001', 'T002', 'T003', 'T010', 'T011'], 'the end of phase 1 and the range T010–T011');
    assert.deepEqual(graphOf(text).problems, []);
  });

  it('leaves ticked and skipped tasks out and treats them as done', () => {
    const text = ['## Phase 1', '- [x] T001 Done already', '- [-] T002 Skipped', '- [ ] T003 Next'].join('\n');
    assert.deepEqual(wavesOf(text), [['T003']]);
  });

  it('reports a cycle through inline dependencies instead of looping', () => {
    const text = ['## Phase 1', '- [ ] T001 [P] One (depends on T003)', '- [ ] T002 [P] Two (depends on T001)', '- [ ] T003 [P] Three (depends on T002)', '- [ ] T004 [P] Free'].join('\n');
    const graph = graphOf(text);
    const cycles = graph.problems.filter((p) => p.code === 'cycle');
    assert.equal(cycles.length, 1);
    assert.deepEqual([...cycles[0].tasks].sort(), ['T001', 'T002', 'T003']);
    assert.match(cycles[0].message, /T001 → T003 → T002 → T001/);
    assert.equal(cycles[0].line, 1);
    // The cycle's tasks never become ready; the free one still does.
    assert.deepEqual(planWaves(graph), [['T004']]);
  });

  it('reports a dependency on a later task of the same list as a cycle', () => {
    const graph = graphOf(['## Phase 1', '- [ ] T001 First (depends on T002)', '- [ ] T002 Second'].join('\n'));
    assert.equal(graph.problems.length, 1);
    assert.equal(graph.problems[0].code, 'cycle');
    assert.deepEqual(planWaves(graph), []);
  });

  it('reports a task depending on itself', () => {
    const graph = graphOf('- [ ] T001 Loop (depends on T001)\n');
    assert.deepEqual(graph.problems.map((p) => p.code), ['cycle']);
    assert.match(graph.problems[0].message, /T001 depends on itself/);
  });

  it('reports unknown task ids with the line they are on', () => {
    const graph = graphOf(['## Phase 1', '- [ ] T001 Start', '- [ ] T002 Then (depends on T099)'].join('\n'));
    assert.deepEqual(graph.problems, [{ code: 'unknownTask', message: 'T002 depends on T099, which this tasks.md does not have.', line: 2, tasks: ['T002'] }]);
    assert.deepEqual(planWaves(graph), [['T001'], ['T002']]);
  });

  it('keys a duplicate id by its line and says so', () => {
    const graph = graphOf(['- [ ] T001 One', '- [ ] T001 Again'].join('\n'));
    assert.deepEqual(graph.order, ['T001', 'line:1']);
    assert.equal(graph.problems[0].code, 'duplicateId');
  });

  it('runs Kiro sub-tasks and leaves their parent as a container', () => {
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'tasks-corpus', '10-kiro-basic.md'), 'utf8');
    const graph = graphOf(text);
    assert.equal(graph.nodes.get('2')?.container, true);
    assert.deepEqual(planWaves(graph), [['1'], ['2.1'], ['2.2'], ['3.1'], ['3.2']]);
    assert.deepEqual(depsOf(text, '2'), ['2.1', '2.2']);
  });

  it('builds a graph for every task list of the parser corpus without throwing', () => {
    const dir = join(__dirname, '..', 'fixtures', 'tasks-corpus');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      const graph = graphOf(readFileSync(join(dir, name), 'utf8'));
      const waves = planWaves(graph);
      const scheduled = waves.flat();
      assert.equal(new Set(scheduled).size, scheduled.length, `${name}: a task in two waves`);
    }
  });
});
