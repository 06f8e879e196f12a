/**
 * Issue 13.9: spec-kit's current-feature pointer, `.specify/feature.json` (`{"feature_directory": …}`):
 * read where Specwright picks a feature (the CLI without a folder, the Features view), written when
 * Specwright creates a feature in a spec-kit project.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFeature } from '../../src/core/features/createFeature';
import { currentFeature, setCurrentFeature, specKitRoot } from '../../src/core/features/currentFeature';
import { workspaceStatus } from '../../src/core/features/status';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright } from '../../src/core/app/specwright';

const REPO = join(__dirname, '..', '..');

async function project(pointer?: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sw-current-'));
  await mkdir(join(root, '.specify'), { recursive: true });
  await mkdir(join(root, 'specs', '001-first'), { recursive: true });
  await mkdir(join(root, 'specs', '002-second'), { recursive: true });
  await writeFile(join(root, 'specs', '002-second', 'tasks.md'), '# Tasks\n\n## Phase 1: Setup\n\n- [x] T001 Create the project\n- [ ] T002 Add the schema\n');
  if (pointer !== undefined) await writeFile(join(root, '.specify', 'feature.json'), pointer);
  return root;
}

describe("spec-kit's current feature (.specify/feature.json)", () => {
  const roots: string[] = [];
  const make = async (pointer?: string) => { const root = await project(pointer); roots.push(root); return root; };
  after(async () => { for (const root of roots) await rm(root, { recursive: true, force: true }); });

  it('reads feature_directory, relative to the project root or absolute, pretty-printed or not', async () => {
    const root = await make('{\n  "feature_directory": "specs/002-second"\n}\n');
    assert.deepEqual(await currentFeature(root), { path: join(root, 'specs', '002-second'), source: 'feature.json' });
    await writeFile(join(root, '.specify', 'feature.json'), JSON.stringify({ feature_directory: join(root, 'specs', '001-first') }));
    assert.equal((await currentFeature(root))?.path, join(root, 'specs', '001-first'));
  });

  it('lets SPECIFY_FEATURE_DIRECTORY override it, as spec-kit does', async () => {
    const root = await make('{"feature_directory":"specs/002-second"}');
    assert.deepEqual(await currentFeature(root, { SPECIFY_FEATURE_DIRECTORY: 'specs/001-first' }), { path: join(root, 'specs', '001-first'), source: 'env' });
  });

  it('names no feature when the file is missing, not JSON, lacks the key or points at no folder', async () => {
    for (const pointer of [undefined, 'not json', '{"branch":"002-second"}', '{"feature_directory":"specs/404-gone"}', '{"feature_directory":""}']) {
      assert.equal(await currentFeature(await make(pointer)), undefined, String(pointer));
    }
  });

  it('writes the pointer as spec-kit does, only in a spec-kit project and only when it changes', async () => {
    const root = await make();
    assert.equal(await setCurrentFeature(root, join(root, 'specs', '001-first')), true);
    assert.equal(await readFile(join(root, '.specify', 'feature.json'), 'utf8'), '{"feature_directory":"specs/001-first"}\n');
    assert.equal(await setCurrentFeature(root, join(root, 'specs', '001-first')), false);
    const plain = await mkdtemp(join(tmpdir(), 'sw-plain-'));
    roots.push(plain);
    assert.equal(await setCurrentFeature(plain, join(plain, 'specs', '001-x')), false);
  });

  it('is pointed at the feature Specwright creates', async () => {
    const root = await make('{"feature_directory":"specs/001-first"}');
    const feature = await createFeature(root, 'Team invitations by email');
    assert.equal(feature.name, '003-team-invitations-email');
    assert.equal((await currentFeature(root))?.path, feature.path);
  });

  it('marks the current feature in the status rows', async () => {
    const root = await make('{"feature_directory":"specs/002-second"}');
    const rows = await workspaceStatus([root]);
    assert.deepEqual(rows.map((r) => [r.name, r.current ?? false]), [['001-first', false], ['002-second', true]]);
  });

  it("preselects it in the Conversation view's prompt box (the snapshot's selectedFeature)", async () => {
    const root = await make('{"feature_directory":"specs/002-second"}');
    const core = createSpecwright({ roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS, agent: 'scaffold' }), isTrusted: () => true, log: () => undefined });
    try {
      assert.equal((await core.snapshot()).selectedFeature, join(root, 'specs', '002-second'));
      await rm(join(root, '.specify', 'feature.json'));
      assert.equal((await core.snapshot()).selectedFeature, undefined);
    } finally {
      core.dispose();
    }
  });

  it('finds the spec-kit project root above a sub-folder', async () => {
    const root = await make();
    assert.equal(await specKitRoot(join(root, 'specs', '001-first')), root);
  });

  it('is the feature of CLI commands given no folder, and the error says how to name one', async () => {
    const root = await make('{"feature_directory":"specs/002-second"}');
    const run = (args: string[], cwd: string) => spawnSync(process.execPath, ['--require', 'tsx/cjs', join(REPO, 'src', 'cli.ts'), ...args], {
      cwd, encoding: 'utf8', env: { ...process.env, SPECIFY_FEATURE_DIRECTORY: '', NODE_PATH: join(REPO, 'node_modules') },
    });
    const tasks = run(['tasks', '--json'], join(root, 'specs'));
    assert.equal(tasks.status, 0, tasks.stderr);
    assert.deepEqual(JSON.parse(tasks.stdout).progress, { done: 1, skipped: 0, total: 2 });
    assert.match(tasks.stderr, /no feature folder given: using 002-second \(\.specify\/feature\.json\)/);
    // refine and github issues take it too (issue 13.9): the folder is named on stderr before anything else happens.
    const refine = run(['refine', '--prompt', 'Add a schema version', '--agent', 'scaffold'], root);
    assert.match(refine.stderr, /no feature folder given: using specs\/002-second \(\.specify\/feature\.json\)/);
    assert.doesNotMatch(refine.stderr, /refine needs one <featureDir>/);
    const issues = run(['github', 'issues', '--dry-run', '--repo', 'octo/app', '--api-url', 'http://127.0.0.1:9'], root);
    assert.match(issues.stderr, /no feature folder given: using specs\/002-second \(\.specify\/feature\.json\)/);
    assert.doesNotMatch(issues.stderr, /github issues needs a feature folder/);
    const none = run(['check'], await make());
    assert.equal(none.status, 2);
    assert.match(none.stderr, /check needs <featureDir> or --all \(or run it in a spec-kit project whose \.specify\/feature\.json names the current feature\)/);
  });
});
