import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCustomAgent } from '../../src/core/agents/custom';
import { GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import type { OperationSummary } from '../../src/protocol';

const PRINT = join(__dirname, '..', 'fixtures', 'bin', 'print-document.js');
const PREVIOUS = '# Feature Specification: the user\'s own spec\n\nHand-written; must survive every failed run.\n';

/**
 * Issue 12 item 9: `specwright.custom.protocol: text` says "the command's standard output is the
 * answer": a command that prints the spec writes spec.md, with the usual versions, and a failed,
 * cancelled or empty run never touches the document the user had.
 */
describe('custom agent, text mode: stdout is the document', function () {
  this.timeout(20_000);
  let root: string;
  let featureDir: string;
  let spec: string;
  let versions: VersionStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'specwright-text-mode-'));
    featureDir = join(root, 'specs', '001-photo-albums');
    spec = join(featureDir, 'spec.md');
    await mkdir(featureDir, { recursive: true });
    await writeFile(spec, PREVIOUS);
    versions = new VersionStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function generate(args: string[], cancelAfterMs?: number): Promise<OperationSummary> {
    const bus = new OperationBus({ coalesceMs: 0 });
    const agent = createCustomAgent({ command: process.execPath, args: [PRINT, ...args] });
    const service = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent: async () => agent });
    const { operationId, done } = await service.start({ kind: 'spec', featureDir, userPrompt: 'Photo albums' });
    if (cancelAfterMs !== undefined) setTimeout(() => service.cancel(operationId), cancelAfterMs);
    return done;
  }

  it('writes what the command printed to spec.md and keeps the previous spec as a version', async () => {
    const summary = await generate(['ok']);
    assert.equal(summary.status, 'succeeded', summary.reason);
    const written = await readFile(spec, 'utf8');
    assert.match(written, /^# Feature Specification: 写真アルバム \(Photo albums\)\n/);
    assert.match(written, /FR-001\*\*: System MUST group photos/);
    const kept = await versions.list(spec);
    assert.equal(kept.length, 1);
    assert.equal(await versions.read(spec, kept[0].id), PREVIOUS);
  });

  for (const [mode, status] of [['fail', 'failed'], ['empty', 'failed'], ['hang', 'cancelled']] as const) {
    it(`a run that ${mode === 'hang' ? 'is cancelled' : mode === 'fail' ? 'fails after printing half' : 'prints nothing'} leaves the user's spec.md as it was`, async () => {
      const summary = await generate([mode], mode === 'hang' ? 500 : undefined);
      assert.equal(summary.status, status);
      assert.equal(await readFile(spec, 'utf8'), PREVIOUS);
      if (mode === 'fail') assert.match(summary.reason ?? '', /exited with code 1: rate limited/);
      if (mode === 'empty') assert.match(summary.reason ?? '', /printed nothing/);
    });
  }

  it('a command that writes the document itself keeps its file, not its progress lines', async () => {
    const summary = await generate(['write', '{docPath}']);
    assert.equal(summary.status, 'succeeded', summary.reason);
    assert.match(await readFile(spec, 'utf8'), /FR-001/);
    assert.doesNotMatch(await readFile(spec, 'utf8'), /wrote it myself/);
  });
});
