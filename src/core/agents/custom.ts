import * as path from 'node:path';
import type { AgentEvent } from '../../protocol';
import { vscodeSettingHints, type SettingHints } from '../settings/settingHints';
import { CliAgent, type RunProcess } from './cliAgent';
import type { AgentDetection, AgentRequest, CliAgentSpec, OutputParser } from '../ports/agent';
import { which } from './which';

export const CUSTOM_ID = 'custom';

export interface CustomAgentOptions {
  /** `specwright.custom.command`: an executable, never a shell line. */
  command?: string;
  /** `specwright.custom.args`: each entry becomes exactly one argument after substitution. */
  args: readonly string[];
  extraPaths?: readonly string[];
  runProcess?: RunProcess;
  /** How hints name the setting in this shell. */
  hints?: SettingHints;
}

const PLACEHOLDER = /\{(prompt|featureDir|docPath|workspaceRoot)\}/g;

/**
 * Fills the placeholders of each template argument. One regex pass per argument, so text
 * substituted in (a prompt that mentions `{docPath}`) is never substituted again, and the
 * result stays one argv entry however many spaces, quotes or `$(…)` it holds.
 */
export function substituteArgs(template: readonly string[], request: AgentRequest): string[] {
  const values: Record<string, string> = {
    prompt: request.prompt,
    featureDir: request.featureDir,
    docPath: request.docPath,
    workspaceRoot: request.workspaceRoot,
  };
  return template.map((arg) => arg.replace(PLACEHOLDER, (_match, name: string) => values[name] ?? ''));
}

/** A custom command speaks no protocol we know: its stdout is the answer, its stderr a log. */
export function createPlainTextParser(): OutputParser {
  return {
    line(stream, text): AgentEvent[] {
      if (stream === 'stderr') return text.trim() ? [{ kind: 'log', text }] : [];
      // Keep the newline: consecutive deltas of one stream are concatenated for display.
      return [{ kind: 'message', text: `${text}\n`, stream: 'stdout' }];
    },
  };
}

export function createCustomAgent(options: CustomAgentOptions): CliAgent & { readonly documentFromOutput: true } {
  const command = options.command?.trim() ?? '';
  const hints = options.hints ?? vscodeSettingHints;
  const spec: CliAgentSpec = {
    invocation: (request, detection) => ({
      command: detection.path ?? command,
      args: substituteArgs(options.args, request),
      cwd: request.workspaceRoot,
      stdin: 'ignore',
      timeoutMs: request.timeoutMs,
    }),
    createParser: createPlainTextParser,
  };
  const agent = new CliAgent({
    id: CUSTOM_ID,
    label: command ? `Custom command (${path.basename(command)})` : 'Custom command',
    spec,
    detect: () => detectCustom(command, hints, options.extraPaths),
    runProcess: options.runProcess,
    installHint: hints.set('customCommand', 'an executable on PATH or an absolute path'),
    // It runs whatever it is told with the user's rights: what it writes cannot be confined, only told.
    watchOutside: true,
  });
  // `text` mode: what the command prints is the document (GenerationService writes it).
  return Object.assign(agent, { documentFromOutput: true as const });
}

/** Only resolvability: an arbitrary command may not know `--version`, and running it could act. */
async function detectCustom(command: string, hints: SettingHints, extraPaths?: readonly string[]): Promise<AgentDetection> {
  if (!command) return { id: CUSTOM_ID, available: false, hint: hints.set('customCommand', 'the agent executable') };
  const found = await which(command, { extraPaths });
  return found
    ? { id: CUSTOM_ID, available: true, path: found }
    : { id: CUSTOM_ID, available: false, hint: `${command} was not found on PATH. ${hints.set('customCommand', 'an executable')}` };
}
