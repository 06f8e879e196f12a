import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { trackActiveTree, untrackActiveTree } from '../../runner/activeRuns';
import { terminateTree } from '../../runner/killTree';
import { LineSplitter } from '../../runner/lineSplitter';

export interface AgentProcessSpec {
  command: string;
  args: readonly string[];
  cwd: string;
  /** Added to the parent's environment; an undefined value removes a variable. */
  env?: Record<string, string | undefined>;
}

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (ENOENT, EACCES, a missing cwd). */
  spawnError?: NodeJS.ErrnoException;
}

/** How many stderr lines an error message may quote. */
const STDERR_TAIL = 20;

/**
 * A long-lived agent process speaking a protocol on stdio (ACP): unlike a one-shot run, its
 * stdin and stdout are streams for the protocol, not lines for a parser. Its tree is ended the
 * same way the runner ends one: it leads its own process group, is tracked so a dying host
 * takes it along, and `stop()` sends SIGTERM to the tree, then SIGKILL after the grace period.
 */
export class AgentProcess {
  readonly pid: number | undefined;
  /** What we write to the agent (web stream, as the ACP SDK wants it). */
  readonly input: WritableStream<Uint8Array>;
  /** What the agent writes to us. */
  readonly output: ReadableStream<Uint8Array>;
  /** Settles once the process has exited or failed to start; never rejects. */
  readonly exited: Promise<AgentExit>;
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly tail: string[] = [];
  private exit: AgentExit | undefined;
  private stopping: Promise<void> | undefined;

  constructor(spec: AgentProcessSpec, onStderrLine: (line: string) => void) {
    this.child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      // Own process group on POSIX, so stop() reaches whatever the agent started (Gemini
      // relaunches itself in a child process; npm loaders spawn the real binary).
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.pid = this.child.pid;
    if (this.pid !== undefined) trackActiveTree(this.pid);

    this.exited = new Promise<AgentExit>((resolve) => {
      const done = (exit: AgentExit) => {
        if (this.exit) return;
        this.exit = exit;
        if (this.pid !== undefined) untrackActiveTree(this.pid);
        resolve(exit);
      };
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        // After a successful spawn, 'error' means a failed kill: the exit event still comes.
        if (this.pid === undefined) done({ code: null, signal: null, spawnError: error });
      });
      this.child.once('exit', (code, signal) => done({ code, signal }));
    });

    // A write to an agent that died is its crash, reported through `exited`, not ours.
    this.child.stdin.on('error', () => undefined);
    const stderr = new LineSplitter((line) => {
      this.tail.push(line.slice(0, 2000));
      if (this.tail.length > STDERR_TAIL) this.tail.shift();
      if (line.trim()) onStderrLine(line);
    }, 64 * 1024);
    this.child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    this.child.stderr.once('close', () => stderr.end());

    this.input = Writable.toWeb(this.child.stdin) as WritableStream<Uint8Array>;
    this.output = Readable.toWeb(this.child.stdout) as ReadableStream<Uint8Array>;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /**
   * A kept agent waiting for its next turn must not keep the host alive (a CLI whose run is over
   * exits, and its exit handler ends the tree); in use again, it does.
   */
  setIdle(idle: boolean): void {
    // The pipes are sockets underneath, which have ref/unref (the stream types do not say so).
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as unknown as Array<{ ref?: () => unknown; unref?: () => unknown }>;
    for (const handle of handles) (idle ? handle.unref : handle.ref)?.call(handle);
  }

  /** The last lines the agent wrote to stderr, for an error message. */
  stderrTail(): string[] {
    return [...this.tail];
  }

  /**
   * Ends the agent and everything it started: closes stdin (many agents exit on EOF), then
   * ends the process tree. Resolves once the process has exited. Idempotent.
   */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.doStop(graceMs);
    return this.stopping;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.child.stdin.destroy();
    if (this.pid !== undefined) {
      // Even after the leader exited, members of its group (a relaunched child) may live on.
      await terminateTree(this.pid, graceMs).catch(() => undefined);
    }
    await this.exited;
    this.child.stdout.destroy();
    this.child.stderr.destroy();
  }
}
