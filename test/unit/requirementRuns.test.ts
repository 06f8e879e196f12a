import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, OperationKind } from '../../src/protocol';
import { FeatureService } from '../../src/core/features/featureService';
import { GenerationService } from '../../src/core/features/generationService';
import { IMPACT_CODE } from '../../src/core/features/historyFindings';
import { ID_FINDING_CODES } from '../../src/core/features/idRules';
import { basisPathOf, readTasksBasis } from '../../src/core/features/tasksBasis';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { ScriptedAgent } from '../fixtures/agents/fakeAgents';

const FIXTURES = join(__dirname, '..', 'fixtures', 'spec-history');
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

/** Spec runs over an existing spec: the ids go into the prompt, and the result is held to them. */
describe('requirement ids through a generation', () => {
  let root: string;
  let featureDir: string;
  let bus: OperationBus;
  let versions: VersionStore;
  let prompts: string[];

  /** An agent that writes `content` as the document and remembers the prompt it was given. */
  const writes = (content: string) => new ScriptedAgent('writer', async (req) => {
    prompts.push(req.prompt);
    await writeFile(req.docPath, content);
    return { status: 'succeeded' };
  });
  const generate = async (kind: OperationKind, content: string) => {
    const service = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent: async () => writes(content) });
    const { done } = await service.start({ kind, featureDir, userPrompt: 'again' });
    const summary = await done;
    const events: AgentEvent[] = [];
    bus.subscribe(summary.id, 0, (item) => { if (item.type === 'event') events.push(item.event); }).dispose();
    return { summary, events };
  };
  const features = () => new FeatureService({ roots: () => [root], rootOf: () => root, versionsFor: () => versions, operations: () => [] });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-ids-'));
    featureDir = join(root, 'specs', '001-photo-albums');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
    versions = new VersionStore(root);
    prompts = [];
  });
  afterEach(async () => {
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('carries the ids and the rule in the prompt, then reports each reused id in the run and as an error finding', async () => {
    await writeFile(join(featureDir, 'spec.md'), await fixture('v2.md'));
    const { summary, events } = await generate('spec', await fixture('v4.md'));
    assert.equal(summary.status, 'succeeded', 'the document is written; the ids are findings, not a failed run');
    assert.match(prompts[0], /<<< Requirement ids already in use \(keep them\) >>>/);
    assert.match(prompts[0], /- FR-007: System MUST let users add a cover photo to an album\./);
    assert.match(prompts[0], /Retired \(never use again\):\n- FR-004/);
    const errors = events.filter((e): e is Extract<AgentEvent, { kind: 'error' }> => e.kind === 'error');
    assert.deepEqual(errors.map((e) => [e.code, e.message.split(' ')[0]]), [[ID_FINDING_CODES.reused, 'FR-001'], [ID_FINDING_CODES.reused, 'FR-004']]);

    const findings = await features().check(featureDir);
    const reused = findings.filter((f) => f.code === ID_FINDING_CODES.reused);
    assert.deepEqual(reused.map((f) => [f.severity, f.message.split(' ')[0]]), [['error', 'FR-001'], ['error', 'FR-004']]);
    assert.equal(findings[0].severity, 'error', 'errors first, with the traceability findings');
  });

  it('a regeneration that kept its ids says so and leaves no id finding', async () => {
    await writeFile(join(featureDir, 'spec.md'), await fixture('v1.md'));
    const { events } = await generate('spec', await fixture('v2.md'));
    assert.ok(!events.some((e) => e.kind === 'error'));
    assert.ok(events.some((e) => e.kind === 'info' && /Requirement ids checked against the previous version: none reused/.test(e.text)));
    assert.ok(!(await features().check(featureDir)).some((f) => Object.values(ID_FINDING_CODES).includes(f.code as never)));
  });

  it('a first spec gets no id section and no id check', async () => {
    await generate('spec', await fixture('v1.md'));
    assert.doesNotMatch(prompts[0], /Requirement ids already in use/);
  });

  it('a tasks run records the spec it was written from; a later spec change flags the tasks citing it', async () => {
    const spec = await fixture('v1.md');
    await writeFile(join(featureDir, 'spec.md'), spec);
    await writeFile(join(featureDir, 'plan.md'), '# Implementation Plan: Photo Albums\n');
    const { summary, events } = await generate('tasks', await fixture('tasks-v1.md'));
    assert.equal(summary.status, 'succeeded');
    const basis = await readTasksBasis(featureDir);
    assert.equal(basis?.spec, spec);
    assert.equal(basis?.operationId, summary.id);
    assert.equal(basis?.tasks.T005, 'Rename an album in src/services/albums.ts (FR-003) (depends on T004)');
    assert.ok(events.some((e) => e.kind === 'info' && e.text.includes('tasks-basis.json')));
    assert.match(basisPathOf(featureDir), /specs\/001-photo-albums\/\.specwright\/tasks-basis\.json$/);

    await writeFile(join(featureDir, 'spec.md'), spec.replace('rename an album.', 'rename an album and give it a description.'));
    const impact = (await features().check(featureDir)).filter((f) => f.code === IMPACT_CODE);
    assert.deepEqual(impact.map((f) => f.message.split(' ')[0]), ['FR-003']);
    assert.match(impact[0].message, /FR-003 changed since this task was written/);
    assert.equal(impact[0].file, join(featureDir, 'tasks.md'));
  });
});
