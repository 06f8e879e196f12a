import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import type { TimelineItem } from '../state';
import { Icon } from './Icon';
import { Markdown } from './Markdown';
import { plural, toolStatusLook } from './status';

type Item<T extends TimelineItem['type']> = Extract<TimelineItem, { type: T }>;

export interface RowContext {
  /** The operation is still running (tools can spin, permissions can be answered). */
  active: boolean;
  onAnswer: (permissionId: string, optionId: string) => void;
  /** What the user did to rows, kept by the list for as long as it shows the operation. */
  memory: RowMemory;
}

/**
 * The list renders only the rows in view, so a row is rebuilt when it scrolls back in; this keeps
 * what the user did to it: the <details> they opened, the answer they clicked (until the host's
 * `permissionResolved` settles the question for every client).
 */
export interface RowMemory {
  open: Set<string>;
  answers: Map<string, string>;
}

export const newRowMemory = (): RowMemory => ({ open: new Set(), answers: new Map() });

/** `open` and `onToggle` of a <details> whose state outlives its element. */
function remembered(memory: RowMemory, key: string) {
  return {
    open: memory.open.has(key),
    onToggle: (event: Event) => {
      if ((event.currentTarget as HTMLDetailsElement).open) memory.open.add(key);
      else memory.open.delete(key);
    },
  };
}

const preview = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
};

function Thinking({ item, active, last, memory }: { item: Item<'thinking'>; active: boolean; last: boolean; memory: RowMemory }) {
  // Collapsed by default: the reasoning is there for whoever wants it, the answer is what matters.
  return (
    <details class="row thinking" {...remembered(memory, item.key)}>
      <summary>
        <Icon name="lightbulb" />
        <span>{active && last ? 'Thinking…' : 'Thought'}</span>
        <span class="summary-hint thinking-preview">{preview(item.text)}</span>
      </summary>
      <Markdown class="thinking-body" text={item.text} />
    </details>
  );
}

function Tool({ item, active, memory }: { item: Item<'tool'>; active: boolean; memory: RowMemory }) {
  const interrupted = !active && !item.ended && (item.status === 'running' || item.status === 'pending');
  const look = toolStatusLook[interrupted ? 'interrupted' : item.status];
  const title = item.title ?? item.id;
  const detail = item.detail?.trim();
  const short = detail && !detail.includes('\n') && detail.length <= 80;
  const running = active && !item.ended;
  return (
    <div class="row tool">
      <div class="tool-line">
        <Icon name={look.icon} spin={look.spin} label={look.label} class={`tone-${look.tone}`} />
        <span class="tool-title">{title}</span>
        {short && <span class="tool-detail-inline">{detail}</span>}
      </div>
      {detail && !short && (
        <details class="tool-detail" {...remembered(memory, item.key)}>
          <summary>Details</summary>
          <pre>{detail}</pre>
        </details>
      )}
      {item.output && (
        // Live output (a shell command's) streams in open; once the step ends it folds away unless opened.
        <details class="tool-detail tool-output" open={running || memory.open.has(`${item.key}:output`)} onToggle={remembered(memory, `${item.key}:output`).onToggle}>
          <summary>{running ? 'Output (live)' : 'Output'}</summary>
          <pre aria-live={running ? 'polite' : undefined}>{item.output}</pre>
        </details>
      )}
    </div>
  );
}

const planIcon = { pending: 'circle-large-outline', in_progress: 'arrow-circle-right', completed: 'pass-filled' } as const;
const planLabel = { pending: 'To do', in_progress: 'In progress', completed: 'Done' } as const;

