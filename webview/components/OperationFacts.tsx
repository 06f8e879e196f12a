import type { OperationSummary } from '../../src/protocol';
import { stopReasonText, usageText } from './agentStatus';
import { Icon } from './Icon';
import './OperationFacts.css';

/** What the agent reported about its run: token use (and cost) and why it stopped. */
export function OperationFacts({ op }: { op: OperationSummary }) {
  const usage = op.usage ? usageText(op.usage) : '';
  if (!usage && !op.stopReason) return null;
  const exact = op.usage ? `${op.usage.inputTokens.toLocaleString('en-US')} input tokens, ${op.usage.outputTokens.toLocaleString('en-US')} output tokens` : undefined;
  return (
    <div class="op-facts">
      {usage && (
        <span title={exact}>
          <Icon name="dashboard" /> {usage}
        </span>
      )}
      {op.stopReason && (
        <span title={`Stop reason: ${op.stopReason}`}>
          <Icon name="debug-stop" /> {`The agent ${stopReasonText(op.stopReason)}`}
        </span>
      )}
    </div>
  );
}
