import { dirname, isAbsolute, relative } from 'node:path';
import type { AgentInfo, FeatureInfo, Snapshot } from '../../protocol';
import { nodeFileSystem, type FileSystemPort } from '../agents/acp/fileSystem';
import { KeptAcpSessions } from '../agents/acp/keptSessions';
import type { AgentActionsPort } from '../agents/agentActions';
import { AgentStatusBook } from '../agents/agentStatus';
import { ConfiguredAgents } from '../agents/configuredAgents';
import { PermissionBroker } from '../agents/permissions';
import { AgentRegistry } from '../agents/registry';
import { ChainService } from '../features/chain';
import { FeatureHistory } from '../features/featureHistory';
import { FeatureService } from '../features/featureService';
import { findFeatures, workspaceRootAbove } from '../features/features';
import { GenerationService } from '../features/generationService';
import { VersionStore } from '../features/versions';
import { Hub } from '../hub/hub';
import type { RequestHandlers } from '../hub/requests';
import { RefineService } from '../refine/refineService';
import { GitHubService, type GitHubServiceOptions } from '../github/githubService';
import { agentHandlers } from '../handlers/agentHandlers';
import { githubHandlers } from '../handlers/githubHandlers';
import { historyHandlers } from '../handlers/historyHandlers';
import { pipelineHandlers } from '../handlers/pipelineHandlers';
import { refineHandlers } from '../handlers/refineHandlers';
import { runHandlers } from '../handlers/runHandlers';
import { OperationBus } from '../operations/bus';
import type { Journal } from '../operations/journal';
import type { TaskRunService } from '../tasks/taskRunService';
import type { TasksFilePort } from '../tasks/tasksFile';
import { wireTasks, type TaskWiring } from '../tasks/wiring';
import type { CoreSettings } from '../settings/coreSettings';
import type { SettingHints } from '../settings/settingHints';
import type { Disposable } from '../util/disposable';

export interface SpecwrightOptions {
  /** Workspace folders, in order (multi-root). */
  roots: () => string[];
  settings: () => CoreSettings;
  isTrusted: () => boolean;
  log: (level: 'trace' | 'info' | 'warn' | 'error', message: string) => void;
  /** Where ACP agents read and write files; VS Code passes one that edits open documents. */
  fileSystem?: FileSystemPort;
  /** Terminal, clipboard and settings for the Agents section; absent in the standalone server. */
  agentActions?: AgentActionsPort;
  /**
   * Asked before any generation (command, hub request, chain stage) overwrites documents; VS Code
   * asks the user when one has unsaved edits. Absent: generations never wait for anyone.
   */
  confirmOverwrite?: (docPaths: readonly string[]) => Promise<boolean>;
  /** Searched before PATH for agent executables (tests). */
  agentSearchPaths?: readonly string[];
  /** Added to every agent process (tests strip credentials with it). */
  agentEnv?: Record<string, string | undefined>;
  /** How this shell signs in to GitHub (VS Code: its accounts; the CLI: GH_TOKEN). */
  github?: Omit<GitHubServiceOptions, 'log'>;
  /** How a task run's tick reaches tasks.md; VS Code passes one that edits the open document. */
  tasksFile?: TasksFilePort;
  /** Saves an exported operation where the user picks (VS Code); absent: the client gets the content. */
  saveExport?: (fileName: string, content: string) => Promise<string | undefined>;
  /** false: operations are not journaled to `.specwright/journal/` (nor loaded from it). */
  journal?: boolean;
  /** How hints name a setting in this shell: VS Code's setting names unless the shell says otherwise (the CLI: its flags). */
  settingHints?: SettingHints;
}

/**
 * The core, wired once for either shell (VS Code or the CLI): the operation bus, the agents,
 * document generation, and the hub every client talks to. It builds the parts and connects them;
 * what they do lives in them (the hub's request table in handlers/, the agents of the settings in
 * agents/configuredAgents.ts). Nothing here imports `vscode`.
 */
