import assert from 'node:assert/strict';
import { mock } from 'node:test';
import type { AgentEvent, OperationSummary, ServerMessage, Snapshot } from '../../src/protocol';
import { FakeTransport } from '../fixtures/webview/fakeTransport';
import { installDom } from './dom';

type Preact = typeof import('preact');
type TestUtils = typeof import('preact/test-utils');
type View = typeof import('../../webview/views/ConversationView');
type Hooks = typeof import('../../webview/hooks');
type State = typeof import('../../webview/state');

const FEATURE = '/ws/specs/001-albums';
const op = (id: string, patch: Partial<OperationSummary> = {}): OperationSummary => ({
  id, kind: 'spec', feature: FEATURE, featureName: '001-albums', agent: 'scaffold', status: 'succeeded',
  createdAt: 1000, startedAt: 1000, endedAt: 2000, lastSeq: 0, document: `${FEATURE}/spec.md`, ...patch,
});
const snapshot = (operations: OperationSummary[]): Snapshot => ({
  operations,
  features: [{ path: FEATURE, name: '001-albums', hasSpec: true }],
  agents: [{ id: 'scaffold', label: 'Offline scaffold', available: true }],
  defaultAgent: 'scaffold',
  trusted: true,
});
const ev = (operationId: string, seq: number, event: AgentEvent): ServerMessage => ({ type: 'event', operationId, seq, at: 2000 + seq, event });

/** A thread of three turns: the generation, a follow-up in the same session, one in a new session. */
const THREAD = [
  op('op1', { createdAt: 1, prompt: 'Users organise photos into albums' }),
  op('op2', { createdAt: 2, prompt: 'Make the stories smaller', parentOperationId: 'op1', refine: { turn: 2, resumed: true } }),
  op('op3', { createdAt: 3, prompt: 'Add an offline requirement', parentOperationId: 'op1', refine: { turn: 3, resumed: false } }),
];

