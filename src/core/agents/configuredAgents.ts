/**
 * The agents of the settings as they are now. They are rebuilt only when a setting they read
 * changes, so detections stay cached; `resolve` picks the agent a run asks for (or the default)
 * and refuses one that is not available with what to do about it.
 */
import { GenerationError } from '../features/generationService';
import type { Agent } from '../ports/agent';
import type { CoreSettings } from '../settings/coreSettings';
import { vscodeSettingHints, type SettingHints } from '../settings/settingHints';
import type { AcpRuntime } from './acp/acpAgent';
import { buildLineup, lineupKey } from './agentLineup';
import type { AgentStatusBook } from './agentStatus';
import { COPILOT_ID } from './copilot';
import { CUSTOM_ID } from './custom';
import type { AgentRegistry } from './registry';

export interface ConfiguredAgentsOptions {
  settings: () => CoreSettings;
  /** What every ACP agent shares: the permission broker, the policy, file access, kept sessions. */
  runtime: AcpRuntime;
  /** Searched before PATH for agent executables (tests). */
  extraPaths?: readonly string[];
  /** Added to every agent process (tests strip credentials with it). */
  env?: Record<string, string | undefined>;
  /** How hints name a setting in this shell (VS Code's setting names by default). */
  hints?: SettingHints;
}

export class ConfiguredAgents {
  private settingsKey = '';

  constructor(
    private readonly registry: AgentRegistry,
    private readonly status: AgentStatusBook,
    private readonly options: ConfiguredAgentsOptions,
  ) {}

  /** Rebuilds the agents when the settings they read changed since the last call. */
  configure(): void {
    const s = this.options.settings();
    const key = lineupKey(s);
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    this.status.forget();
    const { runtime, extraPaths, env, hints } = this.options;
    for (const agent of buildLineup(s, { runtime, extraPaths, env, hints })) this.registry.register(agent);
  }

  /** The agent named `id`, else the settings' agent, else the default; undefined when no agent has that id. */
  async resolve(id: string | undefined): Promise<Agent | undefined> {
    // The settings file may have changed without a watcher event (created while the watcher was
    // starting, a network drive): a run always uses the agents of the settings as they are now.
    this.configure();
    const wanted = id ?? this.options.settings().agent;
    if (wanted && wanted !== 'auto') {
      const agent = this.registry.get(wanted);
      if (!agent) return undefined;
      const detection = await this.registry.detection(wanted);
      if (!detection.available) {
        const why = detection.hint ?? (wanted === CUSTOM_ID ? (this.options.hints ?? vscodeSettingHints).set('customCommand', 'an executable') : '');
        throw new GenerationError('not_found', `The ${agent.label} agent is not available. ${why}`.trim());
      }
      return agent;
    }
    return this.registry.pickDefault(COPILOT_ID);
  }
}
