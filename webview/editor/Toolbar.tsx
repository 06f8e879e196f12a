import type { EditorDocumentMessage, EditorOperation } from '../../src/protocol';
import { Icon } from '../components/Icon';

interface Props {
  doc: EditorDocumentMessage;
  mode: 'view' | 'edit';
  prompt: string;
  operation: EditorOperation | null;
  onMode: (mode: 'view' | 'edit') => void;
  onPrompt: (prompt: string) => void;
  onGenerate: () => void;
  onCancel: () => void;
  onOpenAsText: () => void;
  onHistory: () => void;
}

const PLACEHOLDER: Record<EditorDocumentMessage['kind'], string> = {
  spec: 'Describe the feature, or what the new spec should change…',
  plan: 'Technical direction for the plan (optional)…',
  tasks: 'Notes for the task list (optional)…',
};

const valueOf = (event: Event): string => (event.currentTarget as HTMLElement & { value: string }).value;

export function Toolbar(props: Props) {
  const { doc, mode, prompt, operation } = props;
  const running = operation !== null && (operation.status === 'running' || operation.status === 'queued');
  const verb = doc.text.trim() ? 'Regenerate' : 'Generate';
  const canGenerate = doc.trusted && !running && (doc.kind !== 'spec' || prompt.trim() !== '');
  const generateTitle = !doc.trusted
    ? 'Agents do not run in an untrusted workspace'
    : running ? 'A generation of this document is running'
      : doc.kind === 'spec' && !prompt.trim() ? 'Describe the feature first' : `${verb} ${doc.fileName} (the current content is kept as a version)`;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && canGenerate) {
      event.preventDefault();
      props.onGenerate();
    }
  };

  return (
    <header class="toolbar" role="toolbar" aria-label={`${doc.fileName} actions`}>
      <div class="toolbar-title">
        <span class="file-name">{doc.fileName}</span>
        <span class="muted">{doc.featureName}</span>
        {doc.dirty && <span class="dirty" title="Unsaved changes" aria-label="Unsaved changes">●</span>}
        {doc.progress && doc.progress.total > 0 && (
          <span class="progress-text muted" title={`${doc.progress.skipped} skipped`}>
            {doc.progress.done}/{doc.progress.total} done
          </span>
        )}
        {doc.checklistProgress && doc.checklistProgress.total > 0 && (
          <span class="progress-text muted" title="Checklist items (Definition of Done, gates, acceptance checklists) are not tasks: they are never run">
            checklist {doc.checklistProgress.done}/{doc.checklistProgress.total}
          </span>
        )}
      </div>
      <div class="toolbar-row">
        <div class="mode-switch" role="group" aria-label="Mode">
          <vscode-button secondary={mode !== 'view'} icon="preview" aria-pressed={mode === 'view'} onClick={() => props.onMode('view')}>
            View
          </vscode-button>
          <vscode-button secondary={mode !== 'edit'} icon="edit" aria-pressed={mode === 'edit'} onClick={() => props.onMode('edit')}>
            Edit
          </vscode-button>
        </div>
        <vscode-textfield
          class="prompt-field"
          value={prompt}
          placeholder={PLACEHOLDER[doc.kind]}
          aria-label={`Prompt for ${verb.toLowerCase()} ${doc.fileName}`}
          disabled={!doc.trusted}
          onInput={(e: Event) => props.onPrompt(valueOf(e))}
          onKeyDown={onKeyDown}
        />
        {running ? (
          <vscode-button secondary icon="debug-stop" onClick={props.onCancel} title="Cancel the running generation">
            Cancel
          </vscode-button>
        ) : (
          <vscode-button icon="sparkle" disabled={!canGenerate} title={generateTitle} onClick={() => canGenerate && props.onGenerate()}>
            {verb}
          </vscode-button>
        )}
        <vscode-button secondary icon="go-to-file" onClick={props.onOpenAsText} title="Open as Text">
          Open as Text
        </vscode-button>
        <vscode-button secondary icon="history" onClick={props.onHistory} title="History: compare with or restore earlier versions">
          History
        </vscode-button>
      </div>
      {running && (
        <p class="operation-running" role="status" aria-live="polite">
          <Icon name="loading" spin /> {operation.agent}: {operation.step ?? 'Generating…'}
        </p>
      )}
    </header>
  );
}
