import type { LayoutReport } from '../../src/protocol/layout';

const PARTS: Record<string, string> = {
  toolbar: '.toolbar',
  opHeader: '.op-header',
  eventList: '.event-list',
  nextStep: '.next-step',
  agents: '.agents-section',
  github: '.github-section',
  promptBox: '.prompt-box',
  emptyState: '.empty-state',
};

const TEXT_OF: Record<string, string> = {
  agentsSummary: '.agents-section > summary',
  agentHint: '.prompt-box .agent-hint',
  promptHint: '.prompt-hint',
  opReason: '.op-reason',
};

/** Elements whose text should read as a line, not a column of letters. */
const TEXTS = '.next-step span, .error-code, .error-message, .op-reason, .prompt-hint, .agents-runs';

/** How the page is laid out now, in CSS pixels; a part's `visible` is the share inside the page. */
export function measureLayout(id: string, doc: Document = document, win: Window = window): LayoutReport {
  const viewHeight = win.innerHeight;
  const parts: LayoutReport['parts'] = {};
  for (const [name, selector] of Object.entries(PARTS)) {
    const el = doc.querySelector(selector);
    if (!el) continue;
    const r = el.getBoundingClientRect();
    const visible = Math.max(0, Math.min(r.bottom, viewHeight) - Math.max(r.top, 0));
    parts[name] = { top: Math.round(r.top), height: Math.round(r.height), visible: Math.round(visible), scroll: el.scrollHeight };
  }
  const squeezed: string[] = [];
  for (const el of Array.from(doc.querySelectorAll<HTMLElement>(TEXTS))) {
    const text = el.textContent?.trim() ?? '';
    const r = el.getBoundingClientRect();
    const lineHeight = parseFloat(win.getComputedStyle(el).lineHeight) || 18;
    // More lines than words, or a box narrower than five characters for a longer text.
    const lines = Math.round(r.height / lineHeight);
    const words = text.split(/\s+/).filter(Boolean).length;
    if (text.length > 6 && r.width > 0 && (lines > Math.max(2, words) || r.width < 40)) squeezed.push(`${el.className}: ${text.slice(0, 40)} (${Math.round(r.width)}×${Math.round(r.height)})`);
  }
  const texts: Record<string, string> = {};
  for (const [name, selector] of Object.entries(TEXT_OF)) {
    const el = doc.querySelector(selector);
    if (el) texts[name] = el.textContent?.trim() ?? '';
  }
  // The agent picker: its value and the label of its `auto` option (properties, not attributes, on these elements).
  const select = doc.querySelector<HTMLElement & { value?: string }>('.prompt-box vscode-single-select[aria-label="Agent"]');
  if (select) texts.agentValue = select.value ?? '';
  const auto = Array.from(doc.querySelectorAll<HTMLElement & { value?: string }>('.prompt-box vscode-option')).find((o) => o.value === 'auto');
  if (auto) texts.autoOption = auto.textContent?.trim() ?? '';
  return { type: 'layout', id, viewHeight, viewWidth: win.innerWidth, parts, squeezed, texts };
}
