import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { recordTasksBasis } from '../../src/core/features/tasksBasis';
import { DocumentDiff, ImpactedTasksResult, ListVersionsResult, PROTOCOL_VERSION, type ServerMessage } from '../../src/protocol';
import { FakeTransport, settle } from './helpers/fakeTransport';

const FIXTURES = join(__dirname, '..', 'fixtures', 'spec-history');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('History → Compare through the hub (listVersions, diffVersions, impactedTasks)', () => {
  let root: string;
  let feature: string;
  let core: Specwright;
  let client: FakeTransport;
  let n = 0;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'sw-hhub-'));
    feature = join(root, 'specs', '001-photo-albums');
    mkdirSync(feature, { recursive: true });
    core = createSpecwright({ roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS, agent: 'scaffold' }), isTrusted: () => true, log: () => undefined, journal: false });
    const spec = join(feature, 'spec.md');
    const versions = core.versionsOfDocument(spec);
    await versions.keep(spec, fixture('v1.md'), { reason: 'before-generation', prompt: 'first' });
    writeFileSync(spec, fixture('v2.md'));
    writeFileSync(join(feature, 'tasks.md'), fixture('tasks-v1.md'));
    client = new FakeTransport();
    core.hub.connect(client);
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
    await settle();
  });
  afterEach(() => {
    core.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  async function request(method: string, params: unknown): Promise<Extract<ServerMessage, { type: 'response' }>> {
    const id = `r${++n}`;
    client.deliver({ type: 'request', id, method, params });
    for (let i = 0; i < 500; i++) {
      const response = client.ofType('response').find((r) => r.id === id);
      if (response) return response;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no response to ${method}`);
  }

  it('lists the sides to compare and diffs any two of them', async () => {
    const listed = await request('listVersions', { feature, document: 'spec' });
    assert.equal(listed.ok, true, JSON.stringify(listed.error));
    const { versions } = ListVersionsResult.parse(listed.result);
    assert.deepEqual(versions.map((v) => v.kind), ['current', 'version']);
    assert.equal(versions[1].prompt, 'first');

    const diffed = await request('diffVersions', { feature, document: 'spec' });
    assert.equal(diffed.ok, true, JSON.stringify(diffed.error));
    const diff = DocumentDiff.parse(diffed.result);
    assert.equal(diff.from.ref, versions[1].ref, 'from defaults to the newest version that differs');
    assert.equal(diff.to.ref, 'current');
    assert.deepEqual(diff.sections.find((s) => s.key === 'requirements')?.changes.map((c) => `${c.kind} ${c.id}`), ['modified FR-002', 'added FR-007', 'removed FR-004']);
  });

  it('answers unknown versions and features with not_found, and a bad document with invalid_params', async () => {
    const unknown = await request('diffVersions', { feature, document: 'spec', from: 'nope' });
    assert.equal(unknown.ok, false);
    assert.equal(unknown.error?.code, 'not_found');
    assert.match(unknown.error?.message ?? '', /No version "nope" of spec\.md/);
    const missing = await request('listVersions', { feature: join(root, 'specs', '404-none'), document: 'spec' });
    assert.equal(missing.error?.code, 'not_found');
    const bad = await request('diffVersions', { feature, document: 'plan' });
    assert.equal(bad.error?.code, 'invalid_params');
  });

  it('impactedTasks lists the tasks citing requirements changed since tasks.md was written', async () => {
    await recordTasksBasis(feature, fixture('v1.md'), fixture('tasks-v1.md'), { now: 5 });
    const response = await request('impactedTasks', { feature });
    assert.equal(response.ok, true, JSON.stringify(response.error));
    const result = ImpactedTasksResult.parse(response.result);
    assert.equal(result.basisRecordedAt, 5);
    assert.deepEqual(result.tasks.map((t) => `${t.key}: ${t.requirements.map((r) => `${r.id} ${r.change}`).join(', ')}`), [
      'T003: FR-002 modified', 'T006: FR-004 removed',
    ]);
    const basis = await request('listVersions', { feature, document: 'spec' });
    assert.deepEqual(ListVersionsResult.parse(basis.result).versions.map((v) => v.ref).slice(0, 2), ['current', 'basis']);
    const fromBasis = await request('diffVersions', { feature, document: 'spec', from: 'basis' });
    assert.equal(DocumentDiff.parse(fromBasis.result).from.kind, 'basis');
  });
});
