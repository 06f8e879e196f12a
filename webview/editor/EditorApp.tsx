import { useEffect, useState } from 'preact/hooks';
import type { EditorDocumentMessage, EditorOperation, Finding } from '../../src/protocol';
import { Icon } from '../components/Icon';
import { ClarificationsForm } from './ClarificationsForm';
import { FindingsSection } from './FindingsSection';
import { loadUiState, saveUiState, type EditorHost, type EditorUiState } from './host';
import { RenderedDocument } from './RenderedDocument';
import { SourceEditor } from './SourceEditor';
import { Toolbar } from './Toolbar';

/**
 * The document editor page: a toolbar, then the document either rendered (tasks as checkboxes,
 * open clarifications as a form) or as its Markdown source, then the feature's checks.
 */
export function EditorApp({ host }: { host: EditorHost }) {
  const [doc, setDoc] = useState<EditorDocumentMessage>();
  const [findings, setFindings] = useState<Finding[]>();
  const [operation, setOperation] = useState<EditorOperation | null>(null);
  const [ui, setUi] = useState<EditorUiState>(loadUiState);
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    const off = host.onMessage((msg) => {
      if (msg.type === 'document') setDoc(msg);
      else if (msg.type === 'findings') setFindings(msg.findings);
      else if (msg.type === 'operation') setOperation(msg.operation);
      else if (msg.type === 'error') setNotice(msg.message);
    });
    host.onInvalid = setNotice;
    host.send({ type: 'ready' });
    return off;
  }, [host]);

  // Tell the host what is on screen: it (and the integration tests) know the page caught up.
  useEffect(() => {
    if (doc) host.send({ type: 'rendered', version: doc.version });
  }, [host, doc?.version]);

  const update = (patch: Partial<EditorUiState>) => setUi((prev) => {
    const next = { ...prev, ...patch };
    saveUiState(next);
    return next;
  });

  /** Runs a request; a refusal is shown in the notice bar. */
  const run = async (body: Parameters<EditorHost['request']>[0]): Promise<boolean> => {
    const result = await host.request(body);
    if (!result.ok) setNotice(result.error ?? 'Specwright could not do that.');
    return result.ok;
  };

  if (!doc) {
    return (
      <main class="editor-loading" aria-busy="true">
        <vscode-progress-ring /> <span class="muted">Loading…</span>
      </main>
    );
  }

  return (
    <div class="editor">
      <Toolbar
        doc={doc}
        mode={ui.mode}
        prompt={ui.prompt}
        operation={operation}
        onMode={(mode) => update({ mode })}
        onPrompt={(prompt) => update({ prompt })}
        onGenerate={async () => { if (await run({ type: 'generate', prompt: ui.prompt })) update({ prompt: '' }); }}
        onCancel={() => void run({ type: 'cancelGeneration' })}
        onOpenAsText={() => void run({ type: 'openAsText' })}
        onHistory={() => void run({ type: 'showHistory' })}
      />
      {notice && (
        <div class="banner banner-error" role="alert">
          <Icon name="warning" />
          <span>{notice}</span>
          <button type="button" class="icon-button" title="Dismiss" aria-label="Dismiss message" onClick={() => setNotice(undefined)}>
            <Icon name="close" />
          </button>
        </div>
      )}
      {operation && operation.status !== 'running' && operation.status !== 'queued' && operation.status !== 'succeeded' && operation.status !== 'cancelled' && operation.reason && (
        <p class="operation-outcome" role="status">
          <Icon name="error" /> The last generation {operation.status === 'timedOut' ? 'timed out' : 'failed'}: {operation.reason}
        </p>
      )}
      <main class="editor-body">
        {doc.clarifications && doc.clarifications.length > 0 && (
          <ClarificationsForm
            clarifications={doc.clarifications}
            answers={ui.answers}
            onDraft={(key, answer) => update({ answers: { ...ui.answers, [key]: answer } })}
            onAnswer={async (c, answer) => {
              const ok = await run({ type: 'answerClarification', offset: c.offset, question: c.question, answer });
              if (ok) {
                const { [`${c.offset}:${c.question}`]: _done, ...rest } = ui.answers;
                update({ answers: rest });
              }
              return ok;
            }}
          />
        )}
        {doc.kind === 'tasks' && doc.runBlocked && ui.mode !== 'edit' && (
          <p class="run-blocked" role="note">
            <span class="codicon codicon-info" aria-hidden="true" /> {doc.runBlocked}
          </p>
        )}
        {ui.mode === 'edit' ? (
          <SourceEditor host={host} doc={doc} onNotice={setNotice} />
        ) : (
          <RenderedDocument
            doc={doc}
            onTick={(line, done) => run({ type: 'tick', line, done, version: doc.version })}
            onRun={doc.kind === 'tasks' && !doc.runBlocked ? (line) => void run({ type: 'runTask', line }) : undefined}
          />
        )}
        <FindingsSection findings={findings} onReveal={(f) => void run({ type: 'reveal', file: f.file, line: f.line })} />
      </main>
    </div>
  );
}
