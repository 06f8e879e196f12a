import { dirname, relative, isAbsolute, basename } from 'node:path';
import type { AgentInfo, FeatureInfo, Snapshot } from '../protocol';
import { createCopilotAgent, COPILOT_ID } from './agents/copilot';
import { createCustomAgent, CUSTOM_ID } from './agents/custom';
import { AgentRegistry } from './agents/registry';
import { ScaffoldAgent } from './agents/scaffold';
import type { Agent } from './agents/types';
import { findFeatures } from './features/features';
import { GenerationError, GenerationService } from './features/generationService';
import { VersionStore } from './features/versions';
import { Hub, HubError } from './hub/hub';
import type { RequestHandlers } from './hub/requests';
import { OperationBus } from './operations/bus';
import type { CoreSettings } from './settings';
import type { Disposable } from './util/disposable';

export interface SpecwrightOptions {
  /** Workspace folders, in order (multi-root). */
  roots: () => string[];
  settings: () => CoreSettings;
  isTrusted: () => boolean;
  log: (level: 'trace' | 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * The core, wired once for either shell (VS Code or the CLI): the operation bus, the agents,
 * document generation, and the hub every client talks to. Nothing here imports `vscode`.
 */
export class Specwright implements Disposable {
  readonly bus: OperationBus;
  readonly agents = new AgentRegistry();
  readonly generation: GenerationService;
  readonly hub: Hub;
  private readonly versionStores = new Map<string, VersionStore>();
  private readonly rendered = new Map<string, number>();
  private agentSettingsKey = '';

  constructor(private readonly options: SpecwrightOptions) {
    this.bus = new OperationBus({ log: (m) => options.log('warn', m) });
    this.configureAgents();
    this.generation = new GenerationService({
      bus: this.bus,
      workspaceRootFor: (dir) => this.rootOf(dir),
      versionsFor: (root) => this.versionsOf(root),
      resolveAgent: (id) => this.resolveAgent(id),
      isTrusted: options.isTrusted,
      timeoutMs: () => options.settings().timeoutMinutes * 60_000,
    });
    this.hub = new Hub({
      bus: this.bus,
      snapshot: () => this.snapshot(),
      handlers: this.handlers(),
      log: (m) => options.log('warn', m),
      onAck: (operationId, seq) => this.rendered.set(operationId, Math.max(seq, this.rendered.get(operationId) ?? 0)),
    });
  }

  /** Settings, trust or folders changed: rebuild what depends on them and tell every client. */
  refresh(): void {
    this.configureAgents();
    void this.snapshot().then(
      (snapshot) => this.hub.broadcast({ type: 'snapshot', snapshot }),
      (error: unknown) => this.options.log('error', `snapshot failed: ${String(error)}`),
    );
  }

  async listFeatures(): Promise<FeatureInfo[]> {
    const lists = await Promise.all(this.options.roots().map((root) => findFeatures(root).catch(() => [])));
    return lists.flat().map((f) => ({ path: f.path, name: f.name, hasSpec: f.hasSpec }));
  }

  async detectAgents(): Promise<(AgentInfo & { path?: string })[]> {
    const detections = await this.agents.detectAll();
    return detections.map((d) => ({
      id: d.id,
      label: this.agents.get(d.id)?.label ?? d.id,
      available: d.available,
      ...(d.version ? { version: d.version } : {}),
      ...(d.hint ? { hint: d.hint } : {}),
      ...(d.path ? { path: d.path } : {}),
    }));
  }

  async snapshot(): Promise<Snapshot> {
    const [features, agents] = await Promise.all([this.listFeatures(), this.cachedAgentInfo()]);
    return {
      operations: this.bus.list(),
      features,
      agents,
      defaultAgent: this.options.settings().agent,
      trusted: this.options.isTrusted(),
    };
  }

  /** Highest event a client reported as rendered for an operation (0 when none). */
  renderedSeq(operationId: string): number {
    return this.rendered.get(operationId) ?? 0;
  }

  dispose(): void {
    this.generation.cancelAll();
    this.hub.dispose();
    this.bus.dispose();
  }

  private handlers(): RequestHandlers {
    return {
      generate: async (params) => {
        try {
          const { operationId } = await this.generation.start({ kind: params.kind, featureDir: params.feature, userPrompt: params.prompt, agent: params.agent });
          return { operationId };
        } catch (error) {
          if (error instanceof GenerationError) throw new HubError(error.code, error.message);
          throw error;
        }
      },
      cancel: async (params) => ({ cancelled: this.generation.cancel(params.operationId) }),
      listFeatures: async () => ({ features: await this.listFeatures() }),
    };
  }

  private async cachedAgentInfo(): Promise<AgentInfo[]> {
    const infos = await Promise.all(this.agents.list().map(async (agent) => {
      const d = await this.agents.detection(agent.id);
      return { id: agent.id, label: agent.label, available: d.available, ...(d.version ? { version: d.version } : {}), ...(d.hint ? { hint: d.hint } : {}) };
    }));
    return infos;
  }

  /** Agents are rebuilt only when the settings they read change, so detections stay cached. */
  private configureAgents(): void {
    const s = this.options.settings();
    const key = JSON.stringify([s.copilotPath, s.customCommand, s.customArgs]);
    if (key === this.agentSettingsKey) return;
    this.agentSettingsKey = key;
    this.agents.register(new ScaffoldAgent());
    this.agents.register(createCopilotAgent({ path: s.copilotPath }));
    this.agents.register(createCustomAgent({ command: s.customCommand, args: s.customArgs }));
  }

  private async resolveAgent(id: string | undefined): Promise<Agent | undefined> {
    const wanted = id ?? this.options.settings().agent;
    if (wanted && wanted !== 'auto') {
      const agent = this.agents.get(wanted);
      if (!agent) return undefined;
      const detection = await this.agents.detection(wanted);
      if (!detection.available) {
        const why = wanted === CUSTOM_ID ? 'Set specwright.custom.command to an executable.' : detection.hint ?? '';
        throw new GenerationError('not_found', `The ${agent.label} agent is not available. ${why}`.trim());
      }
      return agent;
    }
    return this.agents.pickDefault(COPILOT_ID);
  }

  private rootOf(featureDir: string): string {
    const inside = this.options.roots().filter((root) => {
      const rel = relative(root, featureDir);
      return !rel.startsWith('..') && !isAbsolute(rel);
    });
    if (inside.length) return inside.sort((a, b) => b.length - a.length)[0];
    // Outside every workspace folder (the CLI, or a folder picked by hand): the folder above specs/.
    const parent = dirname(featureDir);
    return basename(parent) === 'specs' ? dirname(parent) : parent;
  }

  private versionsOf(root: string): VersionStore {
    let store = this.versionStores.get(root);
    if (!store) this.versionStores.set(root, (store = new VersionStore(root)));
    return store;
  }
}

export const createSpecwright = (options: SpecwrightOptions): Specwright => new Specwright(options);
