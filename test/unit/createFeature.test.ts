import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFeature, CreateFeatureError, featureSlug, nextFeatureNumber, numberingOf } from '../../src/core/features/createFeature';
import { FeatureService } from '../../src/core/features/featureService';
import { VersionStore } from '../../src/core/features/versions';

describe('createFeature', () => {
  let root: string;
  beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'sw-new-')); });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const specsOf = async () => (await readdir(join(root, 'specs'))).sort();

  it('creates specs/001-slug in a workspace without specs/ and returns the feature', async () => {
    const feature = await createFeature(root, 'Photo albums sorted by date');
    assert.equal(feature.name, '001-photo-albums-sorted-date');
    assert.equal(feature.path, join(root, 'specs', '001-photo-albums-sorted-date'));
    assert.equal(feature.number, '001');
    assert.equal(feature.slug, 'photo-albums-sorted-date');
    assert.deepEqual([feature.hasSpec, feature.hasPlan, feature.hasTasks], [false, false, false]);
    assert.ok((await stat(feature.path)).isDirectory());
  });

  it('takes the number after the highest existing one: gaps are not refilled, timestamp folders and files do not count', async () => {
    for (const d of ['001-a', '003-c', '20261124-093000-stamped', 'notes']) await mkdir(join(root, 'specs', d), { recursive: true });
    await writeFile(join(root, 'specs', '007-not-a-folder.md'), '');
    const feature = await createFeature(root, 'Export albums as zip');
    assert.equal(feature.name, '004-export-albums-zip');
    const next = await createFeature(root, 'Export albums as zip');
    assert.equal(next.name, '005-export-albums-zip', 'the same description twice gives two folders');
  });

  it('uses a YYYYMMDD-HHMMSS prefix when .specify/init-options.json asks for timestamps', async () => {
    await mkdir(join(root, '.specify'), { recursive: true });
    await writeFile(join(root, '.specify', 'init-options.json'), JSON.stringify({ ai: 'copilot', branch_numbering: 'timestamp' }));
    assert.equal(await numberingOf(root), 'timestamp');
    const feature = await createFeature(root, 'Share albums', { now: () => new Date(2026, 10, 24, 9, 30, 5) });
    assert.equal(feature.name, '20261124-093005-share-albums');
    assert.equal(feature.number, '20261124-093005');
    const sequential = await createFeature(root, 'Share albums', { numbering: 'sequential' });
    assert.equal(sequential.name, '001-share-albums');
  });

  it('falls back to sequential numbering on a missing or broken init-options.json', async () => {
    assert.equal(await numberingOf(root), 'sequential');
    await mkdir(join(root, '.specify'), { recursive: true });
    await writeFile(join(root, '.specify', 'init-options.json'), '{ broken');
    assert.equal(await numberingOf(root), 'sequential');
  });

  it('slugs like spec-kit: stop-words and short words dropped, acronyms kept, 4 words when there are exactly 4', () => {
    assert.equal(featureSlug('I want to add a way for the user to reset the password by email'), 'way-user-reset');
    assert.equal(featureSlug('Add SSO login for admins'), 'sso-login-admins');
    assert.equal(featureSlug('Offline photo sync queue'), 'offline-photo-sync-queue');
    assert.equal(featureSlug('Café menü über alles'), 'cafe-menu-uber-alles');
    assert.equal(featureSlug('to do'), 'to-do');
    assert.equal(nextFeatureNumber(['099-x', '1000-big', '20261124-093000-t']), '1001');
  });

  it('uses a short name when given, keeps names within 244 bytes, and refuses an empty description', async () => {
    const named = await createFeature(root, 'A long description of a feature', { shortName: 'albums api' });
    assert.equal(named.name, '001-albums-api');
    const long = await createFeature(root, `${'x'.repeat(300)} ${'y'.repeat(300)}`);
    assert.ok(Buffer.byteLength(long.name) <= 244);
    await assert.rejects(createFeature(root, '   '), CreateFeatureError);
    assert.deepEqual(await specsOf(), [long.name, named.name].sort());
  });

  it('FeatureService.create picks the first workspace folder unless told otherwise', async () => {
    const other = await mkdtemp(join(tmpdir(), 'sw-new2-'));
    try {
      const service = new FeatureService({ roots: () => [root, other], rootOf: () => root, versionsFor: (r) => new VersionStore(r), operations: () => [] });
      assert.equal((await service.create('First feature here')).path, join(root, 'specs', '001-first-feature-here'));
      assert.equal((await service.create('Second feature here', { root: other })).path, join(other, 'specs', '001-second-feature-here'));
      const none = new FeatureService({ roots: () => [], rootOf: () => root, versionsFor: (r) => new VersionStore(r), operations: () => [] });
      await assert.rejects(none.create('x y z'), /Open a folder first/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
