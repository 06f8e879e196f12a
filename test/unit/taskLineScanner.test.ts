import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { familyOf } from '../../src/core/features/coverage';
import { parseTasks } from '../../src/core/features/tasks';
import { pathsOf } from '../../src/core/features/tasks/files';
import { checkboxOf, dependenciesOf, headOf, requirementsOf } from '../../src/core/features/tasks/taskLine';
import * as oldFiles from './helpers/filesRegex';
import * as regex from './helpers/taskLineRegex';

/**
 * The task line's hand-written scanner (taskLine.ts) against the regular expressions it replaced
 * (helpers/taskLineRegex.ts, helpers/filesRegex.ts): the same checkbox, head, dependencies,
 * requirements and paths on every line of every Markdown fixture, on generated lines, and on edge
 * cases with the model written out, so a scanner bug fails here even where the two agree.
 */
const FIXTURES = join(__dirname, '..', 'fixtures');

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownFiles(path));
    else if (name.endsWith('.md')) out.push(path);
  }
  return out;
}

function sameAsRegex(line: string): void {
  assert.deepEqual(checkboxOf(line), regex.checkboxOf(line), `checkboxOf ${JSON.stringify(line)}`);
  const rest = checkboxOf(line)?.rest ?? line;
  for (const text of [rest, line]) {
    assert.deepEqual(headOf(text), regex.headOf(text), `headOf ${JSON.stringify(text)}`);
    assert.deepEqual(dependenciesOf(text), regex.dependenciesOf(text), `dependenciesOf ${JSON.stringify(text)}`);
    assert.deepEqual(requirementsOf(text), regex.requirementsOf(text), `requirementsOf ${JSON.stringify(text)}`);
    assert.deepEqual(pathsOf(text), oldFiles.pathsOf(text), `pathsOf ${JSON.stringify(text)}`);
  }
}

/** A small deterministic generator (xorshift), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** Pieces task lines are made of, the odd ones included: full-width, tabs, NBSP, dashes, CJK. */
const PIECES = [
  ' ', ' ', ' ', '  ', '\t', '\u00a0', '\u3000', '- ', '* ', '+ ', '1. ', '12) ', '[ ]', '[x]', '[X]', '[-]', '[~]', '[?]', '[ ]*', '[ ]\\*', '[x]*',
  'T001', 'T035A', 'T231.1', 'M001', 'SEC012', 'H2', 'S3', 'TS01', 'ABCD01', 'T1', 'T001a', 'T001ab', '**T002**', '**', 'T029–T034', 'T029-034', 'T029..T031',
  'T010 – T012', 'T5-T3', '2.', '2.1', '2.1.3', '10.', '3', '[P]', '[US1]', '[US12]', '[Story]', '[P](link)', '[a b]', '[]', ':', '：', '—', '–', '-', '.', '..',
  'Implement', 'the', 'login', 'src/app/login.ts', './src/x.py', 'data-model.md', 'Node.js', 'http://x.io/a.js', 'tests/', 'a/b', 'README.md', 'spec.md',
  'FR-001', 'FR-004a', 'FR-AUTH-001', 'NFR-002', 'SC-003', 'REQ-7', 'R005', 'R0055', 'FR-012–013', 'FR-012 to FR-015', 'FR-001–FR-003', 'FR-008/009/010',
  'FR-2至FR-4', 'xFR-001', 'FR-', '-FR-001', 'FR-ABCDEFGHIJKLMN-001', '(depends on T001)', 'depends on T001, T002', 'after T003–T005', 'blocked by **T009**',
  'Requires: T004 and T006', 'needs T7', '(', ')', ',', '`code`', '`[x]`', '实现登录', '（FR-001）', '→', '=', 'means', '\u2028', '\r', '<!-- -->', '😀',
  "'", '"', '_', '*', ';', '@scope/pkg.json', 'a.ts.', 'a.ts,', 'src/a.ts_x', '../lib/x.go', 'x//y.ts', '.github/ci.yml', 'contracts/api.yaml', 'specs/001/plan.md',
  'main.c', 'and/or', 'v1.2', 'file.unknownext', 'dir/', '`src/b.rs`', '"src/c.py"', "'d/e.kt'", '(src/f.ts)', 'src/g.ts:12',
];

function generatedLine(next: () => number): string {
  const count = 1 + Math.floor(next() * 9);
  let line = '';
  for (let i = 0; i < count; i++) line += PIECES[Math.floor(next() * PIECES.length)];
  return line;
}

