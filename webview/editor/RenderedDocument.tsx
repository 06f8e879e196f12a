import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EditorDocumentMessage, EditorTask } from '../../src/protocol';
import { Markdown } from '../components/Markdown';
import { segmentsOf } from './segments';

interface Props {
  doc: EditorDocumentMessage;
  /** Ticks (or unticks) the task on that line; resolves false when the host refused. */
  onTick: (line: number, done: boolean) => Promise<boolean>;
  /** Runs the open task on that line with the agent (tasks.md only). */
  onRun?: (line: number) => void;
}

/** The document as sanitised Markdown; in tasks.md every task is a real checkbox. */
export function RenderedDocument({ doc, onTick, onRun }: Props) {
  const segments = useMemo(() => segmentsOf(doc.text, doc.tasks), [doc.text, doc.tasks]);
  if (!doc.text.trim()) {
    return <p class="empty muted">{doc.fileName} is empty. Generate it from the toolbar, or switch to Edit and write it.</p>;
  }
  return (
    <article class="rendered" aria-label={doc.fileName}>
      {segments.map((segment) =>
        segment.kind === 'markdown' ? (
          <Markdown key={`m${segment.line}`} text={segment.text} />
        ) : (
          <TaskRow key={`t${segment.task.line}`} task={segment.task} details={segment.details} version={doc.version} onTick={onTick} onRun={onRun} />
        ),
      )}
    </article>
  );
}

interface TaskRowProps {
  task: EditorTask;
  details: string;
  version: number;
  onTick: (line: number, done: boolean) => Promise<boolean>;
  onRun?: (line: number) => void;
}

type CheckboxElement = HTMLElement & { checked: boolean; indeterminate: boolean };

function TaskRow({ task, details, version, onTick, onRun }: TaskRowProps) {
  const box = useRef<CheckboxElement>(null);
  const [busy, setBusy] = useState(false);

  // The host's text is the truth: after every new version (or a refused tick) the box shows it again.
  useEffect(() => {
    if (!box.current) return;
    box.current.checked = task.done;
    box.current.indeterminate = stateOf(task) !== 'todo' && stateOf(task) !== 'done';
  }, [task.done, task.mark, task.state, version, busy]);

  const onChange = async (event: Event) => {
    const checked = (event.currentTarget as CheckboxElement).checked;
    setBusy(true);
    try {
      await onTick(task.line, checked);
    } finally {
      setBusy(false);
    }
  };

  const label = `${task.id ? `${task.id}: ` : ''}${plain(task.text)}`;
  const state = stateOf(task);
  return (
    <div class={`task-row${task.done ? ' done' : ''}${state === 'skipped' ? ' skipped' : ''}${task.checklist ? ' checklist-item' : ''}`} data-depth={Math.min(task.depth, 6)} data-state={state}>
      <vscode-checkbox ref={box} aria-label={label} title={STATE_TITLE[state]} onChange={onChange} />
      {(state === 'inProgress' || state === 'queued' || task.optional) && (
        <span class="task-state-chip muted">{state === 'inProgress' ? 'in progress' : state === 'queued' ? 'queued' : 'optional'}</span>
      )}
      <div class="task-text">
        <Markdown text={task.text} />
        {details && <Markdown text={details} class="task-details" />}
      </div>
      {task.run && task.run.status !== 'done' && (
        <span class={`task-run-status status-${task.run.status}`} title={task.run.reason ?? task.run.status} role="status">
          {task.run.status}
        </span>
      )}
      {onRun && !task.done && !task.checklist && state !== 'skipped' && (
        <button type="button" class="icon-button task-run" title={`Run ${task.id ?? 'this task'} with the agent; it is ticked when it succeeds`} aria-label={`Run ${label}`} onClick={() => onRun(task.line)}>
          <span class="codicon codicon-play" aria-hidden="true" />
        </button>
      )}
    </div>
  );
}

/** The state the host judged (older hosts send only the mark: `-` was skipped). */
const stateOf = (task: EditorTask): NonNullable<EditorTask['state']> => task.state ?? (task.done ? 'done' : task.mark === '-' ? 'skipped' : 'todo');

const STATE_TITLE: Record<NonNullable<EditorTask['state']>, string | undefined> = {
  todo: undefined,
  done: undefined,
  skipped: 'Skipped — tick to mark done',
  inProgress: 'In progress (Kiro [-]) — tick to mark done',
  queued: 'Queued (Kiro [~]) — tick to mark done',
};

/** Task text without Markdown punctuation, for the checkbox's accessible name. */
const plain = (markdown: string): string => markdown.replace(/[*_`]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').slice(0, 200);
