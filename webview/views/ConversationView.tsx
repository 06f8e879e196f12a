import { useCallback, useEffect } from 'preact/hooks';
import type { OperationKind } from '../../src/protocol';
import { AgentsSection } from '../components/AgentsSection';
import { GitHubSection } from '../components/GitHubSection';
import { isGitHubMethod } from '../state/github';
import { ConnectionBanner, ErrorBanner } from '../components/Banner';
import { EmptyState } from '../components/EmptyState';
import { EventList } from '../components/EventList';
import { Icon } from '../components/Icon';
import { OperationHeader } from '../components/OperationHeader';
import { OperationSwitcher } from '../components/OperationSwitcher';
import { NextStep } from '../components/NextStep';
import { nextStepFor } from '../components/nextStepRule';
import { PromptBox } from '../components/PromptBox';
import { RefineBox } from '../components/RefineBox';
import { RefineThread } from '../components/RefineThread';
import { WorkingIndicator } from '../components/WorkingIndicator';
import { isRefinable, threadTurns } from '../state/threads';
import {
  currentOperation,
  currentTimeline,
  effectiveAgent,
  effectiveFeature,
  generateBlocker,
  isActive,
  operationList,
  type ScrollState,
  type TimelineItem,
  type Store,
  type UiState,
} from '../state';

interface Props {
  state: UiState;
  store: Store;
  /** Inside the browser shell, whose header already shows the connection and the viewers. */
  inShell?: boolean;
}

const noItems: never[] = [];

/** The failure text is already an error row of the list: the header does not say it twice. */
function reasonInList(reason: string | undefined, items: readonly TimelineItem[]): boolean {
  if (!reason) return false;
  return items.some((item) => item.type === 'error' && item.message.trim() !== '' && reason.includes(item.message.trim()));
}
const noResults: Readonly<Record<string, unknown>> = {};

export function ConversationView({ state, store, inShell = false }: Props) {
  const op = currentOperation(state);
  const timeline = currentTimeline(state);
  const feature = effectiveFeature(state);
  const agent = effectiveAgent(state);
  const blocker = generateBlocker(state);
  const active = op ? isActive(op.status) : false;
  const opId = op?.id;
  const cancelling = Object.values(state.pending).some((r) => r.method === 'cancel');
  const checkingAgents = Object.values(state.pending).some((r) => r.method === 'detectAgents');
  const generating = Object.values(state.pending).some((r) => r.method === 'generate');
  const refining = Object.values(state.pending).some((r) => r.method === 'refine');
  const agentLabel = (id: string) => state.agents.find((a) => a.id === id)?.label ?? id;
  const requestError = state.requestError;

  const onAnswer = useCallback(
    (permissionId: string, optionId: string) => {
      if (opId) store.answerPermission(opId, permissionId, optionId);
    },
    [store, opId],
  );
  // Tell the host how far this view has rendered (after the DOM update, hence an effect).
  const renderedSeq = timeline?.lastSeq ?? 0;
  useEffect(() => {
    if (opId && renderedSeq > 0) store.ack(opId, renderedSeq);
  }, [store, opId, renderedSeq]);
  const onScrollState = useCallback((scroll: ScrollState) => store.setScroll(scroll), [store]);
  const githubRequest = useCallback((method: string, params?: unknown) => { store.request(method, params); }, [store]);

  const next = op ? nextStepFor(op, Object.values(state.operations)) : undefined;
  const generateNext = (kind: OperationKind) => {
    if (!op) return;
    store.generate({ kind, feature: op.feature, prompt: state.draft.prompt, agent });
  };

  const generate = () => {
    if (blocker !== undefined || !feature) return;
    store.generate({ kind: 'spec', feature, prompt: state.draft.prompt, agent });
  };

  return (
    <div class="conversation">
      {!inShell && <ConnectionBanner state={state.connection} />}
      {state.hostError && <ErrorBanner message={state.hostError.message} onDismiss={() => store.dismissError()} />}
      {requestError && requestError.method !== 'generate' && requestError.method !== 'refine' && (
        <ErrorBanner message={`${requestError.method}: ${requestError.message}`} onDismiss={() => store.dismissError()} />
      )}
      <div class="toolbar">
        <OperationSwitcher
          operations={operationList(state)}
          currentId={opId}
          pinned={state.selectedOperationId !== undefined}
          onSelect={(id) => store.select(id)}
        />
        {!inShell && state.presence > 1 && (
          <span class="presence muted" title="Clients connected to this window, including the browser UI">
            <Icon name="person" /> {state.presence}
          </span>
        )}
      </div>
      {op ? (
        <>
          <RefineThread turns={threadTurns(state.operations, op.id)} currentId={op.id} onSelect={(id) => store.select(id)} />
          <OperationHeader
            op={op}
            agentLabel={agentLabel(op.agent)}
            cancelling={cancelling}
            onCancel={(id) => store.cancel(id)}
            reasonInList={reasonInList(op.reason, timeline?.items ?? noItems)}
          />
          <EventList
            key={op.id}
            operationId={op.id}
            items={timeline?.items ?? noItems}
            active={active}
            onAnswer={onAnswer}
            initialScroll={store.savedScroll?.operationId === op.id ? store.savedScroll : undefined}
            onScrollState={onScrollState}
          />
          <WorkingIndicator active={active} lastSeq={renderedSeq} />
          {next && <NextStep op={op} next={next} disabled={generating || !state.trusted} onGenerate={generateNext} />}
          {!active && isRefinable(op) && (
            <RefineBox
              op={op}
              disabled={refining || !state.trusted}
              error={requestError?.method === 'refine' ? requestError.message : undefined}
              impacted={state.runResults?.impactedTasks}
              onRefine={(params) => { store.select(undefined); store.request('refine', params); }}
              onImpacted={(f) => store.request('impactedTasks', { feature: f })}
              onDismissError={() => store.dismissError()}
            />
          )}
        </>
      ) : (
        <div class="event-list-wrap">
          <EmptyState connected={state.welcomed} hasFeatures={state.features.length > 0} />
        </div>
      )}
      {state.welcomed && (
        <AgentsSection
          agents={state.agents}
          defaultAgent={state.defaultAgent}
          checking={checkingAgents}
          onRefresh={() => store.request('detectAgents', { probeSignIn: true })}
          onAction={(agentId, action) => store.request('agentAction', { agentId, action })}
        />
      )}
      {state.welcomed && (
        <GitHubSection
          status={state.github}
          activity={state.githubActivity}
          results={state.githubResults ?? noResults}
          pending={Object.values(state.pending).map((r) => r.method).filter(isGitHubMethod)}
          feature={feature}
          request={githubRequest}
        />
      )}
      <PromptBox
        prompt={state.draft.prompt}
        features={state.features}
        feature={feature}
        agents={state.agents}
        agent={agent}
        blocker={blocker}
        untrusted={state.welcomed && !state.trusted}
        busy={generating}
        compact={op !== undefined}
        error={requestError?.method === 'generate' ? requestError.message : undefined}
        onPrompt={(prompt) => store.setDraft({ prompt })}
        onFeature={(f) => store.setDraft({ feature: f })}
        onAgent={(a) => store.setDraft({ agent: a })}
        onGenerate={generate}
        onDismissError={() => store.dismissError()}
      />
    </div>
  );
}
