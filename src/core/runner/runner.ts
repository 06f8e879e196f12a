import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { trackActiveTree, untrackActiveTree } from './activeRuns';
import { terminateTree } from './killTree';
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from './lineSplitter';
import type { OutputLine, RunOutcome, RunSpec } from './types';

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_KILL_GRACE_MS = 3000;
/** How many stderr lines a failed outcome quotes. */
export const STDERR_TAIL_LINES = 20;
/** A quoted stderr line is cut here: the tail is for a message to a human, not a log. */
const STDERR_TAIL_LINE_LENGTH = 4096;
/**
 * After the child exits, how long its stdout/stderr may stay open. Longer means a process it
 * left behind still holds our pipes; that leftover is killed rather than waited for.
 */
const STDIO_DRAIN_MS = 1000;
/** setTimeout fires at once for delays above 2^31-1 ms; such a limit is no limit. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type ExecaModule = typeof import('execa');
type Subprocess = ReturnType<ExecaModule['execa']>;
type SpawnResult = Awaited<Subprocess>;
type StopReason = 'timedOut' | 'cancelled';

let execaModule: Promise<ExecaModule> | undefined;

/**
 * execa is ESM only. A dynamic import works from the CommonJS extension bundle and from tests
 * run through tsx's CommonJS hook alike, where a static import would be turned into a
 * `require()` that cannot load execa's ESM-only dependencies.
 */
function loadExeca(): Promise<ExecaModule> {
  execaModule ??= import('execa');
  return execaModule;
}

/**
 * Runs a command (never through a shell) and reports its output line by line. Every ending is
 * an outcome, not an exception: not found, failed, timed out, cancelled. Timeout and cancel end
 * the whole process tree. The promise settles once the child has exited and its tree is gone
 * (or was sent SIGKILL). It rejects only when `onLine` throws: the run is then stopped and the
 * consumer's bug is handed back to the consumer.
 *
 * `timeoutMs` of 0, a negative number or Infinity means no time limit. An `env` entry set to
 * undefined removes that variable from the inherited environment.
 */
export async function runProcess(spec: RunSpec): Promise<RunOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  if (spec.signal?.aborted) return { status: 'cancelled', durationMs: elapsed() };
  const { execa } = await loadExeca();
  // The first import takes a moment; a cancel during it must still win over spawning.
  if (spec.signal?.aborted) return { status: 'cancelled', durationMs: elapsed() };
  return new ProcessRun(spec, execa, elapsed).settled;
}

/** One run from spawn to outcome; exists to keep the state of a run in one place. */
class ProcessRun {
  readonly settled: Promise<RunOutcome>;
  private readonly subprocess: Subprocess;
  private readonly pid: number | undefined;
  private readonly timeoutMs: number;
  private readonly killGraceMs: number;
  private readonly splitters: Record<OutputLine['stream'], LineSplitter>;
  private readonly stderrTail: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopReason: StopReason | undefined;
  private consumerError: { error: unknown } | undefined;
  private exited = false;
  /** Set once the tree is being killed; settles when it is gone or SIGKILL was sent. */
  private killing: Promise<void> | undefined;

  constructor(
    private readonly spec: RunSpec,
    execa: ExecaModule['execa'],
    private readonly elapsed: () => number,
  ) {
    this.timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.killGraceMs = spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const maxLineLength = spec.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.splitters = {
      stdout: new LineSplitter((text) => this.deliver({ stream: 'stdout', text }), maxLineLength),
      stderr: new LineSplitter((text) => this.deliver({ stream: 'stderr', text }), maxLineLength),
    };

    this.subprocess = execa(spec.command, [...spec.args], {
      cwd: spec.cwd,
      // Built here rather than with execa's extendEnv so that `undefined` removes a variable.
      env: { ...process.env, ...spec.env },
      extendEnv: false,
      shell: false,
      // Own process group on POSIX: the whole tree can then be signalled as one.
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdin: spec.stdin === 'pipe' ? 'pipe' : 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      // The output is read here as it comes; execa buffering it would make memory grow with it.
      buffer: false,
      encoding: 'buffer',
      stripFinalNewline: false,
      reject: false,
      // execa's cleanup and termination only reach the direct child; ours reach the tree.
      cleanup: false,
    });
    this.pid = this.subprocess.pid;

    this.read('stdout', this.subprocess.stdout);
    this.read('stderr', this.subprocess.stderr);
    this.writeInput();
    if (this.pid !== undefined) this.watch(this.pid);
    this.settled = this.settle();
  }

