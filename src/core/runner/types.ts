/** What the subprocess runner is asked to run. Arguments are an array: never a shell string. */
export interface RunSpec {
  command: string;
  args: readonly string[];
  cwd: string;
  /** Added to (not replacing) the parent's environment. */
  env?: Record<string, string | undefined>;
  /** 'ignore' unless the agent must read input; with `input`, that text is written then stdin closed. */
  stdin?: 'ignore' | 'pipe';
  input?: string;
  /** Whole-run limit; default 10 minutes. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL of the process tree; default 3 s. */
  killGraceMs?: number;
  signal?: AbortSignal;
  /** Called once per complete line (without its line ending), in order per stream. */
  onLine: (line: OutputLine) => void;
  /** Lines longer than this are split (keeps memory bounded); default 1 MiB. */
  maxLineLength?: number;
}

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export type RunOutcome =
  | { status: 'succeeded'; exitCode: 0; durationMs: number }
  | { status: 'failed'; exitCode?: number; signal?: string; stderrTail: string[]; durationMs: number }
  | { status: 'timedOut'; timeoutMs: number; durationMs: number }
  | { status: 'cancelled'; durationMs: number }
  | { status: 'notFound'; command: string; durationMs: number };
