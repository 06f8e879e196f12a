import { useMemo } from 'preact/hooks';
import { renderMarkdown } from '../markdown';

/** Agent text as sanitised Markdown; re-parsed only when the text changes. */
export function Markdown({ text, class: extra }: { text: string; class?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div class={`markdown${extra ? ` ${extra}` : ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
