import type { OperationKind, OperationSummary } from '../../src/protocol';
import { Icon } from './Icon';

interface Props {
  op: OperationSummary;
  next: OperationKind;
  disabled: boolean;
  onGenerate: (kind: OperationKind) => void;
}

/** Offered under a finished stage: generate the next document of the pipeline. */
export function NextStep({ op, next, disabled, onGenerate }: Props) {
  return (
    <div class="next-step" role="group" aria-label="Next step">
      <Icon name="arrow-right" />
      <span>
        {op.kind}.md of {op.featureName} is ready. Next: {next}.md
      </span>
      <vscode-button disabled={disabled} onClick={() => onGenerate(next)} title={`Generate ${next}.md from the documents before it; the prompt box text, if any, goes along as direction.`}>
        Generate {next}
      </vscode-button>
    </div>
  );
}