export class Specwright implements Disposable {
  readonly bus: OperationBus;
  readonly agents = new AgentRegistry();
  /** Questions agents ask the user, answered through the hub's `answerPermission`. */
  readonly permissions: PermissionBroker;
  readonly generation: GenerationService;
  /** Follow-up turns on a document, in the same agent session when the agent can continue it. */
  readonly refine: RefineService;
  /** Generate All: spec → plan → tasks as linked operations. */
  readonly chain: ChainService;
  /** Feature folders: create, status (Features view), checks, clarifications. */
  readonly features: FeatureService;
  /** Versions, semantic diffs, stale tasks and drift of a feature (History → Compare, checks). */
  readonly history: FeatureHistory;
  readonly hub: Hub;
  /** GitHub sign-in and use cases; the shells feed it the session, clients get status and results. */
  readonly github: GitHubService;
  /** Run Task, Run All Ready Tasks, Retry, Skip, Stop All and the task statuses (src/core/tasks). */
  readonly tasks: TaskRunService;
  /** Every operation and its events on disk (`.specwright/journal/`), loaded back on start. */
  readonly journal: Journal;
  /** Settles (with how many came back) once the journal's past operations are on the bus. */
  readonly historyLoaded: Promise<number>;
  private readonly taskWiring: TaskWiring;
  private readonly agentStatus = new AgentStatusBook(this.agents);
  private snapshotAfterDetection = false;
  private readonly versionStores = new Map<string, VersionStore>();
  private readonly rendered = new Map<string, number>();
  /** ACP agent processes waiting for the next refine turn of their session; ended on dispose. */
  private readonly keptSessions = new KeptAcpSessions();
  private readonly lineup: ConfiguredAgents;

  constructor(private readonly options: SpecwrightOptions) {
    this.bus = new OperationBus({ log: (m) => options.log('warn', m) });
    this.permissions = new PermissionBroker({ timeoutMs: () => (options.settings().permissionTimeoutSeconds ?? 300) * 1000 });
    this.lineup = new ConfiguredAgents(this.agents, this.agentStatus, {
      settings: options.settings,
      runtime: {
        broker: this.permissions,
        // Read per run: a policy change applies to the next run without rebuilding the agents.
        policy: () => options.settings().permissionPolicy ?? 'ask',
        fileSystem: options.fileSystem ?? nodeFileSystem,
        env: options.agentEnv,
        // Shared by every lineup: an agent process kept for its next refine turn outlives a settings change.
        kept: this.keptSessions,
      },
      extraPaths: options.agentSearchPaths,
      env: options.agentEnv,
      ...(options.settingHints ? { hints: options.settingHints } : {}),
    });
    this.lineup.configure();
    this.generation = new GenerationService({
      bus: this.bus,
      workspaceRootFor: (dir) => this.rootOf(dir),
      versionsFor: (root) => this.versionsOf(root),
      resolveAgent: (id) => this.lineup.resolve(id),
      isTrusted: options.isTrusted,
      timeoutMs: () => options.settings().timeoutMinutes * 60_000,
      ...(options.confirmOverwrite ? { confirmOverwrite: options.confirmOverwrite } : {}),
      log: (m) => options.log('warn', m),
      ...(options.settingHints ? { hints: options.settingHints } : {}),
    });
    // Runs a killed host left half done: the previous documents back before anything new starts.
    void this.generation.recoverInterrupted(options.roots());
    this.chain = new ChainService(this.generation);
    this.refine = new RefineService({ bus: this.bus, generation: this.generation, resolveAgent: (id) => this.lineup.resolve(id) });
    this.features = new FeatureService({
      roots: options.roots,
      rootOf: (dir) => this.rootOf(dir),
      versionsFor: (root) => this.versionsOf(root),
      operations: () => this.bus.list(),
    });
    this.history = new FeatureHistory({ rootOf: (dir) => this.rootOf(dir), versionsFor: (root) => this.versionsOf(root) });
    this.github = new GitHubService({ ...options.github, log: options.log });
    this.taskWiring = wireTasks({
      bus: this.bus, roots: options.roots, rootOf: (dir) => this.rootOf(dir), settings: options.settings, isTrusted: options.isTrusted,
      resolveAgent: (id) => this.lineup.resolve(id), log: (m) => options.log('warn', m), tasksFile: options.tasksFile, journal: options.journal,
      broadcast: (message) => this.hub.broadcast(message),
    });
    ({ tasks: this.tasks, journal: this.journal } = this.taskWiring);
    // Past operations come back from the journal: every client gets the longer list.
    this.historyLoaded = this.taskWiring.historyLoaded.then((restored) => {
      if (restored) this.broadcastSnapshot();
      return restored;
    });
    this.hub = new Hub({
      bus: this.bus,
      snapshot: () => this.snapshot(),
      handlers: this.handlers(),
      log: (m) => options.log('warn', m),
      onAck: (operationId, seq) => this.rendered.set(operationId, Math.max(seq, this.rendered.get(operationId) ?? 0)),
    });
    // Sign-in changes and GitHub progress go to every client as they happen (login and avatar only).
    this.github.onDidChange((status, activity) => this.hub.broadcast({ type: 'github', status, ...(activity ? { activity } : {}) }));
  }

