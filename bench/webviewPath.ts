import { performance } from 'node:perf_hooks';
import { Hub, type RequestHandlers } from '../src/core/hub/hub';
import { MessageBatcher } from '../src/core/hub/messageBatcher';
import { ListenerTransport } from '../src/core/hub/transport';
import { OperationBus } from '../src/core/operations/bus';
import { PROTOCOL_VERSION, type ServerMessage } from '../src/protocol';
import { quantile } from './stats';

export interface WebviewPathResult {
  rate: number;
  seconds: number;
  events: number;
  posts: number;
  /** Host CPU (user + system) over the run, in cores. */
  hostCpu: number;
  /** Publish → the post that carries the event. */
  p99: number;
}

/**
 * The host's half of the VS Code webview path at a steady rate: bus → hub → the webview
 * transport's MessageBatcher → a post serialised as VS Code serialises webview messages (JSON).
 * The webview's own half needs a real VS Code (the integration host) and is not measured here.
 */
export async function webviewPath(rate: number, seconds: number): Promise<WebviewPathResult> {
  const bus = new OperationBus({ maxEventsPerOperation: 1_000 });
  const hub = new Hub({ bus, handlers: {} as RequestHandlers, snapshot: () => ({ operations: bus.list(), features: [], agents: [], defaultAgent: 'scaffold', trusted: true }) });
  const sentAt: number[] = [];
  const latencies: number[] = [];
  let posts = 0;
  let bytes = 0;
  class WebviewLike extends ListenerTransport {
    private readonly batcher = new MessageBatcher((batch) => {
      posts += 1;
      bytes += JSON.stringify(batch).length;
      const now = performance.now();
      for (const m of Array.isArray(batch) ? batch : [batch]) if (m.type === 'event') latencies.push(now - sentAt[m.seq]);
    });
    send(msg: ServerMessage): void { this.batcher.send(msg); }
  }
  const op = bus.create({ kind: 'spec', feature: '/bench/specs/001-bench', featureName: '001-bench', agent: 'bench' });
  bus.setStatus(op.id, 'running');
  const page = new WebviewLike();
  hub.connect(page);
  page.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'bench', resume: [{ operationId: op.id, afterSeq: 0 }] });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const total = Math.round(rate * seconds);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let published = 0;
  while (published < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; published < due; ) {
      published += 1;
      sentAt[published] = performance.now();
      bus.publish(op.id, { kind: 'info', text: `event ${published} ${'x'.repeat(100)}` });
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await new Promise((resolve) => setImmediate(resolve));
  const cpu = process.cpuUsage(cpuStart);
  const elapsed = (performance.now() - start) / 1000;
  hub.dispose();
  bus.dispose();
  void bytes;
  return { rate, seconds, events: latencies.length, posts, hostCpu: (cpu.user + cpu.system) / 1e6 / elapsed, p99: quantile(latencies, 0.99) };
}
