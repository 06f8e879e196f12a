import DOMPurify from 'dompurify';
import { markdownHtml } from './markdownHtml';

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^(https:|data:image\/(png|gif|jpe?g|webp);)/i;

// Agent output is untrusted: links may only leave to the web (VS Code opens those externally);
// anything else (javascript:, command:, relative paths that would navigate the webview) loses its href.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG') {
    // Relative sources would resolve against the webview itself; only remote https and inline images.
    const src = node.getAttribute('src');
    if (!src || !SAFE_IMAGE.test(src.trim())) node.removeAttribute('src');
    return;
  }
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href');
  if (!href || !SAFE_LINK.test(href.trim())) {
    node.removeAttribute('href');
    return;
  }
  node.setAttribute('title', href);
  node.setAttribute('target', '_blank');
  node.setAttribute('rel', 'noopener noreferrer');
});

/** Markdown → sanitised HTML, safe for `dangerouslySetInnerHTML` under the webview CSP. */
export function renderMarkdown(text: string): string {
  const html = markdownHtml(text);
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    // Inline styles are blocked by the CSP anyway; forms and frames have no place in a transcript.
    FORBID_ATTR: ['style'],
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    ADD_ATTR: ['target'],
  });
}
