/**
 * What a successful generation leaves besides its document: a spec run is held to the spec's
 * previous versions at once (a reused id is said in the conversation, and stays a finding in
 * Problems and `specwright check`), and a tasks run records the spec it was written from, which
 * is what later spec changes are measured against (tasksBasis.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent, OperationKind } from '../../protocol';
import { earlierTexts } from './historyFindings';
import { ID_FINDING_CODES, verifyRequirementIds } from './idRules';
import { recordTasksBasis } from './tasksBasis';
import type { VersionStore } from './versions';

export interface GeneratedDocument {
  kind: OperationKind;
  featureDir: string;
  docPath: string;
  operationId: string;
  /** spec.md as the run read it (tasks runs): what the prompt carried. */
  specAtStart?: string;
  versions: VersionStore;
  emit: (event: AgentEvent) => void;
}

export async function afterGeneration(run: GeneratedDocument): Promise<void> {
  const text = await readFile(run.docPath, 'utf8');
  if (run.kind === 'spec') {
    const earlier = await earlierTexts(run.versions, run.docPath, text);
    if (!earlier.length) return;
    const findings = verifyRequirementIds({ path: run.docPath, text }, earlier);
    for (const f of findings) {
      if (f.severity === 'error') run.emit({ kind: 'error', message: f.message, code: f.code, hint: 'Listed in Problems and by specwright check until the spec is fixed.' });
      else run.emit({ kind: 'info', text: `Requirement ids: ${f.message}` });
    }
    if (!findings.some((f) => f.code === ID_FINDING_CODES.reused)) run.emit({ kind: 'info', text: 'Requirement ids checked against the previous version: none reused.' });
  } else if (run.kind === 'tasks' && run.specAtStart !== undefined) {
    await recordTasksBasis(run.featureDir, run.specAtStart, text, { operationId: run.operationId });
    run.emit({ kind: 'info', text: `Recorded the spec these tasks were written from (${join('.specwright', 'tasks-basis.json')}): tasks citing a requirement that changes later are flagged.` });
  }
}
