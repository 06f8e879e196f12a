import assert from 'node:assert/strict';
import type { EditorTask } from '../../src/protocol';
import { EditSync, mergeEdits, type EditRequest } from '../../webview/editor/editSync';
import { segmentsOf } from '../../webview/editor/segments';
import { splitFrontMatter } from '../../webview/frontMatter';
import { markdownHtml } from '../../webview/markdownHtml';

const task = (line: number, depth = 0): EditorTask => ({ line, mark: ' ', done: false, text: `task on ${line}`, depth });

describe('document editor page: segments', () => {
  it('is one Markdown run for a document without tasks', () => {
    assert.deepEqual(segmentsOf('# Plan\n\ntext\n', undefined), [{ kind: 'markdown', text: '# Plan\n\ntext\n', line: 0 }]);
  });

  it('cuts Markdown runs around task rows, in document order', () => {
    const text = ['# Tasks', '', '## Phase 1', '- [ ] T001 a', '- [ ] T002 b', '', '## Phase 2', '- [ ] T003 c'].join('\n');
    const segments = segmentsOf(text, [task(3), task(4), task(7)]);
    assert.deepEqual(segments.map((s) => (s.kind === 'task' ? `task ${s.task.line}` : `md ${s.line}: ${s.text}`)), [
      'md 0: # Tasks\n\n## Phase 1',
      'task 3',
      'task 4',
      'md 5: \n## Phase 2',
      'task 7',
    ]);
  });

  it('keeps indented detail lines with their task, dedented (not an indented code block)', () => {
    const text = ['- [ ] 2. Parent', '  - [ ] 2.1 Child', '    - Detail one', '    - _Requirements: 1.1_', '', 'After'].join('\n');
    const segments = segmentsOf(text, [task(0), task(1, 1)]);
    assert.equal(segments.length, 3);
    const child = segments[1];
    assert.equal(child.kind, 'task');
    if (child.kind === 'task') assert.equal(child.details, '- Detail one\n- _Requirements: 1.1_');
    assert.deepEqual(segments[2], { kind: 'markdown', text: '\nAfter', line: 4 });
  });
});

