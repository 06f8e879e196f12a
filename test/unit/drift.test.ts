import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../src/protocol';
import { historyFindings, IMPACT_CODE } from '../../src/core/features/historyFindings';
import { FeatureHistory } from '../../src/core/features/featureHistory';
import { recordTasksBasis } from '../../src/core/features/tasksBasis';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { DRIFT_CODES, DriftError } from '../../src/core/features/drift';
import { readTaskRecords, recordsPathOf } from '../../src/core/features/taskRecords';
import { TaskRunner } from '../../src/core/tasks/taskRunner';
import { TaskRunService } from '../../src/core/tasks/taskRunService';
import { FileWritingAgent } from '../fixtures/agents/fileAgent';

const SPEC = [
  '# Feature Specification: Albums', '', '## Requirements', '', '### Functional Requirements', '',
  '- **FR-001**: Users MUST be able to create albums.',
  '- **FR-002**: System MUST sort albums by date.',
  '- **FR-003**: Users MUST be able to rename an album.', '',
].join('\n');
const TASKS = [
  '# Tasks: Albums', '', '## Phase 1: Core', '',
  '- [ ] T001 Create albums in src/albums.ts (FR-001)',
  '- [ ] T002 Sort albums in src/sort.ts (FR-002)',
  '- [ ] T003 Rename albums in src/rename.ts, sharing src/sort.ts (FR-003)', '',
].join('\n');

