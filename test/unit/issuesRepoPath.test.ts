import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareIssues } from '../../src/core/github/issuesFromTasks';

/** The links of a task's issue name the feature folder as the repository spells it, outside git too. */
describe('issues from tasks: the feature path in the links', () => {
  let ws: string;
  beforeEach(async () => { ws = await mkdtemp(join(tmpdir(), 'sw-issues-path-')); });
  afterEach(() => rm(ws, { recursive: true, force: true }));

  for (const [layout, parts] of [['spec-kit', ['specs', '001-photo-albums']], ['Kiro', ['.kiro', 'specs', 'photo-albums']]] as const) {
    it(`links ${layout} documents relative to the workspace (no git repository)`, async () => {
      const feature = join(ws, ...parts);
      await mkdir(feature, { recursive: true });
      await writeFile(join(feature, 'spec.md'), '# Spec\n');
      await writeFile(join(feature, 'tasks.md'), '# Tasks\n\n- [ ] T001 Album model in src/album.ts\n');
      const prepared = await prepareIssues(undefined, { feature, at: { host: 'github.com', owner: 'octo', repo: 'app' } });
      const text = JSON.stringify(prepared.plan);
      assert.match(text, new RegExp(`blob/HEAD/${parts.join('/').replace(/\./g, '\\.')}/spec\\.md`));
    });
  }
});
