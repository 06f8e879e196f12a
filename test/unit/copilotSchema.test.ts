import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createCopilotParser } from '../../src/core/agents/copilotParser';
import type { RunReport } from '../../src/core/ports/agent';
import { AgentEvent } from '../../src/protocol';

/**
 * One generated sample line per event type of the Copilot CLI's own schema
 * (`schemas/session-events.schema.json`, shipped in the platform package
 * @github/copilot-sdk-linux-x64, an optional dependency: linux-x64 only). Issue 14 item 4: a type
 * that carries something for the user shows it; none ends as clipped raw JSON in a log row.
 */
const SCHEMA = path.join(__dirname, '..', '..', 'node_modules', '@github', 'copilot-sdk-linux-x64', 'schemas', 'session-events.schema.json');

type Json = Record<string, unknown>;

/** The types whose sample must become something other than a collapsed log line. */
const MUST_SHOW = [
  'assistant.message', 'assistant.message_delta', 'assistant.reasoning', 'assistant.reasoning_delta', 'tool.execution_start', 'tool.execution_complete',
  'tool.execution_progress', 'tool.execution_partial_result', 'subagent.started', 'subagent.completed', 'subagent.failed', 'session.task_complete',
  'session.error', 'session.start', 'session.idle', 'abort', 'agent.interrupted', 'assistant.intent', 'session.title_changed', 'session.mode_changed',
  'session.model_change', 'session.compaction_start', 'mcp.oauth_required', 'session_limits_exhausted.requested', 'system.notification',
  'exit_plan_mode.requested', 'skill.invoked', 'session.handoff', 'session.info',
];

