import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, parseTasks, serializeTasks, setMarkEdit, tickEdit, type Task, type TaskMark, type TasksDocument } from '../../src/core/features/tasks';

/**
 * The tasks.md corpus: every NN-name.md parses to NN-name.expected.json (the specification, reviewed
 * by hand), round-trips byte for byte, and every task ticks by exactly one character.
 * `UPDATE_EXPECTED=1 npx mocha test/unit/tasksModel.test.ts` rewrites the expected files.
 */
const CORPUS = join(__dirname, '..', 'fixtures', 'tasks-corpus');
const FILES = readdirSync(CORPUS).filter((f) => f.endsWith('.md')).sort();
const UPDATE = process.env.UPDATE_EXPECTED === '1';

/** Lines that look like a checkbox at a glance (quoted, tabled, malformed boxes included). */
const LOOKS_LIKE_TASK = /^[\s>|]*(?:[-*+]|\d+[.)])?\s*\[(?:[ xX~?-]?| x )\]/;

function viewOf(doc: TasksDocument) {
  const taskLines = new Set([...doc.tasks, ...doc.checklist].map((t) => t.line));
  return {
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    eol: doc.eol === '\r\n' ? 'CRLF' : 'LF',
    bom: doc.bom !== '',
    progress: doc.progress,
    phases: doc.phases,
    tasks: doc.tasks.map((t) => taskView(t, doc.tasks)),
    ...(doc.checklist.length ? { checklistProgress: doc.checklistProgress, checklist: doc.checklist.map((t) => ({ line: t.line, mark: t.mark, checklist: t.heading, description: t.description })) } : {}),
    lookAlikes: doc.lines.flatMap((l, line) => (!taskLines.has(line) && LOOKS_LIKE_TASK.test(l.text) ? [{ line, text: l.text }] : [])),
  };
}

function taskView(t: Task, all: readonly Task[]) {
  return {
    line: t.line,
    mark: t.mark,
    ...(t.state === 'inProgress' || t.state === 'queued' ? { state: t.state } : {}),
    ...(t.checkbox ? {} : { checkbox: false }),
    ...(t.id !== undefined ? { id: t.id } : {}),
    ...(t.ids.length !== (t.id ? 1 : 0) ? { ids: t.ids } : {}),
    idStyle: t.idStyle,
    ...(t.tags.length ? { tags: t.tags } : {}),
    ...(t.parallel ? { parallel: true } : {}),
    ...(t.story ? { story: t.story } : {}),
    ...(t.optional ? { optional: true } : {}),
    description: t.description,
    ...(t.dependsOn.length ? { dependsOn: t.dependsOn } : {}),
    ...(t.requirements.length ? { requirements: t.requirements } : {}),
    ...(t.files.length ? { files: t.files } : {}),
    ...(t.documents.length ? { documents: t.documents } : {}),
    ...(t.details.length ? { details: t.details } : {}),
    phase: t.phase,
    ...(t.heading !== undefined ? { heading: t.heading } : {}),
    ...(t.parentId !== undefined ? { parentId: t.parentId } : t.parentIndex !== undefined ? { parentLine: all[t.parentIndex].line } : {}),
    ...(t.children.length ? { children: t.children } : {}),
  };
}

const read = (name: string) => readFileSync(join(CORPUS, name), 'utf8');
const expectedPath = (name: string) => join(CORPUS, name.replace(/\.md$/, '.expected.json'));