  private read(stream: OutputLine['stream'], readable: Readable | null): void {
    if (!readable) return;
    const splitter = this.splitters[stream];
    readable.on('data', (chunk: Buffer) => splitter.push(chunk));
    // 'close' also covers a stream destroyed after the drain period, which never emits 'end'.
    readable.once('end', () => splitter.end());
    readable.once('close', () => splitter.end());
  }

  private writeInput(): void {
    const stdin = this.subprocess.stdin;
    if (!stdin) return;
    // A child that exits without reading its input makes the write fail with EPIPE: that is
    // the child's business, reported by its exit status, not a runner crash.
    stdin.on('error', () => undefined);
    // Closed even without input, or a child reading stdin would wait forever.
    stdin.end(this.spec.input ?? '');
  }

  private watch(pid: number): void {
    trackActiveTree(pid);
    if (this.timeoutMs > 0 && this.timeoutMs <= MAX_TIMER_MS) {
      this.later(this.timeoutMs, () => this.stop('timedOut'));
    }
    this.spec.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.subprocess.once('exit', () => {
      this.exited = true;
      this.later(STDIO_DRAIN_MS, () => this.killLeftovers());
    });
  }

  private readonly onAbort = (): void => this.stop('cancelled');

  private stop(reason: StopReason): void {
    // After the child exited, its own exit status is the outcome; only leftovers are killed.
    if (!this.exited) this.stopReason ??= reason;
    this.killTree();
  }

  private killTree(): Promise<void> {
    if (this.pid === undefined) return Promise.resolve();
    this.killing ??= terminateTree(this.pid, this.killGraceMs);
    return this.killing;
  }

  /** The child is gone but something it started still holds stdout or stderr open. */
  private killLeftovers(): void {
    const { stdout, stderr } = this.subprocess;
    if ((stdout?.closed ?? true) && (stderr?.closed ?? true)) return;
    void this.killTree().then(() => {
      // A process that escaped the tree (setsid, then its parent died) may still hold them.
      stdout?.destroy();
      stderr?.destroy();
    });
  }

  private deliver(line: OutputLine): void {
    if (this.consumerError) return;
    if (line.stream === 'stderr') {
      this.stderrTail.push(line.text.slice(0, STDERR_TAIL_LINE_LENGTH));
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    }
    try {
      this.spec.onLine(line);
    } catch (error) {
      this.consumerError = { error };
      this.killTree();
    }
  }

  private async settle(): Promise<RunOutcome> {
    // reject: false, so this resolves (never throws) once the child exited and its pipes closed.
    const result = await this.subprocess;
    this.splitters.stdout.end();
    this.splitters.stderr.end();
    await this.killing;
    this.dispose();
    if (this.consumerError) throw this.consumerError.error;
    return this.outcome(result);
  }

  /** Nothing of a finished run may keep the host process alive or hold on to it. */
  private dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.spec.signal?.removeEventListener('abort', this.onAbort);
    if (this.pid !== undefined) untrackActiveTree(this.pid);
  }

  private outcome(result: SpawnResult): RunOutcome {
    const durationMs = this.elapsed();
    if (this.stopReason === 'timedOut') return { status: 'timedOut', timeoutMs: this.timeoutMs, durationMs };
    if (this.stopReason === 'cancelled') return { status: 'cancelled', durationMs };
    if (this.pid === undefined) return this.spawnFailure(result, durationMs);
    if (result.exitCode === 0) return { status: 'succeeded', exitCode: 0, durationMs };
    return {
      status: 'failed',
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      ...(result.signal !== undefined ? { signal: result.signal } : {}),
      stderrTail: [...this.stderrTail],
      durationMs,
    };
  }

  private spawnFailure(result: SpawnResult, durationMs: number): RunOutcome {
    // spawn reports a missing working directory as ENOENT too; "command not found" would
    // send the user looking for the wrong thing.
    if (result.code === 'ENOENT' && isDirectory(this.spec.cwd)) {
      return { status: 'notFound', command: this.spec.command, durationMs };
    }
    const reason =
      result.code === 'ENOENT'
        ? `working directory does not exist: ${this.spec.cwd}`
        : `could not start ${this.spec.command}: ${result.originalMessage ?? result.code ?? 'unknown error'}`;
    return { status: 'failed', stderrTail: [reason], durationMs };
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