/** Issue 15.1: the Conversation view's refine thread, rendered in a DOM (happy-dom) with the real store. */
describe('Conversation view: the refine thread (rendered)', function () {
  let uninstall: () => void;
  let preact: Preact;
  let utils: TestUtils;
  let view: View;
  let hooks: Hooks;
  let state: State;
  let container: HTMLElement;
  let transport: FakeTransport;
  let store: InstanceType<State['Store']>;

  before(() => {
    uninstall = installDom();
    // Loaded only now, with require: the components need the DOM (and their .tsx and CSS imports
    // the loaders) that a static import would not have yet; and the DOM is gone for the other tests.
    /* eslint-disable @typescript-eslint/no-require-imports */
    preact = require('preact') as Preact;
    utils = require('preact/test-utils') as TestUtils;
    view = require('../../webview/views/ConversationView') as View;
    hooks = require('../../webview/hooks') as Hooks;
    state = require('../../webview/state') as State;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  after(() => uninstall());

  beforeEach(() => {
    container = document.createElement('div');
    document.body.appendChild(container);
    transport = new FakeTransport();
    let n = 0;
    store = new state.Store(transport, { client: 'browser', newId: () => `r${++n}` });
    store.start();
  });
  afterEach(() => {
    utils.act(() => preact.render(null, container));
    container.remove();
    mock.timers.reset();
  });

  function show(operations: OperationSummary[], selected?: string): void {
    const { h } = preact;
    function Shown() {
      const ui = hooks.useStoreState(store);
      return h(view.ConversationView, { state: ui, store });
    }
    utils.act(() => {
      transport.deliver({ type: 'welcome', clientId: 'c1', protocol: 1, snapshot: snapshot(operations) });
      if (selected) store.select(selected);
      preact.render(h(Shown, {}), container);
    });
  }
  const turns = (): string[] => [...container.querySelectorAll('.refine-thread .refine-turn-button')].map((b) =>
    [b.querySelector('.refine-turn-number'), b.querySelector('.refine-turn-words'), b.querySelector('.refine-turn-how')].map((e) => e?.textContent?.trim()).join(' | '));
  const current = (): string | undefined => container.querySelector('.refine-turn-button[aria-current="true"] .refine-turn-words')?.textContent?.trim();
  const refineBox = (): Element | null => container.querySelector('.refine-box');
  const working = (): boolean => container.querySelector('.working-indicator')?.textContent?.includes('working…') === true;
  const refineRequests = () => transport.sent.filter((m) => m.type === 'request' && m.method === 'refine');

  it('lists the turns in thread order with their words and how each continued, the shown one current', () => {
    // The host sends operations in any order: the thread is in the order the turns were made.
    show([THREAD[2], THREAD[0], THREAD[1]], 'op2');
    assert.deepEqual(turns(), [
      '1 | Users organise photos into albums | generation',
      '2 | Make the stories smaller | same session',
      '3 | Add an offline requirement | new session',
    ]);
    assert.equal(current(), 'Make the stories smaller');
    assert.equal(container.querySelector('.refine-thread')?.getAttribute('aria-label'), 'Thread of 3 turns');
    // Picking a turn shows its conversation; the list stays the thread's.
    utils.act(() => (container.querySelectorAll('.refine-turn-button')[0] as HTMLElement).click());
    assert.equal(current(), 'Users organise photos into albums');
    assert.equal(turns().length, 3);
  });

  it('shows no thread for a generation that was never refined', () => {
    show([THREAD[0]], 'op1');
    assert.equal(container.querySelector('.refine-thread'), null);
  });

  it('offers the Refine prompt under a finished run, after its conversation, and not under a running one', () => {
    show([THREAD[0], op('op3', { ...THREAD[2], status: 'running', endedAt: undefined })], 'op3');
    assert.equal(refineBox(), null, 'no Refine box while the turn runs');
    utils.act(() => store.select('op1'));
    const box = refineBox();
    assert.ok(box, 'a Refine box under the finished run');
    assert.equal(box.getAttribute('aria-label'), 'Refine spec.md');
    const list = container.querySelector('.event-list');
    assert.ok(list, 'the conversation is shown');
    assert.ok(list.compareDocumentPosition(box) & 4, 'the box comes after the conversation');
    // The running turn finishes: its own Refine box appears.
    utils.act(() => {
      store.select('op3');
      transport.deliver({ type: 'operation', summary: op('op3', { ...THREAD[2], status: 'succeeded' }) });
    });
    assert.ok(refineBox(), 'finished now: Refine offered');
  });

  it('Ctrl+Enter sends the follow-up; Enter and Shift+Enter do not (they are new lines of the text)', () => {
    show(THREAD, 'op3');
    const input = container.querySelector('.refine-box .refine-input') as HTMLElement & { value: string };
    assert.ok(input);
    utils.act(() => {
      input.value = 'Split story 2\ninto two';
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    });
    const press = (init: KeyboardEventInit) => utils.act(() => { input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init })); });
    press({});
    press({ shiftKey: true });
    assert.equal(refineRequests().length, 0, 'Enter and Shift+Enter send nothing');
    press({ ctrlKey: true });
    assert.deepEqual(refineRequests().map((m) => m.type === 'request' && m.params), [{ feature: FEATURE, doc: 'spec', prompt: 'Split story 2\ninto two', operationId: 'op3' }]);
    press({ metaKey: true });
    assert.equal(refineRequests().length, 1, 'the box was emptied: nothing more to send');
  });

  it('says "working…" once the running agent has been silent for more than a second, and not while it talks', () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 10_000 });
    show([THREAD[0], op('op3', { ...THREAD[2], status: 'running', endedAt: undefined })], 'op3');
    const tick = (ms: number) => utils.act(() => mock.timers.tick(ms));
    assert.equal(working(), false);
    tick(750);
    assert.equal(working(), false, 'silent for 0.75 s: nothing said yet');
    tick(500);
    assert.equal(working(), true, 'silent for 1.25 s: working…');
    utils.act(() => transport.deliver(ev('op3', 1, { kind: 'message', text: 'Splitting the stories', stream: 'm' })));
    tick(250);
    assert.equal(working(), false, 'the agent spoke: the indicator goes');
    tick(1000);
    assert.equal(working(), true, 'silent again for over a second');
    utils.act(() => transport.deliver({ type: 'operation', summary: op('op3', { ...THREAD[2], status: 'succeeded' }) }));
    tick(2000);
    assert.equal(working(), false, 'a finished run is not working');
  });
});
