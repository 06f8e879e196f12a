import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runAgents } from './cli/agents';
import { runGenerate } from './cli/generate';
import { isPermissionPolicy, type PermissionPolicy } from './core/agents/permissions';

const USAGE = `Usage: specwright <command> [options]

Commands:
  generate spec <featureDir> --prompt "<description>" [--agent ID] [--json]
      Generate spec.md in a feature folder, printing the agent's live event stream.
      ID: auto, copilot, claude, gemini, codex, opencode, qwen, custom, scaffold.
  agents [--json] [--quick]
      Which agents are installed, where, which version, whether they are signed in,
      and how to install or sign in the others (--quick skips the sign-in check).

Options:
  --workspace DIR     workspace root (default: the folder above specs/, else the current directory)
  --timeout MINUTES   stop the agent after this long (default 10)
  --permissions P     ask (default: questions are asked on the terminal), allowEditsInFeature, allowAll
  --json              print events as JSON lines instead of text
  -h, --help          show this help
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prompt: { type: 'string', short: 'p' },
      agent: { type: 'string', short: 'a' },
      workspace: { type: 'string', short: 'w' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      permissions: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, kind, target] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'generate') {
    if (kind !== 'spec' || !target) return usageError('generate needs: spec <featureDir>');
    if (!values.prompt?.trim()) return usageError('generate needs --prompt "<what the feature is>"');
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) return usageError('--timeout takes a number of minutes greater than 0');
    if (values.permissions !== undefined && !isPermissionPolicy(values.permissions)) return usageError('--permissions takes ask, allowEditsInFeature or allowAll');
    return runGenerate({
      kind,
      featureDir: resolve(target),
      prompt: values.prompt,
      agent: values.agent,
      workspace: values.workspace ? resolve(values.workspace) : undefined,
      timeoutMinutes: timeout,
      permissions: values.permissions as PermissionPolicy | undefined,
      json: values.json,
    });
  }
  if (command === 'agents') {
    return runAgents({ json: values.json, quick: values.quick, workspace: values.workspace ? resolve(values.workspace) : process.cwd() });
  }
  return usageError(`unknown command "${command}"`);
}

function usageError(message: string): number {
  process.stderr.write(`specwright: ${message}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`specwright: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
