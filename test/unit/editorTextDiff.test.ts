import assert from 'node:assert/strict';
import { minimalReplacement, normalizeEol, positionAt } from '../../src/vscode/documentEditor/textDiff';

const apply = (before: string, r: NonNullable<ReturnType<typeof minimalReplacement>>): string => before.slice(0, r.start) + r.text + before.slice(r.end);

describe('document editor: minimal edits', () => {
  it('is nothing for equal texts', () => {
    assert.equal(minimalReplacement('same', 'same'), undefined);
  });

  it('replaces only the typed character', () => {
    const before = '# Spec\n\nUsers share albums.\n';
    const after = '# Spec\n\nUsers share photo albums.\n';
    const r = minimalReplacement(before, after);
    assert.ok(r);
    assert.deepEqual({ start: r.start, end: r.end, text: r.text }, { start: 20, end: 20, text: 'photo ' });
    assert.deepEqual(r.from, { line: 2, character: 12 });
    assert.deepEqual(r.to, r.from);
    assert.equal(apply(before, r), after);
  });

  it('handles deletions, replacements and edits at both ends', () => {
    const cases: [string, string][] = [
      ['abcdef', 'abef'],
      ['abcdef', 'abXYef'],
      ['abc', 'Xabc'],
      ['abc', 'abcX'],
      ['abc', ''],
      ['', 'new'],
      ['aaaa', 'aaa'],
      ['line 1\nline 2\n', 'line 1\nline 2\nline 3\n'],
    ];
    for (const [before, after] of cases) {
      const r = minimalReplacement(before, after);
      assert.ok(r, `${before} → ${after}`);
      assert.equal(apply(before, r), after, `${before} → ${after}`);
    }
  });

  it('never splits a surrogate pair (emoji in a phase heading)', () => {
    const before = '## Phase 3 🎯 MVP';
    const after = '## Phase 3 🎉 MVP';
    const r = minimalReplacement(before, after);
    assert.ok(r);
    assert.equal(r.text, '🎉');
    assert.equal(before.slice(r.start, r.end), '🎯');
  });

  it('never leaves half of a \\r\\n', () => {
    const before = 'a\r\nb';
    const after = 'a\rXb';
    const r = minimalReplacement(before, after);
    assert.ok(r);
    assert.equal(apply(before, r), after);
    assert.ok(r.start <= 1, 'the \\r is part of the replacement');
  });

  it('gives VS Code positions: lines by \\n, a \\r\\n counted as one line end', () => {
    const text = 'ab\r\ncd\nef';
    assert.deepEqual(positionAt(text, 0), { line: 0, character: 0 });
    assert.deepEqual(positionAt(text, 2), { line: 0, character: 2 });
    assert.deepEqual(positionAt(text, 3), { line: 0, character: 2 });
    assert.deepEqual(positionAt(text, 4), { line: 1, character: 0 });
    assert.deepEqual(positionAt(text, 7), { line: 2, character: 0 });
    assert.deepEqual(positionAt(text, 9), { line: 2, character: 2 });
  });

  it('normalises line endings the way a textarea does', () => {
    assert.equal(normalizeEol('a\r\nb\rc\n'), 'a\nb\nc\n');
  });
});
