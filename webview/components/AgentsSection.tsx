import { useState } from 'preact/hooks';
import { autoChoice, type AgentActionKind, type AgentInfo } from '../../src/protocol';
import { agentState, agentStateLook } from './agentStatus';
import { Icon } from './Icon';
import './AgentsSection.css';

interface Props {
  agents: readonly AgentInfo[];
  defaultAgent?: string;
  /** A detection with sign-in checks is running. */
  checking: boolean;
  onRefresh: () => void;
  onAction: (agentId: string, action: AgentActionKind) => void;
}

/**
 * Which agents are there, and what to do about the ones that are not ready: copy the install
 * command, open a terminal that signs in, or make one the default. Closed, it is one line (what
 * runs, how many are ready), so the conversation above keeps the room; the user opens it.
 */
export function AgentsSection({ agents, defaultAgent, checking, onRefresh, onAction }: Props) {
  // The offline scaffold is ready too: it is what `auto` runs when nothing else is installed.
  const ready = agents.filter((a) => agentState(a) === 'ready');
  const [open, setOpen] = useState(false);
  const runs = defaultAgent === undefined || defaultAgent === 'auto'
    ? autoChoice(agents).label
    : agents.find((a) => a.id === defaultAgent)?.label ?? defaultAgent;
  return (
    <details class="agents-section" open={open}>
      <summary
        onClick={(e) => {
          e.preventDefault();
          setOpen(!open);
        }}
        title={`New generations run ${runs}. ${ready.length} of ${agents.length} agents ready.`}
      >
        <Icon name="hubot" />
        <span class="agents-title">Agents</span>
        {agents.length > 0 && <span class="summary-hint agents-runs">{runs}</span>}
        {agents.length > 0 && <span class="summary-hint agents-ready">{`· ${ready.length} ready`}</span>}
        <button
          type="button"
          class="icon-button agents-refresh"
          title="Check again, sign-in included"
          aria-label="Check the agents again, sign-in included"
          disabled={checking}
          onClick={(e) => {
            // Inside the summary: refresh without opening or closing the section.
            e.preventDefault();
            e.stopPropagation();
            onRefresh();
          }}
        >
          <Icon name={checking ? 'loading' : 'refresh'} spin={checking} />
        </button>
      </summary>
      <ul class="agents-list">
        {agents.map((agent) => (
          <AgentRow key={agent.id} agent={agent} isDefault={agent.id === defaultAgent} onAction={onAction} />
        ))}
      </ul>
    </details>
  );
}

function AgentRow({ agent, isDefault, onAction }: { agent: AgentInfo; isDefault: boolean; onAction: Props['onAction'] }) {
  const [done, setDone] = useState<string>();
  const state = agentState(agent);
  const look = agentStateLook[state];
  const act = (action: AgentActionKind, feedback: string) => {
    onAction(agent.id, action);
    setDone(feedback);
  };
  const copy = () => {
    // The browser UI copies itself; in VS Code the host's clipboard does it (webview clipboard access varies).
    void navigator.clipboard?.writeText(agent.installCommand ?? '').catch(() => undefined);
    act('copyInstall', 'Copied');
  };
  return (
    <li class={`agent-row agent-${state}`}>
      <div class="agent-line">
        <Icon name={look.icon} spin={look.spin} label={look.label} class={`tone-${look.tone}`} />
        <span class="agent-name">{agent.label}</span>
        {agent.version && <span class="summary-hint">{agent.version}</span>}
        {agent.protocol && <code class="agent-protocol">{agent.protocol}</code>}
        {isDefault && <span class="agent-default" title="The default agent (specwright.agent)"><Icon name="star-full" /> default</span>}
        <span class={`agent-state tone-${look.tone}`}>{look.label}</span>
      </div>
      {state === 'missing' && agent.installCommand && (
        <div class="agent-fix">
          <code>{agent.installCommand}</code>
          <vscode-button secondary icon="copy" onClick={copy}>{done ?? 'Copy install command'}</vscode-button>
        </div>
      )}
      {state === 'signedOut' && (
        <div class="agent-fix">
          {agent.hint && <span class="agent-hint">{agent.hint}</span>}
          {agent.loginCommand && (
            <vscode-button secondary icon="terminal" onClick={() => act('openLogin', 'Terminal opened')}>
              {done ?? `Sign in (${agent.loginCommand})`}
            </vscode-button>
          )}
        </div>
      )}
      {state === 'missing' && !agent.installCommand && agent.hint && <div class="agent-fix agent-hint">{agent.hint}</div>}
      {state === 'ready' && !isDefault && (
        <div class="agent-fix">
          <button type="button" class="link-button" onClick={() => act('setDefault', 'Made default')}>
            {done ?? 'Use as default'}
          </button>
        </div>
      )}
    </li>
  );
}
