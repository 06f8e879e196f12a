import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AgentEvent } from '../../../src/protocol';
import type { OutputParser, RunReport } from '../../../src/core/ports/agent';

const STREAMS = path.join(__dirname, '..', '..', 'fixtures', 'streams');

export interface Parsed {
  events: AgentEvent[];
  /** Every report merged, later facts winning, as the operation summary would hold them. */
  facts: RunReport;
}

/** Feeds a recorded stream (test/fixtures/streams/<name>) to a fresh parser, line by line. */
export function parseStream(name: string, make: (report: (facts: RunReport) => void) => OutputParser): Parsed {
  const facts: RunReport = {};
  const parser = make((f) => Object.assign(facts, f));
  const lines = readFileSync(path.join(STREAMS, name), 'utf8').split('\n');
  const events = lines.flatMap((line) => parser.line('stdout', line));
  return { events: [...events, ...(parser.end?.() ?? [])], facts };
}

export const textOf = (events: readonly AgentEvent[], kind: 'message' | 'thinking'): string =>
  events.map((e) => (e.kind === kind ? e.text : '')).join('');
