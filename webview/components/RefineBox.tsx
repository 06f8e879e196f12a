import { useEffect, useState } from 'preact/hooks';
import { ImpactedTasksResult, type OperationSummary, type RefineParams } from '../../src/protocol';
import { impactedPrompt, taskName as nameOf } from '../state/threads';
import { Icon } from './Icon';
import './Refine.css';

interface Props {
  op: OperationSummary;
  /** Off while a request is on its way or the workspace is untrusted. */
  disabled: boolean;
  error?: string;
  /** The latest `impactedTasks` answer, with the id of the request it answered. */
  impacted?: { requestId: string; result: unknown };
  onRefine: (params: RefineParams) => void;
  /** Asks the host which tasks cite requirements changed since tasks.md was written. */
  onImpacted: (feature: string) => string;
  onDismissError: () => void;
}

const valueOf = (event: Event): string => (event.currentTarget as HTMLElement & { value: string }).value;
/**
 * Under a finished spec, plan or tasks run: a follow-up in the same agent session ("make the
 * stories smaller"). Under a spec or tasks run it also offers "Refine tasks" for only the tasks a
 * spec change made stale (the hub's impactedTasks).
 */
export function RefineBox({ op, disabled, error, impacted, onRefine, onImpacted, onDismissError }: Props) {
  const [words, setWords] = useState('');
  const [asked, setAsked] = useState<string | undefined>(undefined);
  const doc = op.kind === 'task' ? undefined : op.kind;
  const offersTasks = doc === 'spec' || doc === 'tasks';
  useEffect(() => {
    setWords('');
    setAsked(offersTasks ? onImpacted(op.feature) : undefined);
  }, [op.id]);
  if (!doc) return null;
  const parsed = impacted && impacted.requestId === asked ? ImpactedTasksResult.safeParse(impacted.result) : undefined;
  const stale = parsed?.success ? parsed.data.tasks.filter((t) => !t.done) : [];

  const send = () => {
    if (disabled || !words.trim()) return;
    onRefine({ feature: op.feature, doc, prompt: words.trim(), operationId: op.id });
    setWords('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };

  return (
    <section class="refine-box" aria-label={`Refine ${doc}.md`}>
      <vscode-textarea
        class="refine-input"
        value={words}
        rows={2}
        resize="vertical"
        disabled={disabled}
        label={`Refine ${doc}.md`}
        placeholder={`Follow up on ${doc}.md in the same session: "make the stories smaller", "add an offline requirement"…`}
        onInput={(e: Event) => setWords(valueOf(e))}
        onKeyDown={onKeyDown}
      />
      <div class="refine-actions">
        {stale.length > 0 && (
          <vscode-button secondary disabled={disabled} onClick={() => onRefine({ feature: op.feature, doc: 'tasks', prompt: impactedPrompt(stale), onlyTasks: stale.map(nameOf) })}
            title={stale.map((t) => `${nameOf(t)}: ${t.requirements.map((r) => `${r.id} ${r.change}`).join(', ')}`).join('\n')}>
            <Icon name="checklist" /> Refine tasks: update only {stale.map(nameOf).join(', ')}
          </vscode-button>
        )}
        <vscode-button disabled={disabled || !words.trim()} onClick={send}>
          <Icon name="comment-discussion" /> Refine
        </vscode-button>
      </div>
      {error && (
        <div class="request-error" role="alert">
          <Icon name="error" />
          <span>{error}</span>
          <button type="button" class="icon-button" title="Dismiss" aria-label="Dismiss error" onClick={onDismissError}>
            <Icon name="close" />
          </button>
        </div>
      )}
    </section>
  );
}