  /** Settings, trust or folders changed: rebuild what depends on them and tell every client. */
  refresh(): void {
    this.lineup.configure();
    this.broadcastSnapshot();
  }

  private broadcastSnapshot(): void {
    // A snapshot detects every agent (a `--version` each): nobody to send it to, nothing to detect.
    // A CLI run would otherwise probe every CLI on the machine and wait for the slowest to exit.
    if (!this.hub.hasClients()) return;
    void this.snapshot().then(
      (snapshot) => this.hub.broadcast({ type: 'snapshot', snapshot }),
      (error: unknown) => this.options.log('error', `snapshot failed: ${String(error)}`),
    );
  }

  async listFeatures(): Promise<FeatureInfo[]> {
    const lists = await Promise.all(this.options.roots().map((root) => findFeatures(root).catch(() => [])));
    return lists.flat().map((f) => ({ path: f.path, name: f.name, hasSpec: f.hasSpec }));
  }

  /** Detects every agent afresh (and, with `probeSignIn`, asks them whether they are signed in). */
  async detectAgents(options: { probeSignIn?: boolean; signal?: AbortSignal } = {}): Promise<AgentInfo[]> {
    this.lineup.configure();
    return this.agentStatus.detectAll(options);
  }

  async snapshot(): Promise<Snapshot> {
    const [features, status, current] = await Promise.all([this.listFeatures(), this.agentStatus.forSnapshot(), this.features.current().catch(() => undefined)]);
    const agents = status.agents;
    if (!status.complete && !this.snapshotAfterDetection) {
      // Slow detections were listed as "checking": send everyone the real answer when it is in.
      this.snapshotAfterDetection = true;
      void status.settled.then(() => {
        this.snapshotAfterDetection = false;
        this.broadcastSnapshot();
      });
    }
    return {
      operations: this.bus.list(),
      features,
      agents,
      defaultAgent: this.options.settings().agent,
      trusted: this.options.isTrusted(),
      github: this.github.status(),
      // spec-kit's current feature (.specify/feature.json): the prompt box's default until the user picks one.
      ...(current !== undefined ? { selectedFeature: current } : {}),
    };
  }

  /** The version store of a document (spec.md, plan.md, …): the one of the workspace folder it is in. */
  versionsOfDocument(docPath: string): VersionStore {
    return this.versionsOf(this.rootOf(dirname(docPath)));
  }

  /** Highest event a client reported as rendered for an operation (0 when none). */
  renderedSeq(operationId: string): number {
    return this.rendered.get(operationId) ?? 0;
  }

  dispose(): void {
    this.taskWiring.dispose();
    this.chain.cancelAll();
    this.generation.cancelAll();
    this.github.dispose();
    this.hub.dispose();
    this.bus.dispose();
    void this.keptSessions.dispose();
  }

  /** The hub's request table: one table per method group (src/core/handlers/). */
  private handlers(): RequestHandlers {
    return {
      ...pipelineHandlers({
        generation: this.generation, chain: this.chain, features: this.features,
        listFeatures: () => this.listFeatures(), cancelTask: (id) => this.tasks.cancelOperation(id),
      }),
      ...agentHandlers({
        permissions: this.permissions,
        detectAgents: async (options) => {
          const agents = await this.detectAgents(options);
          this.broadcastSnapshot();
          return agents;
        },
        agentInfo: (id) => this.agentStatus.infoOf(id),
        ...(this.options.agentActions ? { agentActions: this.options.agentActions } : {}),
      }),
      ...runHandlers({
        tasks: this.tasks, bus: this.bus, readJournal: (id) => this.taskWiring.readJournal(id),
        ...(this.options.saveExport ? { saveExport: this.options.saveExport } : {}),
      }),
      ...githubHandlers({ github: this.github, defaultFolder: () => this.options.roots()[0] }),
      ...historyHandlers(this.history),
      ...refineHandlers(this.refine),
    };
  }

  private rootOf(featureDir: string): string {
    const inside = this.options.roots().filter((root) => {
      const rel = relative(root, featureDir);
      return !rel.startsWith('..') && !isAbsolute(rel);
    });
    if (inside.length) return inside.sort((a, b) => b.length - a.length)[0];
    // Outside every workspace folder (the CLI, or a folder picked by hand): the folder above specs/ or .kiro/specs/.
    return workspaceRootAbove(featureDir);
  }

  private versionsOf(root: string): VersionStore {
    let store = this.versionStores.get(root);
    if (!store) this.versionStores.set(root, (store = new VersionStore(root)));
    return store;
  }
}

export const createSpecwright = (options: SpecwrightOptions): Specwright => new Specwright(options);
