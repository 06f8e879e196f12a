import type { AgentInfo, FeatureInfo } from '../../src/protocol';
import { Icon } from './Icon';

interface Props {
  prompt: string;
  features: readonly FeatureInfo[];
  feature?: string;
  agents: readonly AgentInfo[];
  agent?: string;
  /** Why Generate is unavailable (shown when it is not just an empty prompt), undefined when it is. */
  blocker?: string;
  /** The workspace is untrusted: the whole box is off, with the reason. */
  untrusted: boolean;
  busy: boolean;
  error?: string;
  onPrompt: (prompt: string) => void;
  onFeature: (feature: string) => void;
  onAgent: (agent: string) => void;
  onGenerate: () => void;
  onDismissError: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const SUBMIT_KEY = isMac ? '⌘Enter' : 'Ctrl+Enter';

const valueOf = (event: Event): string => (event.currentTarget as HTMLElement & { value: string }).value;

export function PromptBox(props: Props) {
  const { prompt, features, feature, agents, agent, blocker, untrusted, busy, error } = props;
  const disabled = blocker !== undefined;
  const selectedAgent = agents.find((a) => a.id === agent);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!disabled) props.onGenerate();
    }
  };

  return (
    <section class="prompt-box" aria-label="Generate a spec">
      {untrusted && (
        <p class="notice" role="note">
          <Icon name="workspace-untrusted" /> Agents do not run in an untrusted workspace. Trust this workspace (Manage Workspace Trust) to
          generate documents.
        </p>
      )}
      <div class="pickers">
        <div class="picker">
          <span class="picker-label">Feature</span>
          {features.length > 0 ? (
            <vscode-single-select value={feature} disabled={untrusted} onChange={(e: Event) => props.onFeature(valueOf(e))} aria-label="Feature folder">
              {features.map((f) => (
                <vscode-option key={f.path} value={f.path} description={f.hasSpec ? 'has spec.md — generating replaces it (kept as a version)' : f.path}>
                  {f.name}
                </vscode-option>
              ))}
            </vscode-single-select>
          ) : (
            <span class="muted">No feature folders found</span>
          )}
        </div>
        <div class="picker">
          <span class="picker-label">Agent</span>
          <vscode-single-select value={agent} disabled={untrusted || agents.length === 0} onChange={(e: Event) => props.onAgent(valueOf(e))} aria-label="Agent">
            {agents.map((a) => (
              <vscode-option key={a.id} value={a.id} description={a.available ? (a.version ?? '') : (a.hint ?? 'not available')}>
                {a.available ? a.label : `${a.label} (not available)`}
              </vscode-option>
            ))}
          </vscode-single-select>
        </div>
      </div>
      {selectedAgent && !selectedAgent.available && (
        <p class="muted agent-hint">
          <Icon name="warning" /> {selectedAgent.hint ?? `${selectedAgent.label} is not available.`}
        </p>
      )}
      <vscode-textarea
        class="prompt-input"
        value={prompt}
        rows={4}
        resize="vertical"
        disabled={untrusted}
        label="Describe the feature"
        placeholder={`Describe the feature: who uses it, what they do, what must be true… (${SUBMIT_KEY} to generate)`}
        onInput={(e: Event) => props.onPrompt(valueOf(e))}
        onKeyDown={onKeyDown}
      />
      {error && (
        <div class="request-error" role="alert">
          <Icon name="error" />
          <span>{error}</span>
          <button type="button" class="icon-button" title="Dismiss" aria-label="Dismiss error" onClick={props.onDismissError}>
            <Icon name="close" />
          </button>
        </div>
      )}
      <div class="prompt-actions">
        <span class="muted prompt-hint">{blocker && !untrusted && prompt.trim() ? blocker : `${SUBMIT_KEY} to generate`}</span>
        <vscode-button icon={busy ? 'loading' : 'sparkle'} iconSpin={busy} disabled={disabled} onClick={() => !disabled && props.onGenerate()}>
          Generate spec
        </vscode-button>
      </div>
    </section>
  );
}
