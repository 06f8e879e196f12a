import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checklistWarning, featureArtefacts } from '../../src/core/features/artefacts';
import { findFeatures } from '../../src/core/features/features';

/** Issue 13.9 (part): spec-kit's current artefacts of a feature, and the checklist gate of Run All. */
const ROOT = join(__dirname, '..', 'fixtures', 'speckit-current');

describe("spec-kit's current artefacts", () => {
  it('finds a timestamp-prefixed feature folder', async () => {
    const features = await findFeatures(ROOT);
    assert.deepEqual(features.map((f) => [f.name, f.number, f.slug]), [['20261130-142500-team-invites', '20261130-142500', 'team-invites']]);
  });

  it('lists research.md, data-model.md, quickstart.md, contracts/ and checklists with their progress', async () => {
    const artefacts = await featureArtefacts(join(ROOT, 'specs', '20261130-142500-team-invites'));
    assert.deepEqual(artefacts, {
      documents: ['research.md', 'data-model.md', 'quickstart.md'],
      contracts: ['contracts/invites.yaml'],
      checklists: [{ file: 'checklists/requirements.md', done: 3, total: 4 }, { file: 'checklists/security.md', done: 2, total: 2 }],
    });
  });

  it('warns before Run All when a checklist is incomplete, and says nothing when all are done', async () => {
    const artefacts = await featureArtefacts(join(ROOT, 'specs', '20261130-142500-team-invites'));
    assert.equal(checklistWarning(artefacts), "Checklists are not complete: checklists/requirements.md 3/4. spec-kit's implement step asks for them to be finished before the tasks run.");
    assert.equal(checklistWarning({ ...artefacts, checklists: artefacts.checklists.slice(1) }), undefined);
  });
});
