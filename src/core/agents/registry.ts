import type { Agent, AgentDetection } from '../ports/agent';

const COPILOT = 'copilot';
const SCAFFOLD = 'scaffold';

/**
 * The agents this host can run, by id, with their last detection. Agent instances come from the
 * composition root, so the registry knows no concrete agent (the offline scaffold included).
 */
export class AgentRegistry {
  private readonly agents = new Map<string, Agent>();
  private readonly detections = new Map<string, Promise<AgentDetection>>();

  constructor(agents: Iterable<Agent> = []) {
    for (const agent of agents) this.register(agent);
  }

  /** Replaces an agent with the same id (settings changed), forgetting its old detection. */
  register(agent: Agent): void {
    this.agents.set(agent.id, agent);
    this.detections.delete(agent.id);
  }

  get(id: string): Agent | undefined {
    return this.agents.get(id);
  }

  list(): Agent[] {
    return [...this.agents.values()];
  }

  /** Detects every agent afresh, in parallel; one failing detection never hides the others. */
  async detectAll(signal?: AbortSignal): Promise<AgentDetection[]> {
    for (const id of this.agents.keys()) this.detections.delete(id);
    return Promise.all(this.list().map((agent) => this.detection(agent.id, signal)));
  }

  /** The cached detection of one agent, running it the first time it is asked for. */
  async detection(id: string, signal?: AbortSignal): Promise<AgentDetection> {
    const agent = this.agents.get(id);
    if (!agent) return { id, available: false, hint: `No agent named "${id}".` };
    let pending = this.detections.get(id);
    if (!pending) {
      const started: Promise<AgentDetection> = safeDetect(agent, signal).then((detection) => {
        // An aborted detection says nothing about the agent: ask again next time.
        if (signal?.aborted && this.detections.get(id) === started) this.detections.delete(id);
        return detection;
      });
      pending = started;
      this.detections.set(id, pending);
    }
    return pending;
  }

  /**
   * `preferred` when it is available, else Copilot when it is available, else the offline
   * scaffold (always usable). 'auto' or an empty preference goes straight to Copilot.
   */
  async pickDefault(preferred?: string, signal?: AbortSignal): Promise<Agent | undefined> {
    const order = [preferred, COPILOT].filter((id): id is string => !!id && id !== 'auto');
    for (const id of order) {
      const agent = this.agents.get(id);
      if (agent && (await this.detection(id, signal)).available) return agent;
    }
    return this.agents.get(SCAFFOLD);
  }
}

async function safeDetect(agent: Agent, signal?: AbortSignal): Promise<AgentDetection> {
  try {
    return await agent.detect(signal);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: agent.id, available: false, hint: `Detection failed: ${message}` };
  }
}
