import { Icon } from './Icon';

interface Props {
  connected: boolean;
  hasFeatures: boolean;
}

export function EmptyState({ connected, hasFeatures }: Props) {
  if (!connected) {
    return (
      <div class="empty-state">
        <vscode-progress-ring aria-label="Connecting" />
        <p class="muted">Connecting to Specwright…</p>
      </div>
    );
  }
  return (
    <div class="empty-state">
      <h2>
        <Icon name="sparkle" /> Write a spec with your agent
      </h2>
      <p>
        Pick a feature folder, describe the feature below and press <strong>Generate spec</strong>. The agent's thinking, tool calls
        and answer stream here while it writes <code>spec.md</code> into the folder.
      </p>
      <p class="muted">
        You can also right-click a feature folder in the Explorer and choose <em>Specwright: Generate Spec</em>.
      </p>
      {!hasFeatures && (
        <p class="notice">
          <Icon name="info" /> No feature folders found. Create one such as <code>specs/001-my-feature</code> in the workspace (the
          spec-kit layout), then describe it here.
        </p>
      )}
    </div>
  );
}