describe('document editor page: edit sync', () => {
  let sent: EditRequest[];
  let shown: string[];
  let notices: string[];
  let n: number;
  const make = (text: string, version: number) => new EditSync({ text, version }, {
    send: (edit) => sent.push(edit),
    show: (t) => shown.push(t),
    notify: (m) => notices.push(m),
    newId: () => `r${++n}`,
  });

  beforeEach(() => {
    sent = [];
    shown = [];
    notices = [];
    n = 0;
  });

  it('sends typing with the version it was typed on, one edit at a time, then the rest', () => {
    const sync = make('abc', 1);
    sync.input('abcd');
    sync.flush();
    sync.input('abcde');
    sync.flush();
    assert.deepEqual(sent, [{ requestId: 'r1', baseVersion: 1, text: 'abcd' }], 'the second waits for the first');
    sync.hostDocument({ text: 'abcd', version: 2 }); // the echo of our own edit
    sync.result({ requestId: 'r1', ok: true, version: 2 });
    assert.deepEqual(sent[1], { requestId: 'r2', baseVersion: 2, text: 'abcde' });
    assert.deepEqual(shown, [], 'our own echo never rewrites the textarea');
    assert.equal(sync.pending, true);
    sync.result({ requestId: 'r2', ok: true, version: 3 });
    assert.equal(sync.pending, false);
  });

  it('takes in a change from outside when nothing is unsent', () => {
    const sync = make('one\n', 1);
    sync.hostDocument({ text: 'one\ntwo\n', version: 2 });
    assert.deepEqual(shown, ['one\ntwo\n']);
    assert.equal(sync.text, 'one\ntwo\n');
    sync.input('one\ntwo\nthree\n');
    sync.flush();
    assert.equal(sent[0].baseVersion, 2);
  });

  it('merges unsent typing with a change from outside that touches another place', () => {
    const sync = make('title\n\nbody\n', 1);
    sync.input('title!\n\nbody\n');
    sync.hostDocument({ text: 'title\n\nbody\nmore from the agent\n', version: 2 });
    assert.equal(sync.text, 'title!\n\nbody\nmore from the agent\n');
    assert.deepEqual(notices, []);
    sync.flush();
    assert.deepEqual(sent, [{ requestId: 'r1', baseVersion: 2, text: 'title!\n\nbody\nmore from the agent\n' }]);
  });

  it('says so when a change from outside overlaps unsent typing, and shows the document', () => {
    const sync = make('keep this line\n', 1);
    sync.input('keep THIS line\n');
    sync.hostDocument({ text: 'the agent rewrote it\n', version: 2 });
    assert.equal(sync.text, 'the agent rewrote it\n');
    assert.equal(notices.length, 1);
  });

  it('after a refused (stale) edit, rebases the typing on the newer document', () => {
    const sync = make('a\nb\n', 1);
    sync.input('a!\nb\n');
    sync.flush();
    sync.hostDocument({ text: 'a\nb\nc\n', version: 2 });
    sync.result({ requestId: 'r1', ok: false, error: 'The document changed while you were typing.' });
    assert.deepEqual(notices, ['The document changed while you were typing.']);
    assert.equal(sync.text, 'a!\nb\nc\n');
    assert.deepEqual(sent[1], { requestId: 'r2', baseVersion: 2, text: 'a!\nb\nc\n' });
  });

  it('ignores documents older than one already seen and results of other requests', () => {
    const sync = make('x', 5);
    sync.hostDocument({ text: 'y', version: 6 });
    sync.hostDocument({ text: 'old', version: 4 });
    assert.equal(sync.text, 'y');
    sync.result({ requestId: 'nope', ok: false, error: 'not ours' });
    assert.deepEqual(notices, []);
  });

  it('merges only edits that do not overlap', () => {
    assert.equal(mergeEdits('abc', 'Xabc', 'abcY'), 'XabcY');
    assert.equal(mergeEdits('abc', 'abc', 'abY'), 'abY');
    assert.equal(mergeEdits('abc', 'aXc', 'aYc'), undefined);
    assert.equal(mergeEdits('abc', 'aXbc', 'aYbc'), undefined, 'two insertions at one place have no order');
  });
});

describe('front matter (issue 12.5): metadata, collapsed, never a heading', () => {
  const DOC = '---\ndescription: "Task list for 离线同步"\nfeature: 014-offline-sync\ntags:\n  - sync\n---\n\n# Tasks: Offline sync\n\n- [ ] T001 Do it\n';

  it('is read off the top of a document: fields, the lines it spans, the body after it', () => {
    const front = splitFrontMatter(DOC);
    assert.ok(front);
    assert.deepEqual(front.fields, [['description', 'Task list for 离线同步'], ['feature', '014-offline-sync'], ['tags', '- sync']]);
    assert.equal(front.lineCount, 6);
    assert.equal(front.body, '\n# Tasks: Offline sync\n\n- [ ] T001 Do it\n');
    assert.equal(splitFrontMatter('# Title\n\n---\nnot: front matter\n---\n'), undefined, 'only at the very top');
    assert.equal(splitFrontMatter('---\nno closing fence\n'), undefined);
  });

  it('renders as a closed <details> above the body, with escaped values, and no heading made of it', () => {
    const html = markdownHtml(DOC);
    assert.match(html, /^<details class="front-matter"><summary>Metadata \(3 fields\)<\/summary><dl><dt>description<\/dt><dd>Task list for 离线同步<\/dd>/);
    assert.doesNotMatch(html, /<details[^>]* open/);
    assert.doesNotMatch(html, /<h2|<hr/, 'Markdown alone would make the last field a setext heading under a rule');
    assert.match(html, /<h1>Tasks: Offline sync<\/h1>/);
    assert.doesNotMatch(markdownHtml('---\nx: <img src=x onerror=alert(1)>\n---\n'), /<img/);
  });
});
