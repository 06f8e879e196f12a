/** Items 5–8 of issue 17 against the real CLI: agent faults, cancel storm, host crash, concurrent edits. */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentFlags, findFiles, leftover, ORIGINAL, runCli, sleep, startServe, tagged, until, verdict, workspace, type Row } from './lib';

const row = (item: string, check: string, figure: string | number, expected: string, ok: boolean): Row => ({ item, check, figure: String(figure), expected, ok });

const generate = (ws: ReturnType<typeof workspace>, ...extra: string[]): string[] =>
  ['generate', 'spec', ws.featureDir, '--workspace', ws.root, '--prompt', 'a fault', ...extra];

/** 5. Agent faults: exit code, the line the user sees, the previous document, peak RSS, processes left. */
export async function agentFaults(floodMb: number): Promise<Row[]> {
  const cases: Array<{ name: string; mode: string[]; extra?: string[]; expectExit: number; docKept: 'same' | 'complete' }> = [
    { name: 'crash mid-stream after half a spec.md', mode: ['crash'], expectExit: 1, docKept: 'same' },
    { name: 'hang, --timeout 0.05 (3 s)', mode: ['hang'], extra: ['--timeout', '0.05'], expectExit: 1, docKept: 'same' },
    { name: `${floodMb} MB of stdout`, mode: ['flood', String(floodMb)], expectExit: 1, docKept: 'same' },
    { name: 'invalid UTF-8', mode: ['badutf8'], expectExit: 0, docKept: 'complete' },
    { name: 'one 10 MB line', mode: ['longline', '10'], expectExit: 0, docKept: 'complete' },
    { name: 'grandchild ignoring SIGTERM, --timeout 0.05', mode: ['grandchild'], extra: ['--timeout', '0.05'], expectExit: 1, docKept: 'same' },
    { name: 'writes outside the feature folder', mode: ['outside'], expectExit: 1, docKept: 'same' },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const ws = workspace('agent');
    const run = await runCli([...generate(ws, ...(c.extra ?? [])), ...agentFlags(c.mode[0], ...c.mode.slice(1))], { cwd: ws.root });
    const left = await leftover(run.tag);
    const doc = readFileSync(ws.spec, 'utf8');
    const docOk = c.docKept === 'same' ? doc === ORIGINAL : doc.startsWith('# Feature Specification: From the fault agent') || doc.length > 0;
    const line = verdict(run);
    // A plain command is a process of the user's: Specwright cannot confine its writes, only tell them (an ACP agent's go through pathScope).
    // The agent says which file it wrote above the workspace (other runs in the same temp folder write theirs).
    const above = c.mode[0] === 'outside' ? /wrote (\S+outside-\d+\.txt)/.exec(run.stdout)?.[1] : undefined;
    const outside = above && existsSync(above) ? [above] : [];
    for (const file of outside) rmSync(file, { force: true });
    const namesAgent = run.code === 0 || /Custom command \(node\)|custom/i.test(line);
    // In the workspace (specs/other/spec.md) Specwright must say it, naming the agent and the file;
    // above the workspace it looks nowhere (the row counts those files too).
    const told = c.mode[0] === 'outside' ? /Custom command \(node\) wrote (\d+) files? outside the feature folder while it ran: created specs\/other\/spec\.md/.exec(run.stdout) : undefined;
    const ok = run.code === c.expectExit && docOk && left === 0 && run.peakRssMb < 300 && namesAgent && (c.mode[0] !== 'outside' || (told !== null && /outside the feature folder: specs\/other\/spec\.md$/.test(line)));
    const outsideFigure = c.mode[0] === 'outside' ? ` · said: ${told?.[1] ?? 0} file(s) in the workspace (conversation + last line) · ${outside.length} above it, not checked` : '';
    rows.push(row('5 agent faults', c.name, `exit ${run.code} · ${c.docKept === 'same' ? (doc === ORIGINAL ? 'spec.md byte-identical' : 'spec.md CHANGED') : docOk ? 'new spec.md complete' : 'spec.md broken'} · peak RSS ${run.peakRssMb} MB · ${left} processes left${outsideFigure}`, `exit ${c.expectExit}, kept, < 300 MB, 0 left${c.mode[0] === 'outside' ? ', said' : ''}`, ok));
    rows.push(row('5 agent faults', '  what the user sees', line, 'names the agent and what to do', namesAgent));
  }
  return rows;
}

