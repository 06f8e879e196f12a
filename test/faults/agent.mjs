#!/usr/bin/env node
// The fault suite's misbehaving agent (a custom command): `agent.mjs <mode> [args…]`, run with
// cwd = the workspace, SPECIFY_FEATURE_DIRECTORY = the feature folder. Every mode is bounded.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let [mode = 'ok', ...args] = process.argv.slice(2);
// Under `specwright serve` one command serves every run: the suite names the mode in a file.
if (mode === 'fromfile') [mode = 'ok', ...args] = JSON.parse(readFileSync(join(process.cwd(), '.fault-mode'), 'utf8'));
const feature = process.env.SPECIFY_FEATURE_DIRECTORY ?? process.cwd();
const spec = join(feature, 'spec.md');
const doc = '# Feature Specification: From the fault agent\n\n## Requirements\n\n- **FR-001**: System MUST survive.\n';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hang = () => setInterval(() => undefined, 1 << 30);

async function pump(buffer, total) {
  let written = 0;
  while (written < total) {
    const piece = buffer.subarray(0, Math.min(buffer.length, total - written));
    written += piece.length;
    if (!process.stdout.write(piece)) await new Promise((r) => process.stdout.once('drain', r));
  }
}

switch (mode) {
  case 'ok':
    writeFileSync(spec, doc);
    break;
  case 'lines': {
    // `lines N perTick`: N stderr lines (N log events), perTick of them per millisecond tick.
    const n = Number(args[0] ?? 10000);
    const perTick = Number(args[1] ?? 1);
    for (let i = 1; i <= n; i++) {
      process.stderr.write(`line ${i}\n`);
      if (i % perTick === 0) await sleep(1);
    }
    writeFileSync(spec, doc);
    break;
  }
  case 'crash':
    // Half a document, then a crash.
    writeFileSync(spec, doc.slice(0, doc.length >> 1));
    process.stdout.write('working on it…\n');
    process.stderr.write('fatal: the fault agent crashed on purpose\n');
    process.exit(3);
    break;
  case 'hang':
    process.stdout.write('thinking…\n');
    hang();
    break;
  case 'flood':
    await pump(Buffer.from(`${'x'.repeat(99)}\n`.repeat(655)), Number(args[0] ?? 200) * 1024 * 1024);
    break;
  case 'badutf8':
    process.stdout.write(Buffer.from([0x68, 0xc3, 0x28, 0xff, 0xfe, 0x0a, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x0a]));
    process.stderr.write(Buffer.from([0xc0, 0xaf, 0x0a]));
    writeFileSync(spec, doc);
    break;
  case 'longline':
    await pump(Buffer.from('y'.repeat(64 * 1024)), Number(args[0] ?? 10) * 1024 * 1024);
    process.stdout.write('\n');
    writeFileSync(spec, doc);
    break;
  case 'grandchild': {
    // A child whose own child ignores SIGTERM; then this agent hangs too.
    const code = "process.on('SIGTERM',()=>{});require('node:child_process').spawn(process.execPath,['-e',\"process.on('SIGTERM',()=>{});setInterval(()=>{},1<<30)\"],{stdio:'ignore'});setInterval(()=>{},1<<30)";
    spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    process.stdout.write('started helpers\n');
    hang();
    break;
  }
  case 'tree': {
    // The cancel storm's agent: a child and a grandchild, writing the spec in steps.
    const code = "require('node:child_process').spawn(process.execPath,['-e','setInterval(()=>{},1<<30)'],{stdio:'ignore'});setInterval(()=>{},1<<30)";
    spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    for (let i = 0; i < 20; i++) {
      process.stdout.write(`step ${i}\n`);
      await sleep(50);
    }
    writeFileSync(spec, doc);
    break;
  }
  case 'outside': {
    // Writes next to the feature folder (and above the workspace), then writes nothing of its own.
    const outside = join(feature, '..', '..', '..', `outside-${process.pid}.txt`);
    try { writeFileSync(outside, 'written outside the feature folder'); } catch { /* read-only */ }
    mkdirSync(join(feature, '..', 'other'), { recursive: true });
    writeFileSync(join(feature, '..', 'other', 'spec.md'), 'not this feature');
    process.stderr.write(`wrote ${outside}\n`);
    break;
  }
  case 'halfhang': {
    // Starts a child and a grandchild, writes half the document and hangs: the host is killed meanwhile.
    const code = "require('node:child_process').spawn(process.execPath,['-e','setInterval(()=>{},1<<30)'],{stdio:'ignore'});setInterval(()=>{},1<<30)";
    spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    writeFileSync(spec, doc.slice(0, doc.length >> 1));
    process.stdout.write('half written\n');
    hang();
    break;
  }
  case 'writeafter': {
    // `writeafter <goFile>`: says it is ready, waits for goFile (at most 30 s), then writes the spec.
    const go = args[0];
    writeFileSync(`${go}.ready`, '');
    const deadline = Date.now() + 30_000;
    const { existsSync } = await import('node:fs');
    while (!existsSync(go) && Date.now() < deadline) await sleep(50);
    writeFileSync(spec, doc);
    break;
  }
  default:
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exit(2);
}
