import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..');
const FAKE_ACP = path.join(__dirname, '..', 'fixtures', 'acp', 'fake-acp-agent.mjs');

interface Run { code: number | null; lines: Record<string, unknown>[]; err: string }

/**
 * Issue 14 item 6: `generate --json` with `--permissions ask` and an ACP agent that asks. The
 * question is a JSON line on stdout; the answer a JSON line on stdin; with stdin closed the
 * question is declined at once (not after the 300 s timeout), with a message naming --permissions.
 */
describe('specwright generate --json: permission answers on stdin', function () {
  this.timeout(60_000);
  let root: string;
  let feature: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'specwright-json-answers-'));
    feature = path.join(root, 'specs', '001-albums');
    mkdirSync(feature, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function generate(target: string, answer?: (question: Record<string, unknown>) => Record<string, unknown>): Promise<Run> {
    const cli = spawn(process.execPath, [
      '-r', require.resolve('tsx/cjs'), path.join(REPO, 'src', 'cli.ts'), 'generate', 'spec', feature, '--json', '--permissions', 'ask',
      '--prompt', `scenario=permission; path=${target}; doc=${path.join(feature, 'spec.md')}`, '--agent-command', process.execPath, '--agent-arg', FAKE_ACP, '--acp',
    ], { cwd: root, stdio: [answer ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const lines: Record<string, unknown>[] = [];
    let err = '';
    let buffer = '';
    cli.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    cli.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line.kind === 'permission' && answer) cli.stdin?.write(`${JSON.stringify(answer(line))}\n`);
      }
    });
    return new Promise((resolve) => cli.once('exit', (code) => { cli.stdin?.end(); resolve({ code, lines, err }); }));
  }
  const said = (run: Run) => run.lines.filter((l) => l.kind === 'message').map((l) => l.text).join('');

  it('takes the answer from a JSON line on stdin', async () => {
    const target = path.join(feature, 'notes.md');
    const run = await generate(target, (q) => ({ permissionId: q.id, optionId: 'allow-once' }));
    assert.equal(run.code, 0, run.err);
    assert.ok(run.lines.some((l) => l.kind === 'permission'), 'the question is printed as a JSON line');
    assert.match(said(run), /permission: allow-once/);
    assert.ok(existsSync(target));
  });

  it('with stdin closed, declines at once and says how to answer or which --permissions to pass', async () => {
    const target = path.join(feature, 'notes.md');
    const run = await generate(target);
    assert.match(said(run), /permission: reject-once/);
    assert.equal(existsSync(target), false);
    assert.match(run.err, /declined: stdin is closed.*\{"permissionId":"<id>","optionId":"<option id>"\}.*--permissions allowEditsInFeature or allowAll/);
    // Declined, not timed out: the 300 s permission timeout never ran.
    assert.ok(run.lines.some((l) => l.kind === 'permissionResolved' && l.outcome === 'selected' && l.optionId === 'reject-once'));
  });
});
