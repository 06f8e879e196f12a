/**
 * The facts about each task that the checks and the status need: id(s), line, phase, [P], the
 * tasks it depends on, the requirements it names and the files it touches.
 */
import { sourceLines } from './specOutline';

export interface TaskFacts {
  /** The task's own id (T001), when it has one. */
  id?: string;
  /** Every id the entry stands for: a range T029–T034 stands for six. */
  ids: string[];
  /** 0-based line in tasks.md. */
  line: number;
  /** Key of the phase it belongs to (its heading), '' before the first phase. */
  phase: string;
  parallel: boolean;
  done: boolean;
  /** The checkbox character as written: ' ', 'x', 'X' or '-' (skipped). */
  mark: string;
  /** Bracketed tags after the id, as written: P, US1, and any others. */
  tags: string[];
  /** The text after the id and the tags. */
  description: string;
  dependsOn: string[];
  /** FR-001, SC-002, R005 … as written. */
  requirements: string[];
  /** Paths named in the description (src/models/user.py, package.json). */
  files: string[];
}

// FALLBACK: a minimal reader written because the shared tasks.md parser (src/core/features/tasks/)
// had not landed 45 minutes in; switch taskFactsOf to map that parser's result once it exists.
const TASK = /^\s*[-*]\s+\[([ xX-])\]\s+(?:\*\*)?(T\d+)(?:\*\*)?(?:\s*[–-]\s*(T\d+))?\b(.*)$/;
const PHASE = /^#{2}\s+(.+)$/;

export function taskFactsOf(text: string): TaskFacts[] {
  const out: TaskFacts[] = [];
  let phase = '';
  for (const l of sourceLines(text)) {
    if (!l.prose) continue;
    const heading = PHASE.exec(l.visible);
    if (heading) {
      phase = heading[1].trim();
      continue;
    }
    const m = TASK.exec(l.visible);
    if (!m) continue;
    const rest = m[4];
    const tagged = /^((?:\s*\[[^\]\s]+\])*)\s*(.*)$/.exec(rest);
    const tags = [...(tagged?.[1] ?? '').matchAll(/\[([^\]\s]+)\]/g)].map((t) => t[1]);
    out.push({
      id: m[2], ids: m[3] ? expandRange(m[2], m[3]) : [m[2]], line: l.line, phase,
      parallel: tags.includes('P'), done: m[1] === 'x' || m[1] === 'X', mark: m[1], tags,
      description: (tagged?.[2] ?? rest).trim(),
      dependsOn: [...(/\(depends on ([^)]*)\)/i.exec(rest)?.[1] ?? '').matchAll(/\bT\d+\b/g)].map((d) => d[0]),
      requirements: [...rest.matchAll(/\b(?:FR|SC)-\d+[a-z]?\b|\bR\d{3}\b/g)].map((r) => r[0]),
      files: filesOf(rest),
    });
  }
  return out;
}

function expandRange(from: string, to: string): string[] {
  const width = from.length - 1;
  const a = Number(from.slice(1));
  const b = Number(to.slice(1));
  if (!(b >= a) || b - a > 1000) return [from];
  return Array.from({ length: b - a + 1 }, (_, i) => `T${String(a + i).padStart(width, '0')}`);
}

const EXTENSIONS = 'ts|tsx|js|jsx|mjs|cjs|json|py|go|rs|java|kt|kts|swift|cs|csproj|rb|php|c|h|cpp|hpp|md|yml|yaml|toml|xml|html|css|scss|sql|sh|gradle|vue|svelte|dart|ex|exs|lock|env|txt|cfg|ini';
const PATH = new RegExp(`(?:^|[\\s(\`'"])((?:\\.{0,2}/)?(?:[\\w@.-]+/)+[\\w@.-]+|[\\w@-][\\w@.-]*\\.(?:${EXTENSIONS}))(?=$|[\\s)\`'",;:]|\\.(?:$|\\s))`, 'g');

/** Names that look like files but are products ("Initialize the Node.js project"). */
const PRODUCT_NAMES = /^(node|vue|next|nuxt|react|express|d3|three|chart|ember|backbone|angular|moment|nest|deno|alpine|solid|svelte)\.js$/i;

/**
 * Paths named in a task description: anything with a slash, or a file name with a known
 * extension. Trailing punctuation is dropped and `./` removed so one file is spelled one way.
 */
export function filesOf(description: string): string[] {
  const found = new Set<string>();
  for (const m of description.matchAll(PATH)) {
    const path = m[1].replace(/[.]+$/, '').replace(/^\.\//, '');
    const name = path.slice(path.lastIndexOf('/') + 1);
    // Files only: a directory (src/models/) or a phrase with a slash ("and/or") is not something two tasks collide on.
    if (!/\.[A-Za-z0-9]{1,10}$/.test(name) || /^https?:/.test(path)) continue;
    if (!path.includes('/') && (!new RegExp(`\\.(?:${EXTENSIONS})$`).test(name) || PRODUCT_NAMES.test(name))) continue;
    found.add(path);
  }
  return [...found];
}