/** A workspace in a fresh git repository with one commit: spec, plan, tasks and the code's first state. */
function repository() {
  const root = mkdtempSync(join(tmpdir(), 'sw-drift-'));
  const featureDir = join(root, 'specs', '001-albums');
  mkdirSync(featureDir, { recursive: true });
  mkdirSync(join(root, 'src'));
  writeFileSync(join(featureDir, 'spec.md'), SPEC);
  writeFileSync(join(featureDir, 'plan.md'), '# Implementation Plan: Albums\n');
  writeFileSync(join(featureDir, 'tasks.md'), TASKS);
  writeFileSync(join(root, 'src', 'sort.ts'), 'export const sort = 0;\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: root, stdio: 'pipe' }).toString().trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'start');
  const commitAll = (message: string) => { git('add', '-A'); git('commit', '-q', '-m', message); return git('rev-parse', 'HEAD'); };
  return { root, featureDir, git, commitAll, tasksPath: join(featureDir, 'tasks.md'), specPath: join(featureDir, 'spec.md') };
}

const WORK = {
  T001: { 'src/albums.ts': 'export const albums = 1;\n' },
  T002: { 'src/sort.ts': 'export const sort = 2;\n' },
  T003: { 'src/rename.ts': 'export const rename = 3;\n', 'src/sort.ts': 'export const sort = 3;\n' },
};

describe('drift between done tasks and the code (on a temporary git repository)', function () {
  this.timeout(30_000);
  let repo: ReturnType<typeof repository>;
  let bus: OperationBus;
  let service: TaskRunService;
  const run = async (task: string) => {
    const { operationId, done } = await service.runTask(repo.featureDir, task);
    assert.equal((await done).status, 'succeeded');
    return operationId;
  };
  const check = (since?: string): Promise<Finding[]> => historyFindings({ featureDir: repo.featureDir, ...(since ? { since } : {}) });
  const codes = (findings: Finding[]) => findings.map((f) => `${f.code} ${f.message.split(' ')[0]}`);

  beforeEach(() => {
    repo = repository();
    bus = new OperationBus();
    const runner = new TaskRunner({ bus, workspaceRootFor: () => repo.root, resolveAgent: async () => new FileWritingAgent(WORK) });
    service = new TaskRunService({ runner, bus, defaults: () => ({ concurrency: 1, continueOnFailure: false, pauseEvery: 0 }) });
  });
  afterEach(() => rmSync(repo.root, { recursive: true, force: true }));

  it('a task marked done records its commit and files, in .specwright/ and on the operation (the journal)', async () => {
    const head = repo.git('rev-parse', 'HEAD');
    const operationId = await run('T001');
    const [record] = await readTaskRecords(repo.featureDir);
    assert.equal(record.key, 'T001');
    assert.equal(record.commit, head);
    assert.deepEqual(record.files, ['src/albums.ts'], 'tasks.md, the feature\'s own document, is not a file of the task');
    assert.equal(record.blobs['src/albums.ts'], repo.git('hash-object', 'src/albums.ts'));
    assert.deepEqual(record.requirements, { 'FR-001': 'Users MUST be able to create albums.' });
    assert.equal(record.operationId, operationId);
    const op = bus.get(operationId);
    assert.equal(op?.doneCommit, head);
    assert.ok(op?.touched?.includes('src/albums.ts'), 'the journal keeps the operation summary: its commit and files');
    assert.match(readFileSync(recordsPathOf(repo.featureDir), 'utf8'), /"commit": "[0-9a-f]{40}"/);
  });

  it('reports files of a done task changed since, but not its own work committed later', async () => {
    await run('T001');
    assert.deepEqual(await check(), [], 'just done: no drift');
    repo.commitAll('T001');
    assert.deepEqual(await check(), [], 'the task\'s own change, committed after it was done, is not drift');
    writeFileSync(join(repo.root, 'src', 'albums.ts'), 'export const albums = "changed by hand";\n');
    assert.deepEqual(await check(), [], 'uncommitted edits are not in <commit>..HEAD');
    repo.commitAll('hand edit');
    const findings = await check();
    assert.deepEqual(codes(findings), [`${DRIFT_CODES.files} T001`]);
    const f = findings[0];
    assert.equal(f.severity, 'warning');
    assert.equal(f.file, repo.tasksPath);
    assert.equal(f.line, 4);
    assert.deepEqual(f.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 10 } });
    assert.match(f.message, /T001 is done \(done at [0-9a-f]{8}\), but src\/albums\.ts changed since, not by a later task/);
  });

  it('a later task that changes the same file takes it over: no drift for the earlier one', async () => {
    await run('T002');
    repo.commitAll('T002');
    await run('T003');
    repo.commitAll('T003');
    assert.deepEqual(await check(), []);
    writeFileSync(join(repo.root, 'src', 'sort.ts'), 'export const sort = "hand";\n');
    repo.commitAll('hand edit of sort.ts');
    assert.deepEqual(codes(await check()), [`${DRIFT_CODES.files} T003`], 'the file is judged against the latest task that changed it');
  });

  it('reports a done task whose requirement was modified or removed afterwards', async () => {
    await run('T001');
    await run('T002');
    writeFileSync(repo.specPath, SPEC.replace('System MUST sort albums by date.', 'System MUST sort albums by date, newest first.').replace('- **FR-001**: Users MUST be able to create albums.\n', ''));
    const findings = await check();
    assert.deepEqual(codes(findings), [`${DRIFT_CODES.requirement} T001`, `${DRIFT_CODES.requirement} T002`]);
    assert.match(findings[0].message, /T001 is done, but FR-001 \(“Users MUST be able to create albums\.”\) was removed from spec\.md since/);
    assert.match(findings[1].message, /T002 is done, but FR-002 changed since \(“System MUST sort albums by date\.” → “System MUST sort albums by date, newest first\.”\): the code may no longer/);
    assert.equal(readFileSync(repo.tasksPath, 'utf8').split('\n')[findings[1].line].slice(findings[1].range?.start.character, findings[1].range?.end.character), 'FR-002');
  });

  it('--since limits drift to what changed in <since>..HEAD', async () => {
    await run('T001');
    repo.commitAll('T001');
    writeFileSync(join(repo.root, 'src', 'albums.ts'), 'export const albums = "hand";\n');
    const handEdit = repo.commitAll('hand edit');
    writeFileSync(join(repo.root, 'README.md'), 'unrelated\n');
    repo.commitAll('unrelated');
    assert.deepEqual(codes(await check('HEAD~1')), [], 'the range holds only the unrelated commit');
    assert.deepEqual(codes(await check(`${handEdit}~1`)), [`${DRIFT_CODES.files} T001`]);
    await assert.rejects(check('no-such-branch'), (e: unknown) => e instanceof DriftError && /Unknown revision "no-such-branch"/.test(e.message));
  });

  it('a task unticked by hand is not judged; "keep as is" accepts the drift so far', async () => {
    await run('T001');
    repo.commitAll('T001');
    writeFileSync(join(repo.root, 'src', 'albums.ts'), 'export const albums = "hand";\n');
    repo.commitAll('hand edit');
    const history = new FeatureHistory({ rootOf: () => repo.root, versionsFor: (r) => new VersionStore(r) });
    assert.equal((await history.findings(repo.featureDir)).length, 1);
    assert.deepEqual(await history.acknowledge(repo.featureDir, 'T001'), { impact: false, drift: true });
    assert.deepEqual(await history.findings(repo.featureDir), []);
    writeFileSync(join(repo.root, 'src', 'albums.ts'), 'export const albums = "again";\n');
    repo.commitAll('second hand edit');
    assert.equal((await history.findings(repo.featureDir)).length, 1, 'reviewed from then on, not for ever');
    writeFileSync(repo.tasksPath, readFileSync(repo.tasksPath, 'utf8').replace('- [x] T001', '- [ ] T001'));
    assert.deepEqual(await history.findings(repo.featureDir), []);
  });
});

