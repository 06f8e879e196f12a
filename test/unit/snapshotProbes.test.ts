import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { FakeTransport, settle } from './helpers/fakeTransport';

/**
 * A core that comes back with operations in its journal sends every client a fresh snapshot, and
 * a snapshot detects every agent. With no client (a CLI `generate`), nothing may be detected: the
 * CLI would run every agent CLI's `--version` and wait for the slowest before it exits (seconds
 * after a cancel, found by the fault suite's cancel storm).
 */
(process.platform === 'win32' ? describe.skip : describe)('Agent detection for a snapshot nobody receives', function () {
  this.timeout(20_000);
  let root: string;
  let bin: string;
  let marker: string;
  const saved = { PATH: process.env.PATH, MARK: process.env.SW_PROBE_MARK };
  const cores: Specwright[] = [];

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sw-probes-'));
    mkdirSync(join(root, 'specs', '001-albums'), { recursive: true });
    bin = join(root, 'bin');
    mkdirSync(bin);
    marker = join(root, 'probed');
    // The only agent CLI on PATH: it says when it is run.
    writeFileSync(join(bin, 'codex'), "#!/usr/bin/env node\nrequire('node:fs').appendFileSync(process.env.SW_PROBE_MARK, process.argv.slice(2).join(' ') + '\\n');\nconsole.log('codex-cli 0.0.1');\n");
    chmodSync(join(bin, 'codex'), 0o755);
    process.env.PATH = [bin, dirname(process.execPath)].join(delimiter);
    process.env.SW_PROBE_MARK = marker;
  });
  after(() => {
    for (const c of cores) c.dispose();
    process.env.PATH = saved.PATH;
    if (saved.MARK === undefined) delete process.env.SW_PROBE_MARK;
    else process.env.SW_PROBE_MARK = saved.MARK;
    rmSync(root, { recursive: true, force: true });
  });

  const core = () => {
    const made = createSpecwright({ roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS, agent: 'scaffold' }), isTrusted: () => true, log: () => undefined });
    cores.push(made);
    return made;
  };

  it('a restarted core with history detects no agent until a client connects', async () => {
    const first = core();
    const { done } = await first.generation.start({ kind: 'spec', featureDir: join(root, 'specs', '001-albums'), userPrompt: 'Albums' });
    assert.equal((await done).status, 'succeeded');
    first.dispose();

    // As `specwright generate` does: a run starts at once (which sets the agents up) while the journal loads.
    const second = core();
    const again = await second.generation.start({ kind: 'spec', featureDir: join(root, 'specs', '001-albums'), userPrompt: 'Albums again' });
    assert.ok((await second.historyLoaded) > 0, 'the journal gave operations back');
    assert.equal((await again.done).status, 'succeeded');
    await sleep(500);
    assert.equal(existsSync(marker), false, 'no agent was run for a snapshot nobody receives');

    // The check is not vacuous: a client's hello gets a snapshot, and that detects the agents.
    const client = new FakeTransport();
    second.hub.connect(client);
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
    await settle();
    for (let i = 0; i < 100 && !existsSync(marker); i++) await sleep(50);
    assert.equal(existsSync(marker), true, 'the hello detected the agents');
  });
});
