import type { AcpRuntime } from './acp/acpAgent';
import type { RunProcess } from './cliAgent';

/** What every agent factory takes: where to look for the executable, and the shared runtime. */
export interface AgentFactoryOptions {
  /** The user's configured executable; empty or absent means a search. */
  path?: string;
  /** Searched before PATH (tests pass node_modules/.bin or a fixtures folder). */
  extraPaths?: readonly string[];
  /** Added to every process of the agent; an undefined value removes a variable. */
  env?: Record<string, string | undefined>;
  runtime: AcpRuntime;
  runProcess?: RunProcess;
  versionTimeoutMs?: number;
  /** Look beyond PATH (install folders, npm's global prefix); default true. */
  searchInstallFolders?: boolean;
}

/** A prompt longer than this goes through stdin: Linux caps one argument at 128 KiB, Windows a command line at 32 KiB. */
export const MAX_PROMPT_ARG = 24_000;
