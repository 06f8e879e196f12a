import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineSplitter } from '../../src/core/runner/lineSplitter';
import { runProcess } from '../../src/core/runner/runner';
import type { RunOutcome, RunSpec } from '../../src/core/runner/types';

const repoRoot = path.resolve(__dirname, '../..');
const bin = path.join(repoRoot, 'test/fixtures/bin');
const posix = process.platform !== 'win32';

/** Pids the fixtures reported, SIGKILLed after each test so a failing test leaks nothing. */
const spawnedPids = new Set<number>();

interface Captured {
  outcome: RunOutcome;
  stdout: string[];
  stderr: string[];
}

/** Runs a fixture with node (portable: Windows cannot execute a .js file itself). */
async function runFixture(
  script: string,
  args: readonly string[] = [],
  extra: Partial<Omit<RunSpec, 'command' | 'args'>> = {},
): Promise<Captured> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const outcome = await runProcess({
    command: process.execPath,
    args: [path.join(bin, script), ...args],
    cwd: repoRoot,
    ...extra,
    onLine: (line) => {
      (line.stream === 'stdout' ? stdout : stderr).push(line.text);
      rememberPids(line.text);
      extra.onLine?.(line);
    },
  });
  return { outcome, stdout, stderr };
}

function rememberPids(text: string): void {
  if (!text.startsWith('{')) return;
  try {
    for (const value of Object.values(JSON.parse(text) as Record<string, unknown>)) {
      if (typeof value === 'number') spawnedPids.add(value);
    }
  } catch {
    // Not a pid report.
  }
}

function pidsOf(line: string | undefined): Record<string, number> {
  assert.ok(line, 'the fixture reported its pids');
  return JSON.parse(line) as Record<string, number>;
}

/**
 * Whether a pid still runs: process.kill(pid, 0) throwing ESRCH means gone. A zombie (exited,
 * not yet reaped by an init that may never do it) counts as gone too.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}

/** Polls briefly: signals are delivered asynchronously, a dying process takes a moment. */
async function assertGone(pid: number, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (isRunning(pid) && Date.now() < deadline) await sleep(25);
  assert.equal(isRunning(pid), false, `${what} (pid ${pid}) should have been killed`);
}

afterEach(() => {
  for (const pid of spawnedPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  spawnedPids.clear();
});

describe('LineSplitter', () => {
  function split(chunks: readonly (string | number[])[], maxLineLength?: number): string[] {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), maxLineLength);
    for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    splitter.end();
    return lines;
  }

  it('reassembles lines and multi-byte characters split across chunks, byte by byte', () => {
    const bytes = [...Buffer.from('héllo €uro 😀\nsecond\n')];
    assert.deepEqual(
      split(bytes.map((b) => [b])),
      ['héllo €uro 😀', 'second'],
    );
  });

  it('treats LF, CRLF and a lone CR as line endings, even a CRLF split between chunks', () => {
    assert.deepEqual(split(['a\r\nb\rc\n', 'd\r', '\ne\r', 'f\r\n\r\n']), ['a', 'b', 'c', 'd', 'e', 'f', '']);
  });

  it('delivers a last line without a newline at the end, and no phantom empty line after a final newline', () => {
    assert.deepEqual(split(['one\ntw', 'o']), ['one', 'two']);
    assert.deepEqual(split(['one\n']), ['one']);
    assert.deepEqual(split([]), []);
  });

  it('splits overlong lines into bounded pieces without cutting an emoji in half', () => {
    const lines = split(['abcdefghij', 'k😀lmn\nxy\n'], 4);
    assert.deepEqual(lines, ['abcd', 'efgh', 'ijk', '😀lm', 'n', 'xy']);
    assert.ok(lines.every((l) => l.length <= 4));
  });

  it('replaces invalid UTF-8 with U+FFFD instead of failing', () => {
    assert.deepEqual(split([[0x6f, 0x6b, 0x80, 0x0a], [0x61, 0xe2, 0x82]]), ['ok\uFFFD', 'a\uFFFD']);
  });
});

