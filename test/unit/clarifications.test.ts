import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  answerClarification, answerClarificationInFile, applyEdits, ClarificationError, clarificationEdits, findClarifications, today,
} from '../../src/core/features/clarifications';
import { VersionStore } from '../../src/core/features/versions';

const SPEC = [
  '# Feature Specification: Photo Albums',
  '',
  '**Feature Branch**: `001-photo-albums`',
  '**Status**: Draft',
  '',
  '## User Scenarios & Testing *(mandatory)*',
  '',
  '### Functional Requirements',
  '',
  '- **FR-001**: System MUST authenticate users via [NEEDS CLARIFICATION: which sign-in method?].',
  '- **FR-002**: System MUST retain user data for [NEEDS CLARIFICATION: retention period not specified].',
  '',
  '```md',
  '- **FR-009**: example [NEEDS CLARIFICATION: not a real marker]',
  '```',
  '<!-- [NEEDS CLARIFICATION: nor this one] -->',
  '',
].join('\n');

describe('clarifications', () => {
  it('lists the markers with their question, line, character and offset, skipping code and comments', () => {
    const markers = findClarifications(SPEC);
    assert.deepEqual(markers.map((m) => m.question), ['which sign-in method?', 'retention period not specified']);
    const first = markers[0];
    assert.equal(first.line, 9);
    assert.equal(SPEC.split('\n')[9].slice(first.character, first.character + first.length), first.marker);
    assert.equal(SPEC.slice(first.offset, first.offset + first.length), '[NEEDS CLARIFICATION: which sign-in method?]');
    assert.match(first.context, /^- \*\*FR-001\*\*/);
    assert.equal(markers[1].index, 1);
  });

  it('answering replaces the marker in place and creates ## Clarifications with today\'s session before the first section', () => {
    const [marker] = findClarifications(SPEC);
    const out = answerClarification(SPEC, marker, 'email and password', '2026-11-24');
    assert.match(out, /^- \*\*FR-001\*\*: System MUST authenticate users via email and password\.$/m);
    assert.doesNotMatch(out, /which sign-in method\?\]/);
    const header = out.indexOf('**Status**: Draft');
    const section = out.indexOf('## Clarifications\n\n### Session 2026-11-24\n\n- Q: which sign-in method? → A: email and password\n\n## User Scenarios');
    assert.ok(section > header, out);
    assert.equal(findClarifications(out).length, 1);
  });

  it('appends to an existing session of the same day, and starts a new session on another day', () => {
    let text = SPEC;
    const [first, second] = findClarifications(text);
    text = answerClarification(text, first, 'SSO', '2026-11-24');
    text = answerClarification(text, { offset: -1, question: second.question }, '  two\n years ', '2026-11-24');
    assert.match(text, /### Session 2026-11-24\n\n- Q: which sign-in method\? → A: SSO\n- Q: retention period not specified → A: two years\n\n## User/);
    assert.equal((text.match(/## Clarifications/g) ?? []).length, 1);
    assert.match(text, /retain user data for two years\./);

    const more = `${text}\n- **FR-003**: Albums hold [NEEDS CLARIFICATION: how many photos?].\n`;
    const [third] = findClarifications(more);
    const next = answerClarification(more, third, 'up to 10,000', '2026-11-25');
    assert.match(next, /- Q: retention period not specified → A: two years\n\n### Session 2026-11-25\n\n- Q: how many photos\? → A: up to 10,000\n\n## User/);
  });

  it('finds a session that already has no entries, and keeps CRLF line endings', () => {
    const crlf = '# Spec\r\n\r\n## Clarifications\r\n\r\n### Session 2026-11-24\r\n\r\n## Requirements\r\n\r\n- FR-001: Do [NEEDS CLARIFICATION: what?]\r\n';
    const out = answerClarification(crlf, findClarifications(crlf)[0], 'this', '2026-11-24');
    assert.equal(out, '# Spec\r\n\r\n## Clarifications\r\n\r\n### Session 2026-11-24\r\n\r\n- Q: what? → A: this\r\n\r\n## Requirements\r\n\r\n- FR-001: Do this\r\n');
  });

  it('works on a spec with no sections and no trailing newline', () => {
    const out = answerClarification('Only [NEEDS CLARIFICATION: why?]', { offset: 5, question: 'why?' }, 'because', '2026-01-02');
    assert.equal(out, 'Only because\n\n## Clarifications\n\n### Session 2026-01-02\n\n- Q: why? → A: because\n');
  });

  it('returns edits in original offsets, so an editor can apply them as one undoable change', () => {
    const [marker] = findClarifications(SPEC);
    const edits = clarificationEdits(SPEC, marker, 'OAuth', '2026-11-24');
    assert.equal(edits.length, 2);
    assert.ok(edits.some((e) => e.offset === marker.offset && e.length === marker.length && e.newText === 'OAuth'));
    assert.equal(applyEdits(SPEC, edits), answerClarification(SPEC, marker, 'OAuth', '2026-11-24'));
  });

  it('refuses a blank answer or a question that is no longer in the spec', () => {
    const [marker] = findClarifications(SPEC);
    assert.throws(() => answerClarification(SPEC, marker, '   '), ClarificationError);
    assert.throws(() => answerClarification(SPEC, { offset: marker.offset, question: 'gone?' }, 'x'), /no longer marked NEEDS CLARIFICATION/);
  });

  it('formats today as a local YYYY-MM-DD date', () => {
    assert.equal(today(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
  });

  describe('in a file', () => {
    let root: string;
    beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'sw-clar-')); });
    afterEach(() => rm(root, { recursive: true, force: true }));

    it('writes the answer to spec.md, keeps the previous spec as a version, and returns the markers still open', async () => {
      const specPath = join(root, 'specs', '001-a', 'spec.md');
      await mkdir(join(root, 'specs', '001-a'), { recursive: true });
      await writeFile(specPath, SPEC);
      const versions = new VersionStore(root);
      const [marker] = findClarifications(SPEC);
      const { remaining } = await answerClarificationInFile(specPath, marker, 'passkeys', { date: '2026-11-24', versions });
      assert.deepEqual(remaining.map((m) => m.question), ['retention period not specified']);
      assert.match(await readFile(specPath, 'utf8'), /authenticate users via passkeys\./);
      const kept = await versions.list(specPath);
      assert.equal(kept.length, 1);
      assert.equal(await versions.read(specPath, kept[0].id), SPEC);
    });
  });
});