/** 6. Cancel storm: CLI runs interrupted with SIGINT at random moments; the agent has a child and a grandchild. */
export async function cancelStorm(runs: number, hub?: { cancelled: number; other: number }): Promise<Row[]> {
  const ws = workspace('storm');
  let left = 0;
  let lost = 0;
  let cancelled = 0;
  const exits = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const run = await runCli([...generate(ws), ...agentFlags('tree')], {
      cwd: ws.root,
      during: async (child) => {
        // A random moment of the run: from its first line (the agent starting) to about its end.
        let out = '';
        child.stdout?.on('data', (d: Buffer) => { out += d.toString('utf8'); });
        await until(() => out.includes('▶'), 20_000);
        await sleep(Math.floor(Math.random() * 900));
        child.kill('SIGINT');
      },
    });
    const exit = String(run.code ?? run.signal);
    exits.set(exit, (exits.get(exit) ?? 0) + 1);
    if (run.code === 130) cancelled++;
    left += await leftover(run.tag);
    const doc = readFileSync(ws.spec, 'utf8');
    // Cancelled: the user's text; the run won the race: a whole new document (the user's is a version).
    if (doc !== ORIGINAL && !(run.code === 0 && doc.startsWith('# Feature Specification: From the fault agent'))) lost++;
    if (doc !== ORIGINAL) writeFileSync(ws.spec, ORIGINAL);
  }
  const { total, readable } = journalLines(ws.root);
  const rows = [
    row('6 cancel storm', `${runs} CLI runs, SIGINT at a random moment: exit codes`, [...exits].map(([c, n]) => `${c}×${n}`).join(' '), `130 (cancelled), or 0 when the run won`, [...exits.keys()].every((c) => c === '130' || c === '0') && cancelled >= runs / 2),
    row('6 cancel storm', 'processes left / documents lost', `${left} / ${lost}`, '0 / 0', left === 0 && lost === 0),
    row('6 cancel storm', 'journal lines readable', `${readable} of ${total} (${total ? ((100 * readable) / total).toFixed(1) : '100'} %)`, '100 %', readable === total),
  ];
  if (hub) rows.push(row('6 cancel storm', 'hub cancel through `specwright serve`: cancelled / other', `${hub.cancelled} / ${hub.other}`, 'all / 0', hub.other === 0));
  return rows;
}

/** 7. The host killed (SIGKILL) while the agent writes: the next start puts things right. */
export async function hostCrash(): Promise<Row[]> {
  const ws = workspace('crash');
  let agentPids = 0;
  let before = 0;
  const run = await runCli([...generate(ws), ...agentFlags('halfhang')], {
    cwd: ws.root,
    during: async (child, tag) => {
      await until(() => readFileSync(ws.spec, 'utf8') !== ORIGINAL, 20_000);
      // The host, its watchdog, the agent, its child and grandchild (the grandchild may take a moment).
      await until(() => tagged(tag).length >= 5, 5_000);
      before = tagged(tag).length;
      child.kill('SIGKILL');
    },
  });
  // The agent (with a child and a grandchild) runs in its own process group, which a dying host
  // does not take along: the runner's watchdog ends it. Whatever is still there after 5 s is counted, then ended.
  agentPids = await leftover(run.tag);
  // The next start: `specwright serve` on the workspace (any core start recovers), then the history.
  const next = await startServe(ws.root);
  await until(() => readFileSync(ws.spec, 'utf8') === ORIGINAL, 5_000);
  await next.stop();
  const history = await runCli(['history', '--workspace', ws.root, '--json'], { cwd: ws.root });
  const interrupted = /Interrupted/.test(history.stdout);
  const restored = readFileSync(ws.spec, 'utf8') === ORIGINAL;
  const versions = join(ws.root, '.specwright', 'versions', '001-albums', 'spec.md');
  const keptHalf = existsSync(versions) && readdirSync(versions).some((n) => n.endsWith('.md') && readFileSync(join(versions, n), 'utf8').startsWith('# Feature Specification: From the fault agent'));
  const temps = findFiles(ws.root, (n) => n.endsWith('.tmp')).length;
  return [
    row('7 host crash', 'SIGKILL mid-write → next start: operation shows', interrupted ? 'Interrupted' : 'not interrupted', 'Interrupted', interrupted),
    row('7 host crash', 'previous spec.md restored / agent\'s half kept as a version', `${restored ? 'restored' : 'NOT restored'} / ${keptHalf ? 'kept' : 'not kept'}`, 'restored / kept', restored && keptHalf),
    row('7 host crash', '.tmp files left', temps, '0', temps === 0),
    row('7 host crash', 'SIGKILL with agent, child, grandchild running: processes → left', `${before} → ${agentPids}`, '≥ 4 → 0', before >= 4 && agentPids === 0),
  ];
}

/** 8. The document changed on disk while a CLI run regenerates it. */
export async function concurrentEdit(): Promise<Row[]> {
  const ws = workspace('edit');
  const go = join(ws.root, 'go');
  const mine = `${ORIGINAL}\nTyped in another editor during the run.\n`;
  const run = await runCli([...generate(ws), ...agentFlags('writeafter', go)], {
    cwd: ws.root,
    during: async () => {
      await until(() => existsSync(`${go}.ready`), 20_000);
      writeFileSync(ws.spec, mine);
      await sleep(1_000);
      writeFileSync(go, '');
    },
  });
  const versions = join(ws.root, '.specwright', 'versions', '001-albums', 'spec.md');
  const kept = existsSync(versions) && readdirSync(versions).some((n) => n.endsWith('.md') && readFileSync(join(versions, n), 'utf8') === mine);
  const said = /changed on disk while the agent ran/.test(run.stdout);
  rmSync(go, { force: true });
  return [
    row('8 concurrent edits', 'CLI run, spec.md edited on disk meanwhile: your text kept as a version / said so', `${kept ? 'kept' : 'LOST'} / ${said ? 'said' : 'silent'}`, 'kept / said', kept && said),
  ];
}

function journalLines(root: string): { total: number; readable: number } {
  let total = 0;
  let readable = 0;
  for (const file of findFiles(join(root, '.specwright', 'journal'), (n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      total++;
      try { JSON.parse(line); readable++; } catch { /* counted */ }
    }
  }
  return { total, readable };
}