describe('task line scanner', () => {
  it('reads every line of every Markdown fixture as the regular expressions did', function () {
    this.timeout(60_000);
    let lines = 0;
    for (const file of markdownFiles(FIXTURES)) {
      for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
        sameAsRegex(line);
        lines += 1;
      }
    }
    assert.ok(lines > 1000, `${lines} lines read`);
  });

  it('reads generated lines as the regular expressions did', function () {
    this.timeout(60_000);
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      for (let i = 0; i < 500; i++) {
        const line = generatedLine(next);
        try {
          sameAsRegex(line);
          sameAsRegex(`- [ ] ${line}`);
          sameAsRegex(`  * [x] ${line}`);
        } catch (e) {
          throw new Error(`seed ${seed}, line ${i}: ${(e as Error).message}`);
        }
      }
    }
  });

  it('takes the checkbox apart: indent with tabs, numbered bullets, Kiro marks and the optional star', () => {
    assert.deepEqual(checkboxOf('\t- [x] T001 Done'), { indent: 4, markColumn: 4, mark: 'x', optional: false, rest: ' T001 Done' });
    assert.deepEqual(checkboxOf('  \t12) [~] queued'), { indent: 4, markColumn: 8, mark: '~', optional: false, rest: ' queued' });
    assert.deepEqual(checkboxOf('- [ ]\\* 2.3 Optional'), { indent: 0, markColumn: 3, mark: ' ', optional: true, rest: ' 2.3 Optional' });
    assert.deepEqual(checkboxOf('-\t[-]\tT002'), { indent: 0, markColumn: 3, mark: '-', optional: false, rest: '\tT002' });
    assert.equal(checkboxOf('- [x]T001'), undefined, 'no space after the box');
    assert.equal(checkboxOf('- [ ]'), undefined, 'nothing after the box');
    assert.equal(checkboxOf('-[ ] T001'), undefined, 'no space after the bullet');
    assert.equal(checkboxOf('1234567890. [ ] T001'), undefined, 'ten digits are no list number');
    assert.equal(checkboxOf('- [ ] T001 a\u2028b'), undefined, 'a line separator inside');
    assert.equal(checkboxOf('- [?] T001'), undefined);
  });

  it('reads the id at the end of the line, tags in any order, full-width and tab spacing', () => {
    assert.deepEqual(headOf(' T001'), { id: 'T001', ids: ['T001'], idStyle: 'plain', tags: [], description: '' });
    assert.deepEqual(headOf(' [US1] T001 [P] Build it'), { id: 'T001', ids: ['T001'], idStyle: 'plain', tags: ['US1', 'P'], description: 'Build it' });
    assert.deepEqual(headOf(' **T002**: [P][US2]\tWire\t\tit up '), { id: 'T002', ids: ['T002'], idStyle: 'bold', tags: ['P', 'US2'], description: 'Wire it up' });
    assert.deepEqual(headOf('\u3000T003\u3000实现登录（FR-001）'), { id: 'T003', ids: ['T003'], idStyle: 'plain', tags: [], description: '实现登录（FR-001）' });
    assert.deepEqual(headOf(' T029–T031 — Models'), { id: 'T029', ids: ['T029', 'T030', 'T031'], idStyle: 'range', tags: [], description: 'Models' });
    assert.deepEqual(headOf(' T010 – T011. Two'), { id: 'T010', ids: ['T010', 'T011'], idStyle: 'range', tags: [], description: 'Two' });
    assert.deepEqual(headOf(' T231.1a: Sub'), { id: 'T231.1a', ids: ['T231.1a'], idStyle: 'plain', tags: [], description: 'Sub' });
    assert.deepEqual(headOf(' 2.1. [P] Kiro'), { id: '2.1', ids: ['2.1'], idStyle: 'numbered', tags: ['P'], description: 'Kiro' });
    assert.deepEqual(headOf(' 3.'), { id: '3', ids: ['3'], idStyle: 'numbered', tags: [], description: '' });
    assert.deepEqual(headOf(' H2 database'), { ids: [], idStyle: 'none', tags: [], description: 'H2 database' });
    assert.deepEqual(headOf(' T001ab stays text'), { ids: [], idStyle: 'none', tags: [], description: 'T001ab stays text' });
    assert.deepEqual(headOf(' [P](link) T001'), { ids: [], idStyle: 'none', tags: [], description: '[P](link) T001' });
  });

  it('reads requirement ids next to full-width brackets, CJK ranges and at the end of the line', () => {
    assert.deepEqual(requirementsOf('实现（FR-001）、SC-002'), ['FR-001', 'SC-002']);
    assert.deepEqual(requirementsOf('FR-2至FR-4'), ['FR-2', 'FR-3', 'FR-4']);
    assert.deepEqual(requirementsOf('NFR-001/3 and FR-AUTH-010 to FR-AUTH-012'), ['NFR-001', 'NFR-003', 'FR-AUTH-010', 'FR-AUTH-011', 'FR-AUTH-012']);
    assert.deepEqual(requirementsOf('xFR-001 FR-001x FR-001xy R0055 R005'), ['FR-001x', 'R005'], 'a lower-case suffix, never two');
    assert.deepEqual(requirementsOf('FR-004a–006'), ['FR-004a'], 'a suffixed id starts no range');
    assert.deepEqual(requirementsOf('SC-1'), ['SC-1']);
    assert.deepEqual(requirementsOf('no ids here'), []);
  });

  it('gives arrays the caller may keep and change', () => {
    const first = requirementsOf('FR-001');
    first.push('mine');
    assert.deepEqual(requirementsOf('FR-001'), ['FR-001']);
    const head = headOf(' [P] T001 x');
    head.tags.push('mine');
    assert.deepEqual(headOf(' [P] T001 x').tags, ['P']);
  });

  it('reads a requirement family as ^(.*-)\\d+[a-z]?$ does', () => {
    const FAMILY = /^(.*-)\d+[a-z]?$/;
    for (const id of ['FR-001', 'FR-AUTH-001', 'SC-002', 'FR-004a', 'FR-004ab', 'FR-', 'FR-x1', 'R005', '-1', 'a-b-2', 'FR-1\n-2', 'X\r-3', 'FR-1A', '']) {
      assert.equal(familyOf(id), FAMILY.exec(id)?.[1] ?? '', JSON.stringify(id));
    }
  });
});

