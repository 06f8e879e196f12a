import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorText, isAuthRequired } from './acpErrors';
import { AgentProcess, type AgentProcessSpec } from './agentProcess';
import { loadAcp } from './sdk';

export interface AcpProbeResult {
  /** The ACP handshake (`initialize`) succeeded. */
  initialized: boolean;
  agentName?: string;
  agentVersion?: string;
  authMethods?: string[];
  /** From `session/new`: true when it worked, false on "authentication required", else unknown. */
  signedIn?: boolean;
  /** Why the probe could not tell. */
  error?: string;
}

const UNREACHABLE = /could not be validated|network|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|proxy/i;

export interface AcpProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  killGraceMs?: number;
}

/**
 * Asks an ACP agent whether it could work: `initialize`, then `session/new` in an empty
 * scratch folder (no project files are read, nothing is prompted, no tokens are spent). An
 * agent without credentials answers -32000 there, which is the cheap "not signed in" signal.
 */
export async function probeAcpAgent(spec: Omit<AgentProcessSpec, 'cwd'>, options: AcpProbeOptions = {}): Promise<AcpProbeResult> {
  const acp = await loadAcp();
  const scratch = await mkdtemp(path.join(tmpdir(), 'specwright-probe-'));
  const proc = new AgentProcess({ ...spec, cwd: scratch }, () => undefined);
  const result: AcpProbeResult = { initialized: false };
  const app = acp.client({ name: 'specwright-probe' })
    // A probe never grants anything.
    .onRequest(acp.methods.client.session.requestPermission, () => ({ outcome: { outcome: 'cancelled' as const } }));
  try {
    const work = app.connectWith(acp.ndJsonStream(proc.input, proc.output), async (conn) => {
      const init = await conn.request(acp.methods.agent.initialize, {
        protocolVersion: acp.PROTOCOL_VERSION,
        clientCapabilities: { fs: { readTextFile: true, writeTextFile: true } },
        clientInfo: { name: 'specwright', version: '0.1.0' },
      });
      result.initialized = true;
      result.agentName = init.agentInfo?.title ?? init.agentInfo?.name;
      result.agentVersion = init.agentInfo?.version;
      result.authMethods = init.authMethods?.map((m) => m.id);
      try {
        await conn.request(acp.methods.agent.session.new, { cwd: scratch, mcpServers: [] });
        result.signedIn = true;
      } catch (error) {
        // "Token found but could not be validated" (offline, a proxy) is not "signed out".
        if (isAuthRequired(error) && !UNREACHABLE.test(errorText(error))) result.signedIn = false;
        else result.error = errorText(error);
      }
    });
    const limit = options.timeoutMs ?? 30_000;
    // Its own signal, so the timer does not keep the process alive once the probe is over.
    const timer = new AbortController();
    const stopTimer = () => timer.abort();
    options.signal?.addEventListener('abort', stopTimer, { once: true });
    const outcome = await Promise.race([
      work.then(() => 'done' as const, (error: unknown) => { result.error = errorText(error); return 'done' as const; }),
      proc.exited.then(async (exit) => {
        await sleep(100);
        return exit.spawnError ? `could not start: ${exit.spawnError.message}` : `exited (${exit.code ?? exit.signal})`;
      }),
      sleep(limit, undefined, { signal: timer.signal }).then(() => `no answer within ${Math.round(limit / 1000)} s`, () => 'cancelled'),
    ]).finally(() => {
      timer.abort();
      options.signal?.removeEventListener('abort', stopTimer);
    });
    if (outcome !== 'done' && result.signedIn === undefined) result.error ??= `${outcome}${tail(proc)}`;
    return result;
  } finally {
    await proc.stop(options.killGraceMs ?? 1000);
    await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  }
}

function tail(proc: AgentProcess): string {
  const lines = proc.stderrTail().map((l) => l.trim()).filter(Boolean).slice(-1);
  return lines.length ? `: ${lines[0]}` : '';
}