describe('impact of spec changes on tasks', () => {
  let root: string;
  let featureDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sw-impact-'));
    featureDir = join(root, 'specs', '001-albums');
    mkdirSync(featureDir, { recursive: true });
    writeFileSync(join(featureDir, 'spec.md'), SPEC);
    writeFileSync(join(featureDir, 'tasks.md'), TASKS);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const history = () => new FeatureHistory({ rootOf: () => root, versionsFor: (r) => new VersionStore(r) });

  it('flags the tasks citing a requirement modified or removed since tasks.md was written, and lists them for a refine', async () => {
    await recordTasksBasis(featureDir, SPEC, TASKS, { now: 1_000 });
    assert.deepEqual(await historyFindings({ featureDir }), []);
    writeFileSync(join(featureDir, 'spec.md'), SPEC.replace('sort albums by date.', 'sort albums by the date of their newest photo.').replace('- **FR-003**: Users MUST be able to rename an album.\n', ''));
    const findings = await historyFindings({ featureDir });
    assert.deepEqual(findings.map((f) => `${f.code} ${f.message.split(' ')[0]} line ${f.line}`), [`${IMPACT_CODE} FR-002 line 5`, `${IMPACT_CODE} FR-003 line 6`]);
    assert.match(findings[0].message, /^FR-002 changed since this task was written \(“System MUST sort albums by date\.” → “System MUST sort albums by the date of their newest photo\.”\): update T002/);
    assert.match(findings[1].message, /^FR-003 was removed from spec\.md since this task was written/);

    const { tasks, basisRecordedAt } = await history().impactedTasks(featureDir);
    assert.equal(basisRecordedAt, 1_000);
    assert.deepEqual(tasks.map((t) => [t.key, t.requirements.map((r) => `${r.id} ${r.change}`)]), [['T002', ['FR-002 modified']], ['T003', ['FR-003 removed']]]);
    assert.ok(tasks[0].requirements[0].words?.some((w) => w.op === 'insert' && w.text.includes('newest')));
  });

  it('a task rewritten since, or kept as is, is no longer flagged', async () => {
    await recordTasksBasis(featureDir, SPEC, TASKS);
    writeFileSync(join(featureDir, 'spec.md'), SPEC.replace('sort albums by date.', 'sort albums by date, newest first.').replace('rename an album.', 'rename or delete an album.'));
    assert.equal((await historyFindings({ featureDir })).length, 2);
    writeFileSync(join(featureDir, 'tasks.md'), TASKS.replace('T002 Sort albums in src/sort.ts', 'T002 Sort albums newest first in src/sort.ts'));
    assert.deepEqual((await historyFindings({ featureDir })).map((f) => f.message.split(' ')[0]), ['FR-003']);
    assert.deepEqual(await history().acknowledge(featureDir, 'T003'), { impact: true, drift: false });
    assert.deepEqual(await historyFindings({ featureDir }), []);
  });

  it('without a record of the spec the tasks were written from, nothing is flagged', async () => {
    writeFileSync(join(featureDir, 'spec.md'), SPEC.replace('by date', 'by name'));
    assert.deepEqual(await historyFindings({ featureDir }), []);
    assert.deepEqual(await history().impactedTasks(featureDir), { tasks: [] });
  });
});
