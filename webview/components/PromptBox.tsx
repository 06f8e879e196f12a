import { useState } from 'preact/hooks';
import { autoChoice, autoLabel, type AgentInfo, type FeatureInfo } from '../../src/protocol';
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
  /** A conversation is shown above: the box is one line until the user goes to it, so the stream has the room. */
  compact?: boolean;
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
  const auto = autoChoice(agents);
  const selectedAgent = agents.find((a) => a.id === (agent === 'auto' ? auto.id : agent));
  const [focused, setFocused] = useState(false);
  const compact = props.compact === true && !focused && !prompt.trim() && !error;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!disabled) props.onGenerate();
    }
  };

  return (
    <section
      class={compact ? 'prompt-box compact' : 'prompt-box'}
      aria-label="Generate a spec"
      onFocusIn={() => setFocused(true)}
      onFocusOut={(e: FocusEvent) => { if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setFocused(false); }}
    >
      {untrusted && (
        <p class="notice" role="note">
          <Icon name="workspace-untrusted" /> Agents do not run in an untrusted workspace. Trust this workspace (Manage Workspace Trust) to
          generate documents.
        </p>
      )}
      {!compact && <div class="pickers">
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
            <vscode-option key="auto" class="auto-option" value="auto" description="Copilot when it is installed, else the offline scaffold">
              {autoLabel(auto)}
            </vscode-option>
            {agents.map((a) => (
              <vscode-option key={a.id} value={a.id} description={a.available ? (a.version ?? '') : (a.hint ?? 'not available')}>
                {a.available ? a.label : `${a.label} (not available)`}
              </vscode-option>
            ))}
          </vscode-single-select>
        </div>
      </div>}
      {!compact && selectedAgent && !selectedAgent.available && (
        <p class="muted agent-hint">
          <Icon name="warning" /> {selectedAgent.hint ?? `${selectedAgent.label} is not available.`}
        </p>
      )}
      {!compact && agent === 'auto' && auto.better && (
        <p class="muted agent-hint" title={auto.better}>
          <Icon name="info" /> {auto.better}
        </p>
      )}
      <vscode-textarea
        class="prompt-input"
        value={prompt}
        rows={compact ? 1 : 4}
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
      {!compact && <div class="prompt-actions">
        {/* Why Generate is off, except for the plain empty prompt (the placeholder says that). */}
        <span class="muted prompt-hint" role={blocker && !feature ? 'note' : undefined}>
          {blocker && !untrusted && (prompt.trim() || !feature) ? blocker : `${SUBMIT_KEY} to generate`}
        </span>
        <vscode-button icon={busy ? 'loading' : 'sparkle'} iconSpin={busy} disabled={disabled} onClick={() => !disabled && props.onGenerate()}>
          Generate spec
        </vscode-button>
      </div>}
    </section>
  );
}
