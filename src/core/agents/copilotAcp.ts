import { AcpAgent, type AcpRuntime } from './acp/acpAgent';
import type { RunProcess } from './cliAgent';
import { ComposedAgent } from './composedAgent';
import { COPILOT_ID, COPILOT_INSTALL_HINT, createCopilotAgent, detectCopilot, type CopilotOptions } from './copilot';
import { COPILOT_SIGN_IN_HINT } from './copilotParser';
import { wellKnownBinDirs } from './detectionPaths';
import type { Agent, AgentDetection } from '../ports/agent';
import type { CopilotMode } from '../settings/coreSettings';


export interface CopilotAgentOptions extends CopilotOptions {
  /** jsonl (default): `copilot -p … --output-format json`; acp: `copilot --acp`, which asks for permission. */
  mode?: CopilotMode;
  runtime: AcpRuntime;
  runProcess?: RunProcess;
  /** Also look in the usual install folders (after the given extra paths, before PATH); default true. */
  searchInstallFolders?: boolean;
}

const INSTALL = COPILOT_INSTALL_HINT.replace(/^.*?: /, '');
/** Keeps the CLI from updating itself mid-run, so the version we detected is the one that runs. */
const QUIET_ENV = { COPILOT_AUTO_UPDATE: 'false', NO_COLOR: '1' };

async function detectWithSetup(options: CopilotOptions, protocol: string, signal?: AbortSignal): Promise<AgentDetection> {
  const detection = await detectCopilot(options, signal);
  return { ...detection, installCommand: INSTALL, loginCommand: 'copilot login', protocol };
}

/**
 * GitHub Copilot CLI in either mode. Whichever runs, `copilot --acp` answers the sign-in
 * question: its `session/new` fails with -32000 when there are no credentials.
 */
export function createCopilotAgents(given: CopilotAgentOptions): ComposedAgent {
  // VS Code started from a desktop launcher may lack the npm prefix on PATH.
  const extraPaths = [...(given.extraPaths ?? []), ...(given.searchInstallFolders === false ? [] : wellKnownBinDirs())];
  const options = { ...given, extraPaths };
  const acp = new AcpAgent({
    id: COPILOT_ID,
    label: 'GitHub Copilot CLI',
    detect: (signal) => detectWithSetup(options, 'acp', signal),
    acpArgs: ['--acp'],
    signInHint: COPILOT_SIGN_IN_HINT,
    runtime: { ...options.runtime, env: { ...QUIET_ENV, ...options.runtime.env, ...options.env } },
  });
  if (options.mode === 'acp') return new ComposedAgent(COPILOT_ID, 'GitHub Copilot CLI', [acp]);
  const jsonl = createCopilotAgent(options);
  const withSetup: Agent = {
    id: jsonl.id,
    label: jsonl.label,
    detect: async (signal?: AbortSignal) => ({ ...(await jsonl.detect(signal)), installCommand: INSTALL, loginCommand: 'copilot login', protocol: 'jsonl' }),
    run: (request, ctx) => jsonl.run(request, ctx),
  };
  return new ComposedAgent(COPILOT_ID, 'GitHub Copilot CLI', [withSetup], (signal) => acp.probeSignIn(signal));
}
