import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCustomAgent } from '../../src/core/agents/custom';
import { GenerationService } from '../../src/core/features/generationService';
import { runMarkerDir, writeRunMarker } from '../../src/core/features/runGuard';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus, type OperationItem } from '../../src/core/operations/bus';
import { createSpecwright } from '../../src/core/app/specwright';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import type { AgentEvent } from '../../src/protocol';

const WRITE_AFTER = join(__dirname, '..', 'fixtures', 'bin', 'fake-write-after.js');
const MINE = '# Feature Specification: Albums\n\nMy words.\n';

function feature(): { root: string; featureDir: string; spec: string } {
  const root = mkdtempSync(join(tmpdir(), 'sw-guard-'));
  const featureDir = join(root, 'specs', '001-albums');
  mkdirSync(featureDir, { recursive: true });
  const spec = join(featureDir, 'spec.md');
  writeFileSync(spec, MINE);
  return { root, featureDir, spec };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !test(); i++) await sleep(50);
  assert.ok(test(), what);
}

function events(bus: OperationBus, id: string): AgentEvent[] {
  const items: OperationItem[] = [];
  bus.subscribe(id, 0, (i) => items.push(i)).dispose();
  return items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
}

describe('Run guard: nothing lost when the host dies or the document changes under a run', () => {
  it('a document edited on disk while the agent runs is kept as a version, and the run says so', async function () {
    this.timeout(60_000);
    const { root, featureDir, spec } = feature();
    const go = join(root, 'go');
    const bus = new OperationBus();
    const versions = new VersionStore(root);
    const agent = createCustomAgent({ command: process.execPath, args: [WRITE_AFTER, spec, go] });
    const service = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent: async () => agent });
    const { operationId, done } = await service.start({ kind: 'spec', featureDir, userPrompt: 'x' });
    await until(() => existsSync(`${go}.ready`), 'the agent started');
    const edited = `${MINE}\nA line I typed in another editor while the agent ran.\n`;
    writeFileSync(spec, edited);
    await sleep(1_500); // the run looks at its document 5 times a second
    writeFileSync(go, '');
    const summary = await done;
    assert.equal(summary.status, 'succeeded');
    assert.match(readFileSync(spec, 'utf8'), /Agent text/);
    const kept = (await versions.list(spec)).filter((v) => v.reason === 'changed-during-run');
    assert.equal(kept.length, 1);
    assert.equal(await versions.read(spec, kept[0].id), edited);
    assert.ok(events(bus, operationId).some((e) => e.kind === 'info' && e.text.includes(`spec.md changed on disk while the agent ran`) && e.text.includes(kept[0].id)));
    assert.deepEqual(readdirSync(runMarkerDir(root)), [], 'no marker left after the run');
  });

  it('after a host killed mid-run, the next start puts the previous document back, keeps the agent\'s text as a version and removes temp files', async () => {
    const { root, featureDir, spec } = feature();
    const versions = new VersionStore(root);
    const kept = await versions.snapshot(spec, { reason: 'before-generation', agent: 'custom' });
    assert.ok(kept);
    // What a SIGKILLed host leaves: its marker, a half-written document, a temp file beside it.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    await writeRunMarker(root, { operationId: 'op-killed', docPath: spec, beforeExists: true, before: MINE, startedAt: Date.now() });
    const marker = join(runMarkerDir(root), 'op-killed.json');
    writeFileSync(marker, JSON.stringify({ ...JSON.parse(readFileSync(marker, 'utf8')), pid: dead }));
    writeFileSync(spec, '# Feature Specification: Albums\n\nHalf of the agent');
    writeFileSync(join(featureDir, '.spec.md.0123456789ab.tmp'), 'half');

    const core = createSpecwright({ roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS }), isTrusted: () => true, log: () => undefined });
    try {
      const recovered = await core.generation.recoverInterrupted([root]);
      assert.equal(recovered.length, 0, 'the start already did it');
      await core.historyLoaded;
      await until(() => readFileSync(spec, 'utf8') === MINE, 'the previous spec.md is back');
      const list = await versions.list(spec);
      const partial = list.find((v) => v.reason === 'failed-output');
      assert.ok(partial, 'the agent\'s half is kept as a version');
      assert.equal(await versions.read(spec, partial.id), '# Feature Specification: Albums\n\nHalf of the agent');
      assert.deepEqual(readdirSync(featureDir).filter((n) => n.endsWith('.tmp')), []);
      assert.deepEqual(readdirSync(runMarkerDir(root)), []);
    } finally {
      core.dispose();
    }
  });

  it('leaves the marker of a run whose process is alive (another window on the same folder) alone', async () => {
    const { root, spec } = feature();
    await writeRunMarker(root, { operationId: 'op-live', docPath: spec, beforeExists: true, before: 'older text', startedAt: Date.now() });
    writeFileSync(spec, 'being written by a live run');
    const service = new GenerationService({ bus: new OperationBus(), workspaceRootFor: () => root, versionsFor: (r) => new VersionStore(r), resolveAgent: async () => undefined });
    assert.deepEqual(await service.recoverInterrupted([root]), []);
    assert.equal(readFileSync(spec, 'utf8'), 'being written by a live run');
    assert.ok(existsSync(join(runMarkerDir(root), 'op-live.json')));
  });
});
