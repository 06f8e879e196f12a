import assert from 'node:assert/strict';
import type { FeatureStatus } from '../../src/protocol';
import { escapeMarkdown, featureRowText, phaseText } from '../../src/vscode/featureRowText';

const status = (over: Partial<FeatureStatus>): FeatureStatus => ({
  path: '/w/specs/001-photo-albums', name: '001-photo-albums', root: '/w', stage: 'spec',
  documents: { spec: true, plan: false, tasks: false }, openClarifications: 0, nextStep: 'plan', ...over,
});

describe('Features view row text', () => {
  it('names the documents present until there are tasks, then the task progress', () => {
    assert.equal(featureRowText(status({})).description, 'spec');
    assert.equal(featureRowText(status({ stage: 'new', documents: { spec: false, plan: false, tasks: false }, nextStep: 'spec' })).description, 'no documents yet');
    const withTasks = featureRowText(status({
      stage: 'tasks', documents: { spec: true, plan: true, tasks: true }, nextStep: undefined,
      progress: { done: 3, total: 8, phases: [{ name: 'Phase 1: Setup', done: 3, total: 3 }, { name: 'Phase 2: Core', done: 0, total: 5 }] },
    }));
    assert.equal(withTasks.description, '3/8 done');
    assert.match(withTasks.tooltip, /Tasks: 3\/8 done \(38%\)/);
    assert.match(withTasks.tooltip, /- Phase 1: Setup: 3\/3/);
    assert.doesNotMatch(withTasks.tooltip, /Next step/);
  });

  it("says which feature is spec-kit's current one (.specify/feature.json)", () => {
    const text = featureRowText(status({ current: true }));
    assert.equal(text.description, 'current · spec');
    assert.match(text.tooltip, /Current feature \(\.specify\/feature\.json\)/);
    assert.doesNotMatch(featureRowText(status({})).tooltip, /Current feature/);
  });

  it('adds open questions and an operation that did not succeed', () => {
    const text = featureRowText(status({
      openClarifications: 2,
      lastOperation: { id: 'o', kind: 'plan', feature: '/w/specs/001-photo-albums', featureName: '001-photo-albums', agent: 'copilot', status: 'failed', reason: 'exit 1', createdAt: 1, lastSeq: 2 } as FeatureStatus['lastOperation'],
    }));
    assert.equal(text.description, 'spec · 2? · plan failed');
    assert.match(text.tooltip, /Open clarifications: 2/);
    assert.match(text.tooltip, /Last operation: plan with copilot — failed \(exit 1\)/);
    assert.match(text.tooltip, /Next step: generate plan\.md/);
  });

  it('keeps names from disk from becoming Markdown', () => {
    assert.equal(escapeMarkdown('[x](http://e)'), '\\[x\\]\\(http://e\\)');
    assert.match(featureRowText(status({ name: '002-*bold*' })).tooltip, /\*\*002\\-\\\*bold\\\*\*\*/);
  });

  it('says when a phase has no tasks', () => {
    assert.equal(phaseText({ name: 'Notes', done: 0, total: 0 }), 'no tasks');
    assert.equal(phaseText({ name: 'P', done: 1, total: 4 }), '1/4');
  });
});
