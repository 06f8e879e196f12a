import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/protocol';
import { createCustomAgent, createPlainTextParser, substituteArgs } from '../../src/core/agents/custom';
import type { AgentRequest } from '../../src/core/ports/agent';
import { which } from '../../src/core/agents/which';

const echoArgs = path.join(__dirname, '..', 'fixtures', 'bin', 'echo-args.js');
const nastyPrompt = 'Photo albums: "drag & drop", it\'s $(rm -rf /) `whoami`; echo {docPath}\nsecond line';

function requestIn(root: string): AgentRequest {
  return {
    kind: 'spec',
    workspaceRoot: root,
    featureDir: path.join(root, 'specs', '001-photo albums'),
    docPath: path.join(root, 'specs', '001-photo albums', 'spec.md'),
    userPrompt: 'albums',
    prompt: nastyPrompt,
    env: {},
  };
}

describe('custom agent', () => {
  describe('argument templates', () => {
    const request = requestIn('/ws');

    it('substitutes placeholders inside larger arguments, one argument per template entry', () => {
      assert.deepEqual(substituteArgs(['--out={docPath}', '-C', '{workspaceRoot}', '{featureDir}/notes', 'plain'], request), [
        '--out=/ws/specs/001-photo albums/spec.md',
        '-C',
        '/ws',
        '/ws/specs/001-photo albums/notes',
        'plain',
      ]);
    });

    it('keeps the prompt literal: quotes, $(…), backticks and newlines stay one argument, never re-substituted', () => {
      assert.deepEqual(substituteArgs(['{prompt}', 'p={prompt}'], request), [nastyPrompt, `p=${nastyPrompt}`]);
    });

    it('leaves unknown braces alone', () => {
      assert.deepEqual(substituteArgs(['{model}', '{}', '{{prompt}}'], request), ['{model}', '{}', `{${nastyPrompt}}`]);
    });
  });

  it('turns stdout lines into message events on the stdout stream and stderr into logs', () => {
    const parser = createPlainTextParser();
    assert.deepEqual(parser.line('stdout', '# Spec'), [{ kind: 'message', text: '# Spec\n', stream: 'stdout' }]);
    assert.deepEqual(parser.line('stdout', ''), [{ kind: 'message', text: '\n', stream: 'stdout' }]);
    assert.deepEqual(parser.line('stderr', 'progress 50%'), [{ kind: 'log', text: 'progress 50%' }]);
  });

  describe('detection', () => {
    it('finds an absolute command and a bare name on PATH', async () => {
      assert.deepEqual(await createCustomAgent({ command: process.execPath, args: [] }).detect(), {
        id: 'custom',
        available: true,
        path: process.execPath,
      });
      const node = path.basename(process.execPath);
      assert.equal(await which(node, { env: { PATH: path.dirname(process.execPath) } }), process.execPath);
    });

    it('says what to set when the command is missing or empty', async () => {
      const missing = await createCustomAgent({ command: 'specwright-no-such-agent', args: [] }).detect();
      assert.equal(missing.available, false);
      assert.match(missing.hint ?? '', /specwright\.custom\.command/);
      const empty = await createCustomAgent({ command: '  ', args: [] }).detect();
      assert.equal(empty.available, false);
      assert.match(empty.hint ?? '', /specwright\.custom\.command/);
    });

    it('does not take a directory or a non-executable file for a command', async () => {
      assert.equal(await which(path.dirname(process.execPath)), undefined);
      if (process.platform !== 'win32') {
        assert.equal(await which(path.join(__dirname, 'customAgent.test.ts')), undefined);
      }
    });
  });

  describe('a real run of a fixture script', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'specwright-custom-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('passes each substituted argument verbatim (no shell) and shows stdout as the message', async () => {
      const agent = createCustomAgent({ command: process.execPath, args: [echoArgs, '--doc={docPath}', '{prompt}', 'in {featureDir}'] });
      const events: AgentEvent[] = [];
      const outcome = await agent.run(requestIn(root), { emit: (e) => events.push(e), signal: new AbortController().signal });

      assert.deepEqual(outcome, { status: 'succeeded' });
      const message = events.flatMap((e) => (e.kind === 'message' ? [e.text] : [])).join('');
      const argv = message
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as string);
      const request = requestIn(root);
      assert.deepEqual(argv, [`--doc=${request.docPath}`, nastyPrompt, `in ${request.featureDir}`]);
      assert.ok(events.every((e) => e.kind !== 'message' || e.stream === 'stdout'));
      assert.deepEqual(events.filter((e) => e.kind === 'log'), [{ kind: 'log', text: 'echo-args: 3 arguments' }]);
    });
  });
});
