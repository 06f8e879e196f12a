import type { RunSpec } from '../runner/types';
import { CliAgent, type RunProcess } from './cliAgent';
import type { AgentSession } from '../../protocol';
import { sameWay, type Agent, type AgentDetection, type AgentOutcome, type AgentRequest, type AgentRunContext, type OutputParser, type RunReport } from '../ports/agent';

export interface CliAdapterOptions {
  id: string;
  label: string;
  detect: (signal?: AbortSignal) => Promise<AgentDetection>;
  invocation: (request: AgentRequest, detection: AgentDetection) => Omit<RunSpec, 'onLine' | 'signal'>;
  /** A fresh parser per run; `report` puts model, usage and stop reason on the operation. */
  createParser: (report: (facts: RunReport) => void) => OutputParser;
  installHint?: string;
  runProcess?: RunProcess;
  /** The `via` of sessions its invocation can resume (it then reads `request.resume`). */
  resumeVia?: string;
}

/**
 * A CLI agent whose parser also reports facts about the run. The generic CliAgent does the
 * running; this only gives each run a parser wired to that run's `report`, and keeps the last
 * successful detection so a run does not pay for `--version` again.
 */
export class CliAdapterAgent implements Agent {
  readonly id: string;
  readonly label: string;
  private lastDetection: AgentDetection | undefined;

  constructor(private readonly options: CliAdapterOptions) {
    this.id = options.id;
    this.label = options.label;
  }

  async detect(signal?: AbortSignal): Promise<AgentDetection> {
    this.lastDetection = await this.options.detect(signal);
    return this.lastDetection;
  }

  resumes(session: AgentSession): Promise<boolean> {
    return Promise.resolve(this.options.resumeVia !== undefined && sameWay(this.id, this.options.resumeVia, session));
  }

  run(request: AgentRequest, ctx: AgentRunContext): Promise<AgentOutcome> {
    const { options } = this;
    const cli = new CliAgent({
      id: this.id,
      label: this.label,
      detect: (signal) => (this.lastDetection?.available ? Promise.resolve(this.lastDetection) : this.detect(signal)),
      spec: { invocation: options.invocation, createParser: () => options.createParser((facts) => ctx.report?.(facts)) },
      runProcess: options.runProcess,
      installHint: options.installHint,
    });
    return cli.run(request, ctx);
  }
}
