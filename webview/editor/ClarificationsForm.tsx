import { useState } from 'preact/hooks';
import type { Clarification } from '../../src/protocol';
import { Icon } from '../components/Icon';

interface Props {
  clarifications: readonly Clarification[];
  /** Drafts by `offset:question`, kept while the page is hidden. */
  answers: Record<string, string>;
  onDraft: (key: string, answer: string) => void;
  /** Writes the answer into the spec; resolves false when the host refused. */
  onAnswer: (clarification: Clarification, answer: string) => Promise<boolean>;
}

const keyOf = (c: Clarification): string => `${c.offset}:${c.question}`;
const valueOf = (event: Event): string => (event.currentTarget as HTMLElement & { value: string }).value;

/**
 * The spec's open `[NEEDS CLARIFICATION: …]` markers as a form. An answer replaces its marker and
 * is recorded under `## Clarifications` (spec-kit's format), as one undoable edit.
 */
export function ClarificationsForm({ clarifications, answers, onDraft, onAnswer }: Props) {
  const [busy, setBusy] = useState<string>();
  const submit = async (c: Clarification) => {
    const answer = (answers[keyOf(c)] ?? '').trim();
    if (!answer || busy) return;
    setBusy(keyOf(c));
    try {
      await onAnswer(c, answer);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section class="clarifications" aria-labelledby="clarifications-title">
      <h2 id="clarifications-title">
        <Icon name="question" /> Open questions <vscode-badge variant="counter">{clarifications.length}</vscode-badge>
      </h2>
      <ol>
        {clarifications.map((c) => {
          const key = keyOf(c);
          const draft = answers[key] ?? '';
          const fieldId = `answer-${c.index}`;
          return (
            <li key={key} class="clarification">
              <label for={fieldId} class="question">{c.question || '(no question given)'}</label>
              <p class="context muted" title={`Line ${c.line + 1}`}>{c.context}</p>
              <div class="answer-row">
                <vscode-textfield
                  id={fieldId}
                  value={draft}
                  placeholder="Your answer"
                  aria-label={`Answer: ${c.question}`}
                  onInput={(e: Event) => onDraft(key, valueOf(e))}
                  onKeyDown={(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); void submit(c); } }}
                />
                <vscode-button icon={busy === key ? 'loading' : 'check'} iconSpin={busy === key} disabled={!draft.trim() || busy !== undefined} onClick={() => void submit(c)}>
                  Answer
                </vscode-button>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
