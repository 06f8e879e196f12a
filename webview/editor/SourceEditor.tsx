import { useEffect, useRef } from 'preact/hooks';
import type { EditorDocumentMessage } from '../../src/protocol';
import { EditSync } from './editSync';
import type { EditorHost } from './host';

interface Props {
  host: EditorHost;
  doc: EditorDocumentMessage;
  onNotice: (notice: string) => void;
}

/** Typing pauses this long before the text goes to the host (one edit, one undo step, per pause). */
const SEND_DELAY_MS = 250;

/**
 * Edit mode: the Markdown source in a plain textarea (a native one keeps the caret and selection
 * under our control when a change from outside is taken in; vscode-textarea hides them in its
 * shadow DOM). Kept in step with the TextDocument by EditSync.
 */
export function SourceEditor({ host, doc, onNotice }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const sync = useRef<EditSync>();
  const timer = useRef<ReturnType<typeof setTimeout>>();

  if (!sync.current) {
    sync.current = new EditSync({ text: doc.text, version: doc.version }, {
      send: (edit) => host.send({ type: 'edit', ...edit }),
      show: (text) => showKeepingCaret(area.current, text),
      notify: onNotice,
      newId: () => host.newRequestId(),
    });
  }

  useEffect(() => host.onMessage((msg) => { if (msg.type === 'result') sync.current?.result(msg); }), [host]);

  useEffect(() => {
    sync.current?.hostDocument({ text: doc.text, version: doc.version });
  }, [doc.text, doc.version]);

  const flush = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    sync.current?.flush();
  };

  useEffect(() => {
    // Leaving edit mode, or the page going away, sends what was typed.
    addEventListener('pagehide', flush);
    return () => {
      removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  const onInput = (event: Event) => {
    sync.current?.input((event.currentTarget as HTMLTextAreaElement).value);
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, SEND_DELAY_MS);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Save (handled by VS Code) must see the last keystrokes in the document.
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') flush();
  };

  return (
    <textarea
      ref={area}
      class="source"
      spellcheck={false}
      aria-label={`${doc.fileName} Markdown source`}
      value={sync.current.text}
      onInput={onInput}
      onKeyDown={onKeyDown}
      onBlur={flush}
    />
  );
}

function showKeepingCaret(area: HTMLTextAreaElement | null, text: string): void {
  if (!area || area.value === text) return;
  const { selectionStart, selectionEnd, scrollTop } = area;
  area.value = text;
  area.setSelectionRange(Math.min(selectionStart, text.length), Math.min(selectionEnd, text.length));
  area.scrollTop = scrollTop;
}
