import { PROTOCOL_VERSION, type ClientMessage, type GenerateParams, type ServerMessage } from '../../src/protocol';
import type { ConnectionState, Transport, UiStorage } from '../transport/types';
import { fromPersisted, toPersisted, type ScrollState } from './persist';
import { initialState, isStreamMessage, reducer } from './reducer';
import { currentOperationId, isActive, resumePoints } from './selectors';
import type { Draft, StreamMessage, UiAction, UiState } from './types';

export interface StoreOptions {
  /** Name sent in `hello` (e.g. 'vscode-webview', 'browser'). */
  client: string;
  storage?: UiStorage;
  now?: () => number;
  newId?: () => string;
  /** Delay before writing the persisted state, so a burst of events is one write. */
  persistDelayMs?: number;
  /**
   * When received messages are applied. Without it each is applied as it arrives; the pages pass
   * a next-frame scheduler, so a burst (a replay of thousands of events) becomes one state change
   * and one render.
   */
  schedule?: (drain: () => void) => void;
}

type Listener = (state: UiState) => void;

/**
 * Holds the UI state and speaks the protocol: hello on connect (resuming what the saved state
 * holds), subscribes to the operation being shown, sends requests, persists what must survive a
 * reload. No DOM here, so it runs under plain Node in the tests.
 */
export class Store {
  private state: UiState = initialState;
  private readonly listeners = new Set<Listener>();
  private readonly disposers: (() => void)[] = [];
  /** Operations this connection already asked the host to stream to us. */
  private subscribed = new Set<string>();
  private scroll: ScrollState | undefined;
  private readonly acked = new Map<string, number>();
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  /** Received and not yet applied (only with `schedule`). */
  private inbox: ServerMessage[] = [];
  private drainScheduled = false;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly transport: Transport, private readonly options: StoreOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** Restores the saved state, starts listening and says hello if the transport is already up. */
  start(): void {
    const restored = fromPersisted(this.options.storage?.load());
    if (restored) {
      this.scroll = restored.scroll;
      this.dispatch({ type: 'restore', state: restored.state });
    }
    this.disposers.push(
      this.transport.onMessage((msg) => this.receive(msg)),
      this.transport.onState((state) => this.connectionChanged(state)),
    );
    this.connectionChanged(this.transport.state);
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.drain();
    this.flush();
    this.listeners.clear();
  }

  getState(): UiState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Scroll position saved with the rest of the UI state (not part of the rendered state). */
  get savedScroll(): ScrollState | undefined {
    return this.scroll;
  }

  setScroll(scroll: ScrollState): void {
    this.scroll = scroll;
    this.schedulePersist();
  }

  select(operationId: string | undefined): void {
    this.dispatch({ type: 'select', operationId });
    this.ensureSubscribed(currentOperationId(this.state));
  }

  setDraft(patch: Partial<Draft>): void {
    const featureChanged = patch.feature !== undefined && patch.feature !== this.state.draft.feature;
    this.dispatch({ type: 'draft', patch });
    if (featureChanged) this.send({ type: 'selectFeature', feature: patch.feature });
  }

  dismissError(): void {
    this.dispatch({ type: 'dismissError' });
  }

  generate(params: GenerateParams): string {
    return this.request('generate', params);
  }

  cancel(operationId: string): string {
    return this.request('cancel', { operationId });
  }

  answerPermission(operationId: string, permissionId: string, optionId: string): string {
    return this.request('answerPermission', { operationId, permissionId, optionId });
  }

  /** Reports that the view rendered an operation up to `seq` (sent only when it advances). */
  ack(operationId: string, seq: number): void {
    if ((this.acked.get(operationId) ?? 0) >= seq) return;
    this.acked.set(operationId, seq);
    this.send({ type: 'ack', operationId, seq });
  }

  /** Sends a request; its response lands in the state (pending until then, `requestError` on failure). */
  request(method: string, params: unknown): string {
    const id = this.newId();
    this.dispatch({ type: 'requestSent', request: { id, method, params, sentAt: this.now() } });
    this.send({ type: 'request', id, method, params });
    return id;
  }

  private send(msg: ClientMessage): void {
    // What the user asked for (a request, a feature pick) waits in the transport's offline queue
    // and goes out after the next hello; acks and subscriptions are rebuilt by that hello's resume.
    if (this.transport.state !== 'connected' && msg.type !== 'request' && msg.type !== 'selectFeature') return;
    this.transport.send(msg);
  }

  private connectionChanged(connection: ConnectionState): void {
    // What already arrived counts for the resume points of the next hello.
    this.drain();
    this.dispatch({ type: 'connection', state: connection });
    if (connection !== 'connected') return;
    const resume = resumePoints(this.state);
    this.subscribed = new Set(resume.map((r) => r.operationId));
    this.acked.clear();
    this.transport.send({ type: 'hello', protocol: PROTOCOL_VERSION, client: this.options.client, resume });
  }

  private receive(message: ServerMessage): void {
    this.inbox.push(message);
    const schedule = this.options.schedule;
    if (!schedule) {
      this.drain();
      return;
    }
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    schedule(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Applies what arrived, in order: runs of events as one batch each; listeners hear once. */
  private drain(): void {
    if (this.inbox.length === 0) return;
    const messages = this.inbox;
    this.inbox = [];
    const start = this.state;
    let run: StreamMessage[] = [];
    for (const message of messages) {
      if (isStreamMessage(message)) {
        run.push(message);
        continue;
      }
      if (run.length > 0) this.state = reducer(this.state, { type: 'stream', messages: run });
      run = [];
      this.handle(message);
    }
    if (run.length > 0) this.state = reducer(this.state, { type: 'stream', messages: run });
    this.changed(start);
  }

  /** One message that is not an event: the state, then what it asks of this connection. */
  private handle(message: ServerMessage): void {
    const before = this.state;
    this.state = reducer(this.state, { type: 'server', message, now: this.now() });
    switch (message.type) {
      case 'welcome':
      case 'snapshot':
        this.ensureSubscribed(currentOperationId(this.state));
        break;
      case 'operation':
        // Runs that start while we watch stream live; finished ones replay when picked.
        if (!before.operations[message.summary.id] && isActive(message.summary.status)) this.ensureSubscribed(message.summary.id);
        else if (currentOperationId(this.state) === message.summary.id) this.ensureSubscribed(message.summary.id);
        break;
      case 'response':
        this.ensureSubscribed(currentOperationId(this.state));
        break;
      default:
        break;
    }
  }

  private ensureSubscribed(operationId: string | undefined): void {
    if (operationId === undefined || this.subscribed.has(operationId) || !this.state.welcomed) return;
    if (this.transport.state !== 'connected') return;
    this.subscribed.add(operationId);
    this.transport.send({ type: 'subscribe', operationId, afterSeq: this.state.timelines[operationId]?.lastSeq ?? 0 });
  }

  private dispatch(action: UiAction): void {
    const before = this.state;
    this.state = reducer(before, action);
    this.changed(before, action.type !== 'connection');
  }

  /** Tells the listeners once about whatever changed since `before`. */
  private changed(before: UiState, persist = true): void {
    const next = this.state;
    if (next === before) return;
    if (persist) this.schedulePersist();
    for (const listener of this.listeners) listener(next);
  }

  private schedulePersist(): void {
    if (!this.options.storage || this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(() => this.flush(), this.options.persistDelayMs ?? 500);
  }

  /** Writes the persisted state now (also called on dispose and when the page is hidden). */
  flush(): void {
    if (this.persistTimer !== undefined) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.options.storage?.save(toPersisted(this.state, this.scroll));
  }
}
