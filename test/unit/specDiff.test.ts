import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffChange, DiffSection } from '../../src/protocol/diff';
import { ID_FINDING_CODES, idRulesSection, nextIds, verifyRequirementIds } from '../../src/core/features/idRules';
import { activeRequirements, retiredRequirements } from '../../src/core/features/requirementIds';
import { diffSpecs, diffTaskLists, summarizeSections } from '../../src/core/features/specDiff';
import { similarity, wordDiff } from '../../src/core/features/wordDiff';

const FIXTURES = join(__dirname, '..', 'fixtures', 'spec-history');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const section = (sections: DiffSection[], key: DiffSection['key']) => sections.find((s) => s.key === key) as DiffSection;
const brief = (c: DiffChange) => `${c.kind} ${c.fromId ? `${c.fromId}→` : ''}${c.id}${c.reusedId ? ' (reused)' : ''}`;
const textOf = (parts: { op: string; text: string }[], keep: string[]) => parts.filter((p) => keep.includes(p.op)).map((p) => p.text).join('');

describe('semantic diff of spec versions', () => {
  describe('word diff', () => {
    it('joins back into both texts and marks only the changed words', () => {
      const before = 'System MUST sort albums by the date of their oldest photo.';
      const after = 'System MUST sort albums by the date of their newest photo, newest album first.';
      const parts = wordDiff(before, after);
      assert.equal(textOf(parts, ['equal', 'delete']), before);
      assert.equal(textOf(parts, ['equal', 'insert']), after);
      assert.deepEqual(parts.filter((p) => p.op === 'delete').map((p) => p.text), ['oldest']);
      assert.ok(parts.some((p) => p.op === 'insert' && p.text.includes('newest')));
      assert.ok(parts.some((p) => p.op === 'equal' && p.text.startsWith('System MUST sort albums')));
    });

    it('counts a CJK character as a word', () => {
      const parts = wordDiff('ユーザーはアルバムを作成できる', 'ユーザーはアルバムを削除できる');
      assert.deepEqual(parts.filter((p) => p.op !== 'equal').map((p) => `${p.op}:${p.text}`), ['delete:作成', 'insert:削除']);
    });

    it('judges likeness by content words, not by the boilerplate every requirement shares', () => {
      assert.ok(similarity('System MUST allow users to create albums.', 'System MUST allow users to delete photos.') < 0.25);
      assert.ok(similarity('Users MUST be able to revoke a shared link at any time.', 'Users MUST be able to revoke a shared link at any moment.') > 0.6);
    });
  });

  describe('requirements, success criteria and stories', () => {
    const sections = diffSpecs(read('v1.md'), read('v2.md'));

    it('finds the added, the removed (retired) and the modified requirement, with a word diff of the change', () => {
      const req = section(sections, 'requirements');
      assert.deepEqual(req.changes.map(brief), ['modified FR-002', 'added FR-007', 'removed FR-004']);
      assert.equal(req.unchanged, 4);
      const modified = req.changes[0];
      assert.equal(modified.before, 'System MUST sort albums by the date of their oldest photo.');
      assert.equal(modified.after, 'System MUST sort albums by the date of their newest photo, newest album first.');
      assert.ok(modified.words?.some((w) => w.op === 'delete' && w.text === 'oldest'));
      const removed = req.changes[2];
      assert.deepEqual(removed.retired, { date: '2026-11-24', reason: 'links are replaced by invitations (see FR-005)' });
      const lines = read('v2.md').split('\n');
      assert.match(lines[req.changes[1].line ?? -1], /FR-007/, 'an added requirement points at its line in the newer version');
      assert.match(read('v1.md').split('\n')[removed.line ?? -1], /FR-004/, 'a removed one at its line in the older version');
    });

    it('diffs success criteria and user stories in their own sections', () => {
      assert.deepEqual(section(sections, 'successCriteria').changes.map(brief), ['modified SC-002']);
      const stories = section(sections, 'stories');
      assert.deepEqual(stories.changes.map(brief), ['modified US3']);
      assert.match(stories.changes[0].after ?? '', /Reorder and pin albums \(P3\)/);
      assert.equal(summarizeSections(sections), '1 added, 1 removed, 3 modified');
    });

    it('shows requirements the agent renumbered as renumbered, and the ids they took as reused', () => {
      const req = section(diffSpecs(read('v1.md'), read('v3.md')), 'requirements');
      assert.deepEqual(req.changes.map(brief), ['renumbered FR-004→FR-003 (reused)', 'renumbered FR-005→FR-004 (reused)', 'renumbered FR-006→FR-005 (reused)', 'removed FR-003']);
      const reworded = req.changes[1];
      assert.ok(reworded.words?.some((w) => w.op === 'insert' && w.text === 'moment'), 'a renumbered and reworded requirement has its word diff');
      assert.equal(req.changes[0].words, undefined, 'a renumbered requirement with the same text has none');
    });

    it('flags an id given to something new as reused: a retired id, and an id whose requirement changed meaning', () => {
      const req = section(diffSpecs(read('v2.md'), read('v4.md')), 'requirements');
      assert.deepEqual(req.changes.map(brief), ['added FR-001 (reused)', 'added FR-004 (reused)', 'removed FR-001']);
    });

    it('ignores requirements in HTML comments and in the retired section', () => {
      const ids = activeRequirements(read('v2.md')).map((r) => r.id);
      assert.deepEqual(ids, ['FR-001', 'FR-002', 'FR-003', 'FR-005', 'FR-006', 'FR-007', 'SC-001', 'SC-002', 'SC-003']);
      assert.deepEqual(retiredRequirements(read('v2.md')).map((r) => r.id), ['FR-004']);
    });

    it('reads struck-through ids and other id shapes as retired', () => {
      const text = '# Spec\n\n## Requirements\n\n- ~~**FR-AUTH-002**: old login~~ (dropped 2026-10-01)\n- **FR-003**: Keep.\n\n### Retired Requirements\n\n- FR-004a — merged into FR-003\n';
      assert.deepEqual(retiredRequirements(text).map((r) => [r.id, r.date ?? '', r.reason ?? '']), [
        ['FR-AUTH-002', '2026-10-01', ''],
        ['FR-004a', '', 'merged into FR-003'],
      ]);
    });
  });

  describe('tasks', () => {
    it('finds added, removed, modified and renumbered tasks', () => {
      const [tasks] = diffTaskLists(read('tasks-v1.md'), read('tasks-v2.md'));
      assert.deepEqual(tasks.changes.map(brief), [
        'modified T003', 'renumbered T007→T006 (reused)', 'renumbered T008→T007 (reused)', 'added T009', 'removed T006',
      ]);
      assert.equal(tasks.unchanged, 4);
      assert.ok(tasks.changes[0].words?.some((w) => w.op === 'insert' && w.text.includes('cover photo')));
    });

    it('a ticked box is not a change of the task', () => {
      const before = read('tasks-v1.md');
      const [tasks] = diffTaskLists(before, before.replace('- [ ] T004', '- [x] T004'));
      assert.deepEqual(tasks.changes, []);
    });
  });
});

