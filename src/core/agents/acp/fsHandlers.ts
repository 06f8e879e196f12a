import type { AskContext, PermissionBroker, PermissionPolicy } from '../permissions';
import type { FileSystemPort } from './fileSystem';
import type { PathScope } from './pathScope';
import type { AcpModule, Acp } from './sdk';

export interface FsDeps {
  acp: AcpModule;
  label: string;
  fs: FileSystemPort;
  scope: PathScope;
  broker: PermissionBroker;
  policy: PermissionPolicy;
  ctx: AskContext;
}

/** JSON-RPC "internal error": ACP has no code for "refused", and the message says why. */
const REFUSED = -32603;

/**
 * `fs/read_text_file`: anything inside the workspace or the feature folder, nothing outside.
 * Through the FileSystemPort, so in VS Code the agent reads what the user sees, unsaved edits included.
 */
export async function readTextFile(params: Acp.ReadTextFileRequest, deps: FsDeps): Promise<Acp.ReadTextFileResponse> {
  const { real, place } = await deps.scope.classify(params.path);
  if (place === 'outside') {
    deps.ctx.emit({ kind: 'info', text: `Refused to let ${deps.label} read ${real}: it is outside the workspace.` });
    throw new deps.acp.RequestError(REFUSED, `Specwright refused: ${params.path} is outside the workspace.`);
  }
  let content: string;
  try {
    content = await deps.fs.readTextFile(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // -32002 is ACP's "resource not found": agents treat it as "the file does not exist yet".
    if (code === 'ENOENT' || code === 'FileNotFound') throw new deps.acp.RequestError(-32002, `No such file: ${params.path}`);
    throw new deps.acp.RequestError(REFUSED, `Could not read ${params.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { content: sliceLines(content, params.line, params.limit) };
}

/**
 * `fs/write_text_file`: free inside the feature folder (where the documents live), asked for
 * elsewhere in the workspace unless the policy is "allow all", refused outside the workspace.
 */
export async function writeTextFile(params: Acp.WriteTextFileRequest, deps: FsDeps): Promise<Acp.WriteTextFileResponse> {
  const { real, place } = await deps.scope.classify(params.path);
  const shown = deps.scope.display(real);
  if (place === 'outside') {
    deps.ctx.emit({ kind: 'info', text: `Refused to let ${deps.label} write ${real}: it is outside the workspace.` });
    throw new deps.acp.RequestError(REFUSED, `Specwright refused: ${params.path} is outside the workspace.`);
  }
  if (place === 'workspace' && deps.policy !== 'allowAll') {
    const answer = await deps.broker.ask(
      {
        question: `${deps.label} wants to write ${shown}, outside the feature folder.`,
        options: [
          { id: 'allow', label: 'Allow this write', kind: 'allow_once' },
          { id: 'reject', label: 'Refuse', kind: 'reject_once' },
        ],
      },
      deps.ctx,
    );
    if (answer.outcome !== 'selected' || answer.optionId !== 'allow') {
      throw new deps.acp.RequestError(REFUSED, `The user did not allow writing ${params.path}.`);
    }
  }
  try {
    await deps.fs.writeTextFile(real, params.content);
  } catch (error) {
    throw new deps.acp.RequestError(REFUSED, `Could not write ${params.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  deps.ctx.emit({ kind: 'log', text: `Wrote ${shown} for ${deps.label}.` });
  return {};
}

/** ACP lines are 1-based; `limit` counts lines from there. */
export function sliceLines(content: string, line?: number | null, limit?: number | null): string {
  if (!line && !limit) return content;
  const lines = content.split('\n');
  const start = Math.max(0, (line ?? 1) - 1);
  const end = limit ? start + limit : lines.length;
  return lines.slice(start, end).join('\n');
}
