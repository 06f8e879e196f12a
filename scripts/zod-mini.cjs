#!/usr/bin/env node
// Rewrites classic zod schemas to zod/mini in place: `npm run zod:mini -- <file.ts…>` (add
// `--dry-run` to print instead). The type checker says which receivers are zod schemas and of
// which kind, so `x.optional()` → `z.optional(x)`, `z.number().int().min(0)` →
// `z.int().check(z.minimum(0))`, `z.string().min(1)` → `z.string().check(z.minLength(1))`,
// `z.object({…}).strict()` → `z.strictObject({…})`, `.passthrough()` → `z.looseObject`,
// `.extend(s)` → `z.extend(x, s)`, `.refine(f)` → `x.check(z.refine(f))`, `.default(v)` →
// `z._default(x, v)`. What it cannot map is listed; fix those by hand. Files under webview/ are
// checked with webview/tsconfig.json, the rest with tsconfig.json.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const files = args.filter((a) => a !== '--dry-run').map((f) => path.resolve(f));
if (!files.length) {
  process.stderr.write('usage: npm run zod:mini -- [--dry-run] <file.ts…>\n');
  process.exit(2);
}

const NUMBER_CHECKS = { min: 'minimum', max: 'maximum', gte: 'minimum', lte: 'maximum', gt: 'gt', lt: 'lt', positive: 'positive', nonnegative: 'nonnegative', negative: 'negative', nonpositive: 'nonpositive', multipleOf: 'multipleOf' };
const LENGTH_CHECKS = { min: 'minLength', max: 'maxLength', length: 'length' };
const STRING_CHECKS = { regex: 'regex', trim: 'trim', startsWith: 'startsWith', endsWith: 'endsWith', includes: 'includes', toLowerCase: 'toLowerCase', toUpperCase: 'toUpperCase', lowercase: 'lowercase', uppercase: 'uppercase' };
const WRAPPERS = new Set(['optional', 'nullable', 'nullish', 'array']);
const OBJECT_FUNCTIONS = new Set(['extend', 'pick', 'omit', 'partial', 'required', 'catchall']);
const KEPT = new Set(['safeParse', 'parse', 'safeParseAsync', 'parseAsync', 'check', 'brand', 'clone', 'register']);

function programFor(tsconfig) {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
}

const problems = [];
const groups = new Map();
for (const file of files) {
  const config = path.relative(root, file).startsWith(`webview${path.sep}`) ? 'webview/tsconfig.json' : 'tsconfig.json';
  groups.set(config, [...(groups.get(config) ?? []), file]);
}

for (const [config, group] of groups) {
  const program = programFor(path.join(root, config));
  const checker = program.getTypeChecker();
  for (const file of group) {
    const sf = program.getSourceFile(file);
    if (!sf) {
      problems.push(`${file}: not part of ${config}`);
      continue;
    }
    const output = rewrite(sf, checker);
    if (dryRun) process.stdout.write(`=== ${path.relative(root, file)}\n${output}`);
    else if (output !== sf.getFullText()) fs.writeFileSync(file, output);
  }
}
for (const p of problems) process.stderr.write(`not rewritten: ${p}\n`);
process.exitCode = problems.length ? 1 : 0;

function rewrite(sf, checker) {
  const text = sf.getFullText();
  const where = (node) => `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const zodKind = (expr) => {
    const type = checker.getTypeAtLocation(expr);
    const name = type.getSymbol()?.getName() ?? type.aliasSymbol?.getName() ?? '';
    return /^Zod/.test(name) ? name : undefined; // classic, or mini called the classic way after a merge
  };

  // A chain the checker cannot type (a classic method on a mini schema, after a merge): its kind
  // from how it was built, e.g. `z.number().int()` is a number.
  const FACTORY_KINDS = { number: 'ZodNumber', int: 'ZodInt', string: 'ZodString', array: 'ZodArray', object: 'ZodObject' };
  const guessKind = (expr) => {
    if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return undefined;
    const method = expr.expression.name.text;
    if (expr.expression.expression.getText(sf) === 'z') return FACTORY_KINDS[method];
    if (method === 'int' || NUMBER_CHECKS[method] || LENGTH_CHECKS[method] || STRING_CHECKS[method]) return kindOf(expr.expression.expression);
    return undefined;
  };
  const kindOf = (expr) => zodKind(expr) ?? guessKind(expr);

  const emit = (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const kind = kindOf(node.expression.expression);
      if (kind) {
        const mapped = mapCall(kind, node);
        if (mapped !== undefined) return mapped;
      }
    }
    let out = '';
    let pos = node.getStart(sf);
    ts.forEachChild(node, (child) => {
      out += text.slice(pos, child.getStart(sf)) + emit(child);
      pos = child.getEnd();
    });
    return out + text.slice(pos, node.getEnd());
  };

  const mapCall = (kind, node) => {
    const receiver = node.expression.expression;
    const method = node.expression.name.text;
    const r = () => emit(receiver);
    const a = node.arguments.map((arg) => emit(arg));
    if (KEPT.has(method)) return undefined;
    if (WRAPPERS.has(method)) return `z.${method}(${r()})`;
    if (OBJECT_FUNCTIONS.has(method)) return `z.${method}(${[r(), ...a].join(', ')})`;
    switch (method) {
      case 'default': return `z._default(${[r(), ...a].join(', ')})`;
      case 'catch': return `z.catch(${[r(), ...a].join(', ')})`;
      case 'or': return `z.union([${[r(), ...a].join(', ')}])`;
      case 'refine': return `${r()}.check(z.refine(${a.join(', ')}))`;
      case 'superRefine': return `${r()}.check(z.superRefine(${a.join(', ')}))`;
      case 'transform': return `z.pipe(${r()}, z.transform(${a.join(', ')}))`;
      case 'passthrough': case 'strict': case 'strip': {
        const fn = { passthrough: 'looseObject', strict: 'strictObject', strip: 'object' }[method];
        if (ts.isCallExpression(receiver) && receiver.expression.getText(sf) === 'z.object') return `z.${fn}(${receiver.arguments.map(emit).join(', ')})`;
        problems.push(`${where(node)}: .${method}() on an object that is not a z.object({…}) literal`);
        return undefined;
      }
      case 'int':
        if (receiver.getText(sf) === 'z.number()') return `z.int(${a.join(', ')})`;
        if (/Int/.test(kind)) return r();
        problems.push(`${where(node)}: .int() after other checks (write z.int().check(…))`);
        return undefined;
      default: {
        const check = (/Number|Int/.test(kind) && NUMBER_CHECKS[method]) || (/String|Array/.test(kind) && LENGTH_CHECKS[method]) || (/String/.test(kind) && STRING_CHECKS[method]);
        if (check) return `${r()}.check(z.${check}(${a.join(', ')}))`;
        problems.push(`${where(node)}: .${method}() on ${kind}`);
        return undefined;
      }
    }
  };

  let out = '';
  let pos = 0;
  for (const statement of sf.statements) {
    out += text.slice(pos, statement.getStart(sf)) + emit(statement);
    pos = statement.getEnd();
  }
  out += text.slice(pos);
  // One .check(…) with every check, in their order.
  let merged;
  while ((merged = out.replace(/\.check\((z\.[A-Za-z]+\([^()]*\))\)\.check\(/g, '.check($1, ')) !== out) out = merged;
  return out
    .replace(/import \{ z \} from 'zod(?:\/v4)?';/g, "import * as z from 'zod/mini';")
    .replace(/import type \{ z \} from 'zod(?:\/v4)?';/g, "import type * as z from 'zod/mini';");
}
