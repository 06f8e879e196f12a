import type { AgentInfo } from '../../protocol';
import { canProbeSignIn } from './detection';
import type { AgentRegistry } from './registry';
import type { Agent, AgentDetection } from '../ports/agent';

/** How long a snapshot waits for detections before it lists the slow ones as "checking". */
const SNAPSHOT_WAIT_MS = 2500;

/**
 * What the UI shows about each agent: its detection plus what sign-in probes learned. Probes
 * start agents, so they run only when asked (the Agents section's refresh, `specwright agents`),
 * and their answers are kept until the agents are rebuilt.
 */
export class AgentStatusBook {
  /** What probes (or runs) said: signed in or not, and how to sign in when not. */
  private readonly signedIn = new Map<string, { signedIn: boolean; hint?: string }>();

  constructor(private readonly registry: AgentRegistry) {}

  /** Settings changed and agents were rebuilt: what was learned about the old ones is stale. */
  forget(): void {
    this.signedIn.clear();
  }

  /**
   * Every agent's status for a snapshot, waiting for detections up to a limit; `complete` is
   * false when some were still running (the caller sends a fresh snapshot once `settled` resolves).
   */
  async forSnapshot(waitMs = SNAPSHOT_WAIT_MS): Promise<{ agents: AgentInfo[]; complete: boolean; settled: Promise<void> }> {
    const agents = this.registry.list();
    const ready: (AgentInfo | undefined)[] = agents.map(() => undefined);
    const pending = agents.map((agent, i) => this.registry.detection(agent.id).then((d) => { ready[i] = this.info(agent, d); }));
    const settled = Promise.allSettled(pending).then(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), waitMs); });
    const done = await Promise.race([settled.then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    const infos = agents.map((agent, i) => ready[i] ?? { id: agent.id, label: agent.label, available: false, hint: 'Checking whether it is installed…' });
    return { agents: infos, complete: done === 'done', settled };
  }

  /** Detects every agent afresh; with `probeSignIn`, also asks the installed ones whether they are signed in. */
  async detectAll(options: { probeSignIn?: boolean; signal?: AbortSignal } = {}): Promise<AgentInfo[]> {
    const detections = await this.registry.detectAll(options.signal);
    const agents = this.registry.list();
    if (options.probeSignIn) {
      await Promise.all(agents.map(async (agent, i) => {
        if (!detections[i]?.available || !canProbeSignIn(agent)) return;
        const status = await agent.probeSignIn(options.signal).catch(() => ({ signedIn: undefined }));
        if (status.signedIn === undefined) this.signedIn.delete(agent.id);
        else this.signedIn.set(agent.id, { signedIn: status.signedIn, ...(status.signedIn ? {} : { hint: status.detail }) });
      }));
    }
    return agents.map((agent, i) => this.info(agent, detections[i]));
  }

  /** One agent's status, waiting for its detection. */
  async infoOf(agentId: string): Promise<AgentInfo | undefined> {
    const agent = this.registry.get(agentId);
    return agent && this.info(agent, await this.registry.detection(agentId));
  }

  /** A run said the agent has no credentials (or proved it has): the UI should know too. */
  learned(agentId: string, signedIn: boolean, hint?: string): void {
    this.signedIn.set(agentId, { signedIn, ...(hint ? { hint } : {}) });
  }

  private info(agent: Agent, d: AgentDetection): AgentInfo {
    const learned = this.signedIn.get(agent.id);
    const signedIn = learned?.signedIn ?? d.signedIn;
    const hint = d.hint ?? learned?.hint;
    return {
      id: agent.id,
      label: agent.label,
      available: d.available,
      ...(d.version ? { version: d.version } : {}),
      ...(hint ? { hint } : {}),
      ...(d.path ? { path: d.path } : {}),
      ...(signedIn !== undefined ? { signedIn } : {}),
      ...(d.installCommand ? { installCommand: d.installCommand } : {}),
      ...(d.loginCommand ? { loginCommand: d.loginCommand } : {}),
      ...(d.protocol ? { protocol: d.protocol } : {}),
    };
  }
}
