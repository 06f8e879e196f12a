/**
 * YAML front matter (`---` on the first line, up to the next `---` or `...`), common at the top
 * of real spec.md / tasks.md files. Markdown would show it as a rule and a setext heading (the
 * last field underlined by the closing `---`); it is metadata, shown collapsed instead.
 */
export interface FrontMatter {
  /** The YAML between the fences, as written. */
  yaml: string;
  /** Top-level `key: value` pairs, in order (nested values as their raw lines). */
  fields: [string, string][];
  /** Lines the block spans, fences included. */
  lineCount: number;
  /** The document after the block. */
  body: string;
}

export function splitFrontMatter(text: string): FrontMatter | undefined {
  const lines = text.split('\n');
  if (lines.length < 2 || lines[0].replace(/\r$/, '').trimEnd() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l.replace(/\r$/, '')));
  if (end < 0) return undefined;
  const yamlLines = lines.slice(1, end).map((l) => l.replace(/\r$/, ''));
  const fields: [string, string][] = [];
  for (const line of yamlLines) {
    const m = /^([A-Za-z0-9_.-][^:]*?):\s*(.*)$/.exec(line);
    if (m && !/^\s/.test(line)) fields.push([m[1], unquote(m[2])]);
    else if (fields.length && line.trim()) fields[fields.length - 1][1] = `${fields[fields.length - 1][1]}${fields[fields.length - 1][1] ? ' ' : ''}${line.trim()}`;
  }
  return { yaml: yamlLines.join('\n'), fields, lineCount: end + 1, body: lines.slice(end + 1).join('\n') };
}

const unquote = (value: string): string => value.trim().replace(/^(['"])(.*)\1$/, '$2');

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A closed `<details>` with the fields as a definition list (all text escaped). */
export function frontMatterHtml(front: FrontMatter): string {
  const summary = `Metadata (${front.fields.length} field${front.fields.length === 1 ? '' : 's'})`;
  const rows = front.fields.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<details class="front-matter"><summary>${summary}</summary>${rows ? `<dl>${rows}</dl>` : `<pre>${escapeHtml(front.yaml)}</pre>`}</details>`;
}