describe('requirement ids are for ever', () => {
  const path = '/w/specs/001-photo-albums/spec.md';

  it('puts the current ids, the retired ones and the rule into the prompt of a spec run', () => {
    const section = idRulesSection(read('v2.md'), '2026-12-02') ?? '';
    assert.match(section, /- FR-002: System MUST sort albums by the date of their newest photo/);
    assert.match(section, /Retired \(never use again\):\n- FR-004 \(retired 2026-11-24\): links are replaced by invitations/);
    assert.match(section, /next unused number \(FR-008, SC-004\)/);
    assert.match(section, /## Retired requirements" as "- ~~FR-007~~ retired 2026-12-02: why"/);
    assert.equal(idRulesSection('# Feature Specification: New\n\nNothing yet.\n'), undefined);
  });

  it('numbers past every id ever seen, per family and width', () => {
    assert.deepEqual([...nextIds(['FR-001', 'FR-012', 'SC-3', 'FR-AUTH-007'])], [['FR-', 'FR-013'], ['SC-', 'SC-4'], ['FR-AUTH-', 'FR-AUTH-008']]);
  });

  it('accepts a regeneration that kept its ids, retired what it removed and numbered new ones after the rest', () => {
    assert.deepEqual(verifyRequirementIds({ path, text: read('v2.md') }, [read('v1.md')]), []);
  });

  it('reports a reused id as an error on its line, with the next free id', () => {
    const findings = verifyRequirementIds({ path, text: read('v4.md') }, [read('v2.md'), read('v1.md')], '2026-12-02');
    const reused = findings.filter((f) => f.code === ID_FINDING_CODES.reused);
    assert.deepEqual(reused.map((f) => [f.severity, f.message.split(' ')[0]]), [['error', 'FR-001'], ['error', 'FR-004']]);
    const lines = read('v4.md').split('\n');
    for (const f of reused) {
      assert.equal(f.file, path);
      const id = f.message.split(' ')[0];
      assert.equal(lines[f.line].slice(f.range?.start.character, f.range?.end.character), id);
    }
    assert.match(reused[0].message, /FR-001 was “System MUST allow users to create albums from selected photos\.”/);
    assert.match(reused[0].message, /the next free id is FR-008/);
    assert.match(reused[1].message, /FR-004 was “System MUST generate a read-only link for an album\.”/, 'the meaning comes from an older version');
  });

  it('reports renumbering: the ids that took another meaning as errors', () => {
    const findings = verifyRequirementIds({ path, text: read('v3.md') }, [read('v1.md')]);
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.code} ${f.message.split(' ')[0]}`), [
      `error ${ID_FINDING_CODES.reused} FR-003`, `error ${ID_FINDING_CODES.reused} FR-004`, `error ${ID_FINDING_CODES.reused} FR-005`,
    ]);
    assert.match(findings[0].message, /FR-003 is reused for the requirement that was FR-004, but FR-003 was “Users MUST be able to rename an album\.”/);
  });

  it('warns about a requirement renumbered into a free id, and about one dropped without being retired', () => {
    const v1 = read('v1.md');
    const moved = v1.replace('**FR-006**: System MUST keep', '**FR-010**: System MUST keep').replace('- **FR-003**: Users MUST be able to rename an album.\n', '');
    const findings = verifyRequirementIds({ path, text: moved }, [v1], '2026-12-02');
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.code}`), [`warning ${ID_FINDING_CODES.renumbered}`, `warning ${ID_FINDING_CODES.dropped}`]);
    assert.match(findings[0].message, /FR-010 is the requirement that was FR-006 .*keep its id FR-006/);
    assert.match(findings[1].message, /FR-003 \(“Users MUST be able to rename an album\.”\) was removed without being retired: add “- ~~FR-003~~ retired 2026-12-02: reason” under ## Retired requirements/);
    assert.match(moved.split('\n')[findings[1].line], /## Requirements/);
  });

  it('a retired id defined again is an error, even with its old text; a requirement put back as it was is not', () => {
    const v2 = read('v2.md');
    const back = v2.replace('- **FR-003**: Users MUST be able to rename an album.', '- **FR-003**: Users MUST be able to rename an album.\n- **FR-004**: System MUST generate a read-only link for an album.');
    const findings = verifyRequirementIds({ path, text: back }, [v2, read('v1.md')]);
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.message.split(' ')[0]}`), ['error FR-004']);
    assert.match(findings[0].message, /listed under ## Retired requirements but also defined/);

    const v1 = read('v1.md');
    const dropped = v1.replace('- **FR-005**: Users MUST be able to revoke a shared link at any time.\n', '');
    assert.deepEqual(verifyRequirementIds({ path, text: v1 }, [dropped, v1]), [], 'put back with its old meaning');
  });

  it('has nothing to say about a first spec', () => {
    assert.deepEqual(verifyRequirementIds({ path, text: read('v1.md') }, []), []);
  });
});
