import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCore, followOperation } from '../../src/cli/follow';
import { ProgressLine } from '../../src/cli/progressLine';

describe('CLI followOperation', () => {
  it('settles for an operation that had already finished when it subscribed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sw-follow-'));
    const core = cliCore({ root, agent: 'scaffold' });
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => { written.push(String(chunk)); return true; }) as typeof process.stdout.write;
    try {
      const op = core.bus.create({ kind: 'spec', feature: join(root, 'specs', '001-a'), featureName: '001-a', agent: 'scaffold' });
      core.bus.setStatus(op.id, 'running');
      core.bus.publish(op.id, { kind: 'info', text: 'working' });
      core.bus.setStatus(op.id, 'succeeded');
      const summary = await Promise.race([
        followOperation(core, op.id, { json: true, progress: new ProgressLine(process.stderr, false) }),
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000)),
      ]);
      assert.ok(summary, 'followOperation settled');
      assert.equal(summary.status, 'succeeded');
      assert.ok(written.some((line) => line.includes('"working"')), 'the replayed event was printed');
    } finally {
      process.stdout.write = write;
      core.dispose();
    }
  });
});