describe('Copilot CLI event schema: one sample line per type', function () {
  before(function () {
    if (!existsSync(SCHEMA)) this.skip(); // the schema's package installs on linux-x64 only
  });

  it('maps every content type to an event the user sees, and no type to raw JSON', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { definitions: Record<string, Json> };
    const defs = schema.definitions;
    const resolve = (node: Json): Json => (typeof node.$ref === 'string' ? resolve(defs[node.$ref.split('/').pop() as string]) : node);
    const sample = (node: Json, name: string, depth = 0): unknown => {
      const n = resolve(node);
      if ('const' in n) return n.const;
      if (Array.isArray(n.enum)) return n.enum[0];
      const variants = (n.anyOf ?? n.oneOf) as Json[] | undefined;
      if (variants) return sample(variants.find((v) => resolve(v).type !== 'null') ?? variants[0], name, depth);
      const type = Array.isArray(n.type) ? (n.type as string[]).find((t) => t !== 'null') : n.type;
      if (type === 'string') return n.format === 'uuid' ? '00000000-0000-4000-8000-000000000001' : `sample ${name}`;
      if (type === 'integer' || type === 'number') return 3;
      if (type === 'boolean') return name === 'success' || name === 'ok';
      if (type === 'array') return [];
      if (type === 'object' || n.properties) {
        if (depth > 3) return {};
        const props = (n.properties ?? {}) as Record<string, Json>;
        const required = new Set((n.required ?? []) as string[]);
        // Every string field (the words), plus what is required.
        return Object.fromEntries(Object.entries(props).filter(([k, v]) => required.has(k) || resolve(v).type === 'string').map(([k, v]) => [k, sample(v, k, depth + 1)]));
      }
      return null;
    };
    const union = resolve(defs.SessionEvent).anyOf as Json[];
    const types: string[] = [];
    const shown = new Set<string>();
    for (const variant of union) {
      const event = resolve(variant);
      const type = ((event.properties as Json).type as Json).const as string;
      types.push(type);
      const line = { type, id: '00000000-0000-4000-8000-000000000001', timestamp: '2026-11-23T10:00:00.000Z', parentId: null, data: sample((event.properties as Record<string, Json>).data, 'data') };
      const reports: RunReport[] = [];
      const parser = createCopilotParser((f) => reports.push(f));
      const events = parser.line('stdout', JSON.stringify(line));
      for (const e of events) {
        assert.ok(AgentEvent.safeParse(e).success, `${type}: ${JSON.stringify(e)} is not a valid event`);
        if (e.kind === 'log') assert.doesNotMatch(e.text, /[{[]"/, `${type} ends as raw JSON: ${e.text}`);
      }
      if (events.some((e) => e.kind !== 'log') || reports.length) shown.add(type);
    }
    assert.ok(types.length > 140, `the schema lists ${types.length} types`);
    assert.deepEqual(MUST_SHOW.filter((t) => types.includes(t) && !shown.has(t)), [], 'content types that show nothing');
    assert.deepEqual(MUST_SHOW.filter((t) => !types.includes(t)), [], 'types this test expects that the schema no longer has');
  });

  it('groups a sub-agent\'s work under its step, streams shell output into the step, and adds up usage', () => {
    const reports: RunReport[] = [];
    const parser = createCopilotParser((f) => reports.push(f));
    const line = (type: string, data: Json, agentId?: string) => parser.line('stdout', JSON.stringify({ type, data, id: 'x', timestamp: 't', parentId: null, ...(agentId ? { agentId } : {}) }));
    const events = [
      ...line('tool.execution_start', { toolCallId: 'task-1', toolName: 'task', arguments: { description: 'Explore' } }),
      ...line('subagent.started', { toolCallId: 'task-1', agentName: 'explore', agentDisplayName: 'Explore', agentDescription: 'Reads the codebase' }, 'sub-7'),
      ...line('assistant.message', { messageId: 'sm', content: 'Found the models.' }, 'sub-7'),
      ...line('tool.execution_start', { toolCallId: 'sh-1', toolName: 'bash', arguments: { command: 'ls src' } }, 'sub-7'),
      ...line('tool.execution_partial_result', { toolCallId: 'sh-1', partialOutput: 'album.ts\n' }, 'sub-7'),
      ...line('tool.execution_partial_result', { toolCallId: 'sh-1', partialOutput: 'photo.ts\n' }, 'sub-7'),
      ...line('tool.execution_complete', { toolCallId: 'sh-1', success: true }, 'sub-7'),
      ...line('assistant.usage', { model: 'm', inputTokens: 100, outputTokens: 20 }, 'sub-7'),
      ...line('subagent.completed', { toolCallId: 'task-1', agentName: 'explore', agentDisplayName: 'Explore', totalToolCalls: 1 }),
      ...line('assistant.usage', { model: 'm', inputTokens: 50, outputTokens: 5 }),
      ...line('assistant.message', { messageId: 'mm', content: 'Done.' }),
    ];
    assert.deepEqual(events, [
      { kind: 'tool', phase: 'start', id: 'task-1', title: 'task', status: 'running', detail: '{"description":"Explore"}' },
      { kind: 'tool', phase: 'update', id: 'task-1', title: 'Sub-agent Explore: Reads the codebase', status: 'running' },
      { kind: 'message', text: 'Found the models.', stream: 'sm', group: 'task-1' },
      { kind: 'tool', phase: 'start', id: 'sh-1', title: 'bash ls src', status: 'running', detail: '{"command":"ls src"}', group: 'task-1' },
      { kind: 'tool', phase: 'update', id: 'sh-1', title: 'bash ls src', status: 'running', output: 'album.ts\n', group: 'task-1' },
      { kind: 'tool', phase: 'update', id: 'sh-1', title: 'bash ls src', status: 'running', output: 'photo.ts\n', group: 'task-1' },
      { kind: 'tool', phase: 'end', id: 'sh-1', title: 'bash ls src', status: 'succeeded', group: 'task-1' },
      { kind: 'tool', phase: 'end', id: 'task-1', title: 'Sub-agent Explore: Reads the codebase', status: 'succeeded', detail: '1 tool call' },
      { kind: 'message', text: 'Done.', stream: 'mm' },
    ]);
    assert.deepEqual(reports.filter((r) => r.usage).at(-1)?.usage, { inputTokens: 150, outputTokens: 25 });
  });
});