describe('parsed task lists', () => {
  const text = ['## Phase 1: Setup', '', '- [ ] T001 Parent one', '  - [ ] T002 Child of one', '    detail of two', '- [ ] T003 Parent two', '  - [ ] T004 Child of two', '- [ ] T005 Alone', ''].join('\n');

  it('fills each task its own children and details, though empty lists are shared', () => {
    const doc = parseTasks(text);
    const [one, two, parentTwo, four, alone] = doc.tasks;
    assert.deepEqual(one.children, ['T002']);
    assert.deepEqual(two.details, ['detail of two']);
    assert.deepEqual(parentTwo.children, ['T004']);
    assert.deepEqual(parentTwo.childIndexes, [3]);
    assert.deepEqual([four.children, four.details, alone.children, alone.details, alone.dependsOn, alone.files], [[], [], [], [], [], []]);
  });

  it('gives empty lists that refuse a change in place instead of changing every task', () => {
    const doc = parseTasks(text);
    const alone = doc.tasks[4];
    assert.throws(() => alone.dependsOn.push('T001'), TypeError);
    assert.deepEqual(doc.tasks[3].dependsOn, []);
  });
});

describe('lists many tasks hold alike', () => {
  it('gives tasks with the same tags or requirement ids one frozen list, and keeps lists that only join alike apart', () => {
    const doc = parseTasks(['- [ ] T001 [P] [US1] One (FR-001)', '- [ ] T002 [P] [US1] Two (FR-001)', '- [ ] T003 [US1] Three (FR-002)', '- [ ] [a] [b] T004 Four', '- [ ] [a\u0000b] T005 Five', ''].join('\n'));
    const [one, two, three, four, five] = doc.tasks;
    assert.equal(one.tags, two.tags);
    assert.equal(one.requirements, two.requirements);
    assert.deepEqual([three.tags, three.requirements], [['US1'], ['FR-002']]);
    assert.throws(() => one.tags.push('mine'), TypeError);
    assert.deepEqual(two.tags, ['P', 'US1']);
    assert.deepEqual([four.tags, five.tags], [['a', 'b'], ['a\u0000b']]);
    assert.equal(one.story, 'US1');
  });

  it('takes the first tag that is US and digits, in either case, as the story', () => {
    const stories = ['[US] [US1a] [uS3] [US4]', '[Us12]', '[US]', '[ſ1] [U S1]', '[USA1] [us0]'].map((tags, i) => parseTasks(`- [ ] T00${i + 1} ${tags} Work\n`).tasks[0].story);
    assert.deepEqual(stories, ['uS3', 'Us12', undefined, undefined, 'us0']);
  });

  it('shares nothing between two parses', () => {
    const text = '- [ ] T001 [P] One (FR-001)\n';
    assert.notEqual(parseTasks(text).tasks[0].tags, parseTasks(text).tasks[0].tags);
  });
});
