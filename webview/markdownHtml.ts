import { Marked } from 'marked';
import { frontMatterHtml, splitFrontMatter } from './frontMatter';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Raw HTML in agent output is shown as text, not parsed: a transcript needs none of it, and
// parsing `<img onerror=…>` even in DOMPurify's inert document trips (harmless) CSP reports.
const marked = new Marked({ gfm: true, breaks: false, async: false, renderer: { html: ({ text }) => escapeHtml(text) } });

/**
 * Markdown → HTML, not yet sanitised (`renderMarkdown` does that). Front matter is metadata,
 * never a heading: a collapsed block above the rendered body.
 */
export function markdownHtml(text: string): string {
  const front = splitFrontMatter(text);
  return front ? frontMatterHtml(front) + (marked.parse(front.body) as string) : (marked.parse(text) as string);
}
