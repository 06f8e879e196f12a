import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyse, checkFeature, FINDING_CODES } from '../../src/core/features/traceability';
import { outlineSpec } from '../../src/core/features/specOutline';
import { requirementsOf } from '../../src/core/features/tasks/taskLine';

/** Issue 13.7 (requirement ids as people write them) and 13.8 (coverage without the noise). */
const FIXTURES = join(__dirname, '..', 'fixtures', 'traceability');

describe('requirement ids as people write them', () => {
  it('reads full-width colons, prefixed and suffixed ids in spec.md', () => {
    const ids = outlineSpec('- **FR-001**：系统必须按周显示\n- **SC-001**： 90%\n- FR-AUTH-001: login first\n- **NFR-003** Loads in 1 s\n- **FR-004a**: time zones\n').requirements;
    assert.deepEqual(ids.map((r) => [r.id, r.kind, r.text]), [
      ['FR-001', 'FR', '系统必须按周显示'], ['SC-001', 'SC', '90%'], ['FR-AUTH-001', 'FR', 'login first'], ['NFR-003', 'FR', 'Loads in 1 s'], ['FR-004a', 'FR', 'time zones'],
    ]);
  });

  it('expands shorthand lists and ranges in tasks.md', () => {
    assert.deepEqual(requirementsOf('covers FR-004a/007'), ['FR-004a', 'FR-007']);
    assert.deepEqual(requirementsOf('FR-008/009/010'), ['FR-008', 'FR-009', 'FR-010']);
    assert.deepEqual(requirementsOf('FR-012–013'), ['FR-012', 'FR-013']);
    assert.deepEqual(requirementsOf('FR-012 to FR-015'), ['FR-012', 'FR-013', 'FR-014', 'FR-015']);
    assert.deepEqual(requirementsOf('FR-001–FR-003 and FR-AUTH-002、NFR-003'), ['FR-001', 'FR-002', 'FR-003', 'FR-AUTH-002', 'NFR-003']);
  });

  it('a correct Chinese spec-kit feature produces no error and no uncovered requirement', async () => {
    const findings = await checkFeature(join(FIXTURES, 'zh-speckit'));
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.message), []);
  });

  it('does not call an id unknown when the spec defines no id of its family', async () => {
    const findings = analyse({ spec: { path: '/f/spec.md', text: '## Requirements\n\n- **FR-001**: Do.\n' }, tasks: { path: '/f/tasks.md', text: '- [ ] T001 Do (FR-001, NFR-009)\n' } });
    assert.deepEqual(findings, []);
  });
});

describe('uncovered-requirement noise', () => {
  it('says once that tasks.md cites no ids, and judges coverage through the [USn] tags of the stories', async () => {
    const findings = await checkFeature(join(FIXTURES, 'stories-no-ids'));
    const info = findings.filter((f) => f.code === FINDING_CODES.requirementsNotCited);
    assert.equal(info.length, 1);
    assert.equal(info[0].severity, 'info');
    assert.match(info[0].message, /tasks\.md cites no requirement ids: coverage cannot be checked task by task; spec-kit's tasks template does not ask for them\. Coverage is judged through the user stories/);
    const uncovered = findings.filter((f) => f.code === FINDING_CODES.uncoveredRequirement);
    assert.deepEqual(uncovered.map((f) => f.message), ['FR-004 is not covered through its user story: no task in tasks.md is tagged [US3].']);
  });

  it('gives only the info finding when the stories do not map requirements', async () => {
    const findings = analyse({ spec: { path: '/f/spec.md', text: '- **FR-001**: A.\n- **FR-002**: B.\n' }, tasks: { path: '/f/tasks.md', text: '- [ ] T001 [US1] Do a\n' } });
    assert.deepEqual(findings.map((f) => [f.severity, f.code]), [['info', FINDING_CODES.requirementsNotCited]]);
  });

  it('counts an FR named in a phase heading or its Purpose line as covering the phase', async () => {
    const findings = await checkFeature(join(FIXTURES, 'phase-purpose'));
    assert.deepEqual(findings, []);
  });
});