function differingCharacters(a: string, b: string): number[] {
  assert.equal(a.length, b.length, 'an edit of one character keeps the length');
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

describe('tasks.md model: the corpus', () => {
  it('has at least 30 files, each with its expected parse', () => {
    assert.ok(FILES.length >= 30, `${FILES.length} files`);
    for (const name of FILES) if (!UPDATE) assert.ok(readdirSync(CORPUS).includes(name.replace(/\.md$/, '.expected.json')), name);
  });

  for (const name of FILES) {
    describe(name, () => {
      const text = read(name);
      const doc = parseTasks(text);

      it('parses to the expected tasks, phases and progress', () => {
        const view = viewOf(doc);
        if (UPDATE) writeFileSync(expectedPath(name), `${JSON.stringify(view, null, 2)}\n`);
        const expected = JSON.parse(readFileSync(expectedPath(name), 'utf8'));
        assert.deepEqual(JSON.parse(JSON.stringify(view)), expected);
      });

      it('round-trips byte for byte, as written and with other line endings, BOM and final newline', () => {
        assert.equal(serializeTasks(doc), text);
        const lf = text.replace(/\r\n/g, '\n');
        const variants = [lf, lf.replace(/\n/g, '\r\n'), `\uFEFF${lf.replace(/^\uFEFF/, '')}`, lf.replace(/\n+$/, ''), `${lf}\n\n`];
        const plainView = (d: TasksDocument) => JSON.stringify({ ...viewOf(d), eol: undefined, bom: undefined, lookAlikes: undefined });
        for (const variant of variants) {
          const parsed = parseTasks(variant);
          assert.equal(serializeTasks(parsed), variant);
          assert.equal(plainView(parsed), plainView(doc), 'line endings, BOM and final newline change nothing else');
          for (const t of parsed.tasks) assert.equal(variant[t.markOffset], t.mark, `mark offset of line ${t.line}`);
        }
      });

      it('ticks and unticks every task by one character, keeping x or X', () => {
        const allCapital = doc.tasks.some((t) => t.done) && doc.tasks.filter((t) => t.done).every((t) => t.mark === 'X');
        for (const t of doc.tasks) {
          assert.equal(tickEdit(text, t.line, t.done), undefined, `line ${t.line} is already in that state`);
          const edit = tickEdit(text, t.line, !t.done);
          assert.ok(edit, `line ${t.line}`);
          assert.deepEqual({ offset: edit.offset, length: edit.length }, { offset: t.markOffset, length: 1 });
          assert.equal(edit.text, t.done ? ' ' : allCapital ? 'X' : 'x');
          const after = applyEdits(text, [edit]);
          assert.deepEqual(differingCharacters(text, after), [t.markOffset]);
          const again = parseTasks(after);
          assert.equal(again.tasks.length, doc.tasks.length);
          assert.equal(again.tasks[t.index].done, !t.done);
          const others = (d: TasksDocument) => d.tasks.filter((o) => o.index !== t.index).map((o) => taskView(o, d.tasks));
          assert.deepEqual(others(again), others(doc));
        }
      });

      it('sets any mark by one character, in text and in the model', () => {
        for (const t of doc.tasks) {
          for (const mark of [' ', 'x', 'X', '-'] as TaskMark[]) {
            const edit = setMarkEdit(text, t.line, mark);
            if (mark === t.mark) {
              assert.equal(edit, undefined);
              continue;
            }
            assert.ok(edit);
            const after = applyEdits(text, [edit]);
            assert.deepEqual(differingCharacters(text, after), [t.markOffset]);
            const model = parseTasks(text);
            model.tasks[t.index].mark = mark;
            assert.equal(serializeTasks(model), after, 'changing the mark in the model changes that one character');
          }
        }
      });

      it('leaves every other line alone: look-alikes, code, comments, prose', () => {
        const taskLines = new Set([...doc.tasks, ...doc.checklist].map((t) => t.line));
        doc.lines.forEach((_, line) => {
          if (taskLines.has(line)) return;
          assert.equal(tickEdit(text, line, true), undefined, `line ${line}`);
          assert.equal(tickEdit(text, line, false), undefined, `line ${line}`);
          assert.equal(setMarkEdit(text, line, '-'), undefined, `line ${line}`);
        });
      });
    });
  }
});

describe('tasks.md model: rules the corpus relies on', () => {
  const taskAt = (text: string, id: string) => parseTasks(text).tasks.find((t) => t.id === id);

  it('ticks with X only when every done mark in the file is X', () => {
    const capital = read('04-speckit-capital-X.md');
    const line = taskAt(capital, 'T004')?.line ?? -1;
    assert.equal(tickEdit(capital, line, true)?.text, 'X');
    assert.equal(tickEdit(read('05-mixed-x-case.md'), taskAt(read('05-mixed-x-case.md'), 'T003')?.line ?? -1, true)?.text, 'x');
    assert.equal(tickEdit('- [ ] T001 a\n- [ ] T002 b\n', 0, true)?.text, 'x', 'nothing done yet: x');
    assert.equal(tickEdit('- [X] T001 a\n- [ ] T002 b\n', 0, true), undefined, 'an X stays X');
    assert.equal(tickEdit('- [-] T001 a\n', 0, false), undefined, 'a skipped task is already not done');
    assert.deepEqual(tickEdit('- [-] T001 a\n', 0, true), { offset: 3, length: 1, text: 'x' });
  });

  it('counts offsets in UTF-16 code units after BOM, CRLF and astral characters', () => {
    const text = '\uFEFF# 🎉 Tasks\r\n- [ ] T001 🧑‍💻 a\r\n- [ ] T002 b';
    const doc = parseTasks(text);
    assert.deepEqual(doc.tasks.map((t) => text[t.markOffset]), [' ', ' ']);
    const edit = tickEdit(text, 2, true);
    assert.ok(edit);
    assert.equal(applyEdits(text, [edit]), '\uFEFF# 🎉 Tasks\r\n- [ ] T001 🧑‍💻 a\r\n- [x] T002 b');
  });

  it('applies several edits in any order and refuses overlapping ones', () => {
    const text = '- [ ] T001 a\n- [ ] T002 b\n';
    const edits = [tickEdit(text, 1, true), tickEdit(text, 0, true)].filter((e) => e !== undefined);
    assert.equal(applyEdits(text, edits), '- [x] T001 a\n- [x] T002 b\n');
    assert.throws(() => applyEdits(text, [{ offset: 3, length: 2, text: 'x' }, { offset: 4, length: 1, text: 'y' }]), RangeError);
    assert.throws(() => applyEdits(text, [{ offset: text.length, length: 1, text: 'x' }]), RangeError);
  });

  it('keeps phases without tasks only when they are Phase headings', () => {
    const doc = parseTasks('## Phase 1: Setup\n\n## Notes\n\n- [ ] loose\n');
    assert.deepEqual(doc.phases.map((p) => [p.key, p.progress.total]), [['Phase 1: Setup', 0]]);
    assert.equal(doc.tasks[0].phase, '', 'a ## heading that is not a phase ends the phase');
    assert.equal(doc.tasks[0].heading, 'Notes');
  });

  it('handles an empty text and a text of only line endings', () => {
    for (const text of ['', '\n', '\r\n\r\n', '\uFEFF']) {
      const doc = parseTasks(text);
      assert.deepEqual(doc.tasks, []);
      assert.equal(serializeTasks(doc), text);
    }
  });
});

describe('tasks.md model: generated mixes of every form', () => {
  const pieces = [
    '- [ ] T001 [P] [US1] a in src/a.ts', '- [x] **T002** b (depends on T001)', '- [X] T003–T005 c', '- [-] T006 skipped', '  - [ ] 1.1 nested',
    '- [ ]* 2. optional', '```', '~~~', '<!--', '-->', '<!-- - [ ] T009 -->', '> - [ ] quoted', '## Phase 1: Setup (Priority: P1) 🎯 MVP', '### Sub',
    '## Format', '## Notes', '- [x] = done', '  - _Requirements: 1.1_', '', '  ', '\t- [ ] T010 tab', '- [ ] 🧑‍💻 T011 emoji',
  ];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };

  it('round-trip byte for byte and tick by one character, whatever the mix', () => {
    for (let round = 0; round < 200; round++) {
      const eol = random(3) === 0 ? '\r\n' : '\n';
      const lines = Array.from({ length: 1 + random(25) }, () => pieces[random(pieces.length)]);
      const text = (random(4) === 0 ? '\uFEFF' : '') + lines.join(eol) + (random(2) ? eol : '');
      const doc = parseTasks(text);
      assert.equal(serializeTasks(doc), text);
      for (const t of doc.tasks) {
        const edit = tickEdit(text, t.line, !t.done);
        assert.ok(edit);
        assert.deepEqual(differingCharacters(text, applyEdits(text, [edit])), [t.markOffset], JSON.stringify(text));
      }
    }
  });
});