function Plan({ item }: { item: Item<'plan'> }) {
  const done = item.entries.filter((e) => e.status === 'completed').length;
  return (
    <div class="row plan">
      <div class="row-heading">
        <Icon name="checklist" /> Plan <span class="summary-hint">{`${done}/${item.entries.length}`}</span>
      </div>
      <ul>
        {item.entries.map((entry, i) => (
          <li key={i} class={`plan-${entry.status}`}>
            <Icon name={planIcon[entry.status]} label={planLabel[entry.status]} />
            <span>{entry.content}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Permission({ item, active, onAnswer, memory }: { item: Item<'permission'> } & RowContext) {
  const [answered, setAnswered] = useState(memory.answers.get(item.key));
  const chosen = item.options.find((o) => o.id === answered);
  const settled = resolvedText(item) ?? (chosen ? `Answered: ${chosen.label}` : undefined);
  return (
    <div class="row permission">
      <div class="row-heading">
        <Icon name="question" /> <span>{item.question}</span>
      </div>
      {settled ? (
        <p class="muted">{settled}</p>
      ) : (
        <div class="permission-options">
          {item.options.map((option) => (
            <vscode-button
              key={option.id}
              secondary
              disabled={!active}
              onClick={() => {
                setAnswered(option.id);
                memory.answers.set(item.key, option.id);
                onAnswer(item.id, option.id);
              }}
            >
              {option.label}
            </vscode-button>
          ))}
        </div>
      )}
    </div>
  );
}

/** How the host says the question ended; any client may have answered it. */
function resolvedText(item: Item<'permission'>): string | undefined {
  const r = item.resolved;
  if (!r) return undefined;
  if (r.outcome === 'cancelled') return 'No longer asked: the run ended.';
  const label = r.label ?? r.optionId ?? '';
  return r.outcome === 'timedOut' ? `No answer in time: ${label}` : `Answered: ${label}`;
}

function Logs({ item, memory }: { item: Item<'logs'>; memory: RowMemory }) {
  const worst = item.lines.some((l) => l.level === 'error') ? 'error' : item.lines.some((l) => l.level === 'warn') ? 'warning' : 'output';
  return (
    <details class="row logs" {...remembered(memory, item.key)}>
      <summary>
        <Icon name={worst} />
        <span>{plural(item.lines.length, 'log line')}</span>
      </summary>
      <pre>
        {item.lines.map((line) => (
          <div key={line.seq} class={line.level ? `log-${line.level}` : undefined}>
            {line.text}
          </div>
        ))}
      </pre>
    </details>
  );
}

function ErrorRow({ item }: { item: Item<'error'> }) {
  return (
    <div class="row error-row">
      <div class="row-heading">
        <Icon name="error" class="tone-bad" />
        <span class="error-message">{item.message}</span>
        {item.code && <code class="error-code">{item.code}</code>}
      </div>
      {item.hint && (
        <p class="error-hint">
          <Icon name="lightbulb" /> {item.hint}
        </p>
      )}
    </div>
  );
}

function Complete({ item }: { item: Item<'complete'> }) {
  return (
    <div class="row complete">
      <Icon name="pass" class="tone-ok" />
      <span>
        {item.summary ?? 'The agent finished.'}
        {item.stopReason && <span class="summary-hint">{` (${item.stopReason})`}</span>}
      </span>
    </div>
  );
}

interface RowProps extends RowContext {
  item: TimelineItem;
  /** The newest row (a thinking block there may still be growing). */
  last: boolean;
}

function EventRowImpl(props: RowProps) {
  const { item } = props;
  if (!item.group) return <Row {...props} />;
  // A sub-agent's work: indented under its step, named, so it is not read as the main agent's.
  return (
    <div class="in-group" role="group" aria-label={item.groupTitle ?? 'Sub-agent'}>
      <Row {...props} />
    </div>
  );
}

function Row({ item, active, last, onAnswer, memory }: RowProps) {
  switch (item.type) {
    case 'thinking':
      return <Thinking item={item} active={active} last={last} memory={memory} />;
    case 'message':
      return <Markdown class="row message" text={item.text} />;
    case 'tool':
      return <Tool item={item} active={active} memory={memory} />;
    case 'plan':
      return <Plan item={item} />;
    case 'permission':
      return <Permission item={item} active={active} onAnswer={onAnswer} memory={memory} />;
    case 'logs':
      return <Logs item={item} memory={memory} />;
    case 'info':
      return (
        <div class="row info">
          <Icon name="info" /> <span>{item.text}</span>
        </div>
      );
    case 'error':
      return <ErrorRow item={item} />;
    case 'complete':
      return <Complete item={item} />;
    case 'gap':
      return (
        <div class="row gap" role="note">
          <Icon name="fold" /> <span>{`${plural(item.missed, 'earlier event was', 'earlier events were')} dropped`}</span>
        </div>
      );
  }
}

/** Items are immutable and keep their identity until they change, so a new event re-renders one row. */
export const EventRow = memo(EventRowImpl);