describe('runProcess', () => {
  it('streams lines in order while the process is still running', async () => {
    const controller = new AbortController();
    const { outcome, stdout } = await runFixture('fake-stream.js', ['200', '30'], {
      signal: controller.signal,
      // Cancelling on the third line proves lines arrive live, not when the process ends.
      onLine: (line) => {
        if (line.text === 'line 3') controller.abort();
      },
    });
    assert.equal(outcome.status, 'cancelled');
    assert.deepEqual(stdout.slice(0, 3), ['line 1', 'line 2', 'line 3']);
    assert.ok(stdout.length < 200, 'the stream was cut short by the cancel');
  });

  it('reports every line of a normal run in order, per stream', async () => {
    const { outcome, stdout, stderr } = await runFixture('fake-stream.js', ['5', '10', '--stderr']);
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(stdout, ['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    assert.deepEqual(stderr, ['err 1', 'err 2', 'err 3', 'err 4', 'err 5']);
  });

  it('frames chunks split mid-line and mid-character, with CRLF and CR endings and a final unterminated line', async () => {
    const { outcome, stdout } = await runFixture('fake-partial.js');
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(stdout, [
      'héllo wörld',
      'crlf line',
      'split €uro',
      'cr only',
      'next',
      '',
      '😀 emoji',
      'no newline at end',
    ]);
  });

  it('reports a non-zero exit as failed with the last 20 stderr lines', async () => {
    const { outcome } = await runFixture('fake-fail.js', ['30', '3']);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.exitCode, 3);
    assert.equal(outcome.signal, undefined);
    assert.deepEqual(
      outcome.stderrTail,
      Array.from({ length: 20 }, (_, i) => `problem ${i + 11}`),
    );
  });

  it('ends a hanging run at the timeout, grandchild included', async () => {
    // Long enough for node to start the fixture and its grandchild on a busy machine: the test
    // needs their pids, printed once both run.
    const { outcome, stdout } = await runFixture('fake-hang.js', [], { timeoutMs: 1000, killGraceMs: 2000 });
    assert.equal(outcome.status, 'timedOut');
    assert.equal(outcome.timeoutMs, 1000);
    const { pid, grandchild } = pidsOf(stdout[0]);
    await assertGone(pid, 'the child');
    await assertGone(grandchild, 'the grandchild');
  });

  it('also kills a grandchild that left the process group with setsid', async function () {
    if (!posix) this.skip();
    const { outcome, stdout } = await runFixture('fake-hang.js', ['--escape'], { timeoutMs: 1000, killGraceMs: 2000 });
    assert.equal(outcome.status, 'timedOut');
    const { pid, grandchild } = pidsOf(stdout[0]);
    await assertGone(pid, 'the child');
    await assertGone(grandchild, 'the grandchild outside the group');
  });

  it('SIGKILLs a process that ignores SIGTERM once the grace period is over', async () => {
    const controller = new AbortController();
    const { outcome, stdout, stderr } = await runFixture('fake-ignore-term.js', [], {
      signal: controller.signal,
      killGraceMs: 300,
      // Its first line comes after its SIGTERM handler is installed: a fixed timeout could
      // fire before that on a busy machine, and SIGTERM would then end it.
      onLine: () => controller.abort(),
    });
    assert.equal(outcome.status, 'cancelled');
    // It saw the polite SIGTERM first, exactly once, and ignored it: the end was SIGKILL.
    if (posix) assert.deepEqual(stderr, ['ignoring SIGTERM']);
    await assertGone(pidsOf(stdout[0]).pid, 'the SIGTERM-ignoring child');
  });

  it('cancels a copilot-style loader and kills the native grandchild it runs with spawnSync', async () => {
    const controller = new AbortController();
    const { outcome, stdout } = await runFixture('fake-loader.js', [], {
      signal: controller.signal,
      onLine: (line) => {
        if (line.text.includes('grandchild')) controller.abort();
      },
    });
    assert.equal(outcome.status, 'cancelled');
    const { loader } = pidsOf(stdout[0]);
    const { grandchild } = pidsOf(stdout[1]);
    await assertGone(loader, 'the loader');
    await assertGone(grandchild, 'the native grandchild');
  });

  it('on cancel, SIGKILLs a whole tree that ignores SIGTERM', async () => {
    const controller = new AbortController();
    const { outcome, stdout } = await runFixture('fake-hang.js', ['--ignore-term'], {
      signal: controller.signal,
      killGraceMs: 300,
      onLine: () => controller.abort(),
    });
    assert.equal(outcome.status, 'cancelled');
    const { pid, grandchild } = pidsOf(stdout[0]);
    await assertGone(pid, 'the child');
    await assertGone(grandchild, 'the grandchild');
  });

  it('settles when the child exits even if a daemon it left behind still holds the pipes', async function () {
    if (!posix) this.skip();
    const { outcome, stdout } = await runFixture('fake-orphan.js');
    assert.equal(outcome.status, 'succeeded');
    assert.ok(pidsOf(stdout[0]).orphan > 0);
  });

  it('passes 100 MB of output through onLine without memory growing with it', async () => {
    // The volume is well above the bound on purpose: a runner that kept the output would blow
    // through it, one that streams stays far below (about 20 MB of growth, mostly V8's heap).
    const megabytes = 100;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    let bytes = 0;
    let lines = 0;
    try {
      const outcome = await runProcess({
        command: process.execPath,
        // 128-byte lines divide the volume exactly: every line is complete.
        args: [path.join(bin, 'fake-flood.js'), String(megabytes), '128'],
        cwd: repoRoot,
        onLine: (line) => {
          bytes += Buffer.byteLength(line.text) + 1;
          lines += 1;
        },
      });
      assert.equal(outcome.status, 'succeeded');
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.equal(bytes, megabytes * 1024 * 1024);
    assert.equal(lines, (megabytes * 1024 * 1024) / 128);
    const growthMb = (peak - before) / (1024 * 1024);
    assert.ok(growthMb < 64, `rss grew by ${growthMb.toFixed(1)} MB`);
  });

  it('delivers a newline-free flood in pieces no longer than maxLineLength', async () => {
    let total = 0;
    let longest = 0;
    const { outcome } = await runFixture('fake-flood.js', ['5', '0'], {
      maxLineLength: 64 * 1024,
      onLine: (line) => {
        total += line.text.length;
        longest = Math.max(longest, line.text.length);
      },
    });
    assert.equal(outcome.status, 'succeeded');
    assert.equal(total, 5 * 1024 * 1024);
    assert.equal(longest, 64 * 1024);
  });

  it('replaces invalid UTF-8 with U+FFFD', async () => {
    const { outcome, stdout } = await runFixture('fake-bad-utf8.js');
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(stdout, ['ok \uFFFD \uFFFD', 'a\uFFFDb', 'end\uFFFD']);
  });

  it('reports a missing command as notFound', async () => {
    const outcome = await runProcess({
      command: 'specwright-no-such-agent-cli',
      args: [],
      cwd: repoRoot,
      onLine: () => assert.fail('no output expected'),
    });
    assert.equal(outcome.status, 'notFound');
    assert.equal(outcome.command, 'specwright-no-such-agent-cli');
  });

  it('reports a missing working directory as a failure, not as a missing command', async () => {
    const cwd = path.join(os.tmpdir(), 'specwright-no-such-dir', String(process.pid));
    const outcome = await runProcess({ command: process.execPath, args: ['-e', ''], cwd, onLine: () => undefined });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.stderrTail.join('\n'), /working directory/);
  });

  it('returns cancelled without spawning when the signal is already aborted', async () => {
    // A missing command proves nothing was spawned: spawning it would have said notFound.
    const outcome = await runProcess({
      command: 'specwright-no-such-agent-cli',
      args: [],
      cwd: repoRoot,
      signal: AbortSignal.abort(),
      onLine: () => assert.fail('no output expected'),
    });
    assert.equal(outcome.status, 'cancelled');
  });

  it('adds env entries to the inherited environment, and removes the ones set to undefined', async () => {
    process.env.SPECWRIGHT_RUNNER_TEST_INHERITED = 'from parent';
    process.env.SPECWRIGHT_RUNNER_TEST_REMOVED = 'should vanish';
    try {
      const { outcome, stdout } = await runFixture(
        'fake-env.js',
        ['SPECIFY_FEATURE_DIRECTORY', 'SPECWRIGHT_RUNNER_TEST_INHERITED', 'SPECWRIGHT_RUNNER_TEST_REMOVED'],
        { env: { SPECIFY_FEATURE_DIRECTORY: '/ws/specs/001-a', SPECWRIGHT_RUNNER_TEST_REMOVED: undefined } },
      );
      assert.equal(outcome.status, 'succeeded');
      assert.deepEqual(JSON.parse(stdout[0]), {
        SPECIFY_FEATURE_DIRECTORY: '/ws/specs/001-a',
        SPECWRIGHT_RUNNER_TEST_INHERITED: 'from parent',
      });
    } finally {
      delete process.env.SPECWRIGHT_RUNNER_TEST_INHERITED;
      delete process.env.SPECWRIGHT_RUNNER_TEST_REMOVED;
    }
  });

  it('ignores stdin by default, and pipes the input then closes stdin when asked', async () => {
    const ignored = await runFixture('fake-stdin.js');
    assert.equal(ignored.outcome.status, 'succeeded');
    assert.deepEqual(JSON.parse(ignored.stdout[0]), { kind: 'null-device', input: '' });

    const piped = await runFixture('fake-stdin.js', [], { stdin: 'pipe', input: 'the prompt\nwith €\n' });
    assert.equal(piped.outcome.status, 'succeeded');
    assert.deepEqual(JSON.parse(piped.stdout[0]), { kind: 'pipe', input: 'the prompt\nwith €\n' });

    // Piped without input: closed at once, so a child reading stdin does not wait forever.
    const empty = await runFixture('fake-stdin.js', [], { stdin: 'pipe', timeoutMs: 10_000 });
    assert.equal(empty.outcome.status, 'succeeded');
    assert.deepEqual(JSON.parse(empty.stdout[0]), { kind: 'pipe', input: '' });
  });

  it('passes arguments as an array, untouched by any shell', async () => {
    const args = ['two words', '"quoted"', '$HOME', '; echo injected', '*'];
    const { outcome, stdout } = await runFixture('echo-args.js', args);
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(stdout.map((l) => JSON.parse(l) as string), args);
  });

  it('runs an executable script directly through its shebang', async function () {
    if (!posix) this.skip();
    const lines: string[] = [];
    const outcome = await runProcess({
      command: path.join(bin, 'fake-stream.js'),
      args: ['2', '1'],
      cwd: repoRoot,
      onLine: (line) => lines.push(line.text),
    });
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(lines, ['line 1', 'line 2']);
  });

  it('rejects with the error of a throwing onLine, after killing the tree', async () => {
    let reported = '';
    await assert.rejects(
      runFixture('fake-hang.js', [], {
        killGraceMs: 2000,
        onLine: (line) => {
          reported = line.text;
          throw new Error('consumer bug');
        },
      }),
      /consumer bug/,
    );
    const { pid, grandchild } = pidsOf(reported);
    await assertGone(pid, 'the child');
    await assertGone(grandchild, 'the grandchild');
  });

  it('kills the tree of an active run when the host process exits', async function () {
    if (!posix) this.skip();
    const output = await runInHost(`
      runProcess({
        command: process.execPath,
        args: [${JSON.stringify(path.join(bin, 'fake-hang.js'))}],
        cwd: ${JSON.stringify(repoRoot)},
        onLine: (line) => { process.stdout.write(line.text + '\\n'); process.exit(0); },
      });
    `);
    const { pid, grandchild } = pidsOf(output.split('\n')[0]);
    spawnedPids.add(pid).add(grandchild);
    await assertGone(pid, 'the child');
    await assertGone(grandchild, 'the grandchild');
  });

  it('ends the tree of an active run when the host is killed with SIGKILL (no exit handler runs)', async function () {
    if (!posix) this.skip();
    // Both ignore SIGTERM and the grandchild leaves the process group (setsid): the worst case.
    const host = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', `
      const { runProcess } = require(${JSON.stringify(path.join(repoRoot, 'src/core/runner/runner.ts'))});
      runProcess({
        command: process.execPath,
        args: [${JSON.stringify(path.join(bin, 'fake-hang.js'))}, '--ignore-term', '--escape'],
        cwd: ${JSON.stringify(repoRoot)},
        onLine: (line) => process.stdout.write(line.text + '\\n'),
      });
    `], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve, reject) => {
      let out = '';
      host.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      host.once('exit', () => reject(new Error(`the host exited first: ${out}`)));
    });
    const { pid, grandchild } = pidsOf(first);
    spawnedPids.add(pid).add(grandchild);
    host.kill('SIGKILL');
    await assertGone(pid, 'the child');
    await assertGone(grandchild, 'the grandchild that left the group');
  });

  it('leaves nothing behind that keeps the host process alive once a run settled', async () => {
    // The default 10-minute timeout timer and the abort listener must be gone: the host exits
    // on its own right after the run (execFile's own timeout would fail the test otherwise).
    const output = await runInHost(`
      const controller = new AbortController();
      runProcess({
        command: process.execPath,
        args: [${JSON.stringify(path.join(bin, 'fake-stream.js'))}, '2', '1'],
        cwd: ${JSON.stringify(repoRoot)},
        signal: controller.signal,
        onLine: () => undefined,
      }).then((outcome) => process.stdout.write(outcome.status + '\\n'));
    `);
    assert.equal(output.trim(), 'succeeded');
  });
});

/** Runs a script with the runner loaded (through tsx, as mocha does) in a separate node process. */
function runInHost(body: string): Promise<string> {
  const script = `const { runProcess } = require(${JSON.stringify(path.join(repoRoot, 'src/core/runner/runner.ts'))});\n${body}`;
  return new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: repoRoot, timeout: 15_000 }, (error, out) =>
      error ? reject(error) : resolve(out),
    );
  });
}
