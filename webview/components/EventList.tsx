import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ScrollState, TimelineItem } from '../state';
import { EventRow, newRowMemory } from './EventRow';
import { Icon } from './Icon';
import { useRowHeights } from './useRowHeights';
import { estimateRowHeight, rowOffsets, rowWindow } from './virtualWindow';

interface Props {
  operationId: string;
  items: readonly TimelineItem[];
  active: boolean;
  onAnswer: (permissionId: string, optionId: string) => void;
  /** Where to start (restored after the view was hidden, same operation); default: following the end. */
  initialScroll?: ScrollState;
  onScrollState: (scroll: ScrollState) => void;
}

/** Distance from the end under which the list counts as "at the bottom". */
const BOTTOM_SLACK_PX = 24;
/** Rows rendered beyond each edge of the viewport, so a fling or PageUp shows rows at once. */
const OVERSCAN_PX = 800;
/** Viewport height assumed until the list was laid out once. */
const FIRST_VIEW_HEIGHT_PX = 1000;

/**
 * The conversation. Follows new events while the user is at the end; scrolling up pauses that
 * and offers "Jump to latest"; scrolling back down resumes it.
 *
 * Only the rows in and near the viewport are in the DOM (a run can have tens of thousands of
 * events): spacers stand in for the rest, sized from each row's measured height (an estimate
 * until a row was shown once). The browser's scroll anchoring keeps the rows in view still when
 * a row above them gets its real height.
 */
export function EventList({ operationId, items, active, onAnswer, initialScroll, onScrollState }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(initialScroll?.follow ?? true);
  const [unseen, setUnseen] = useState(false);
  const followRef = useRef(follow);
  followRef.current = follow;
  const [view, setView] = useState({ top: initialScroll && !initialScroll.follow ? initialScroll.top : 0, height: 0 });
  const { heights, version: measured } = useRowHeights(content, items);
  /** What the user did to rows (opened details, clicked answers), for when they scroll back in. */
  const memory = useRef(newRowMemory());

  const offsets = useMemo(() => rowOffsets(items, heights, estimateRowHeight(heights)), [items, heights, measured]);
  const total = offsets[items.length];
  const viewHeight = view.height || FIRST_VIEW_HEIGHT_PX;
  // While following, the window hangs from the end whatever the last scroll event said.
  const { start, end } = rowWindow(offsets, follow ? total : view.top, viewHeight, OVERSCAN_PX);

  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  // Restore a paused position once, after the first render laid the rows out (mount only, on purpose).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && initialScroll && !initialScroll.follow) el.scrollTop = initialScroll.top;
    else toBottom();
  }, []);

  // New or grown rows: stay at the end when following, otherwise note there is more below.
  const mounted = useRef(false);
  useLayoutEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    if (followRef.current) toBottom();
    else setUnseen(true);
  }, [items, toBottom]);

  // Rows grow without a render (a <details> opened, a font loaded) and the list itself shrinks
  // (the prompt box grew, the view was resized): keep the end in view while following.
  useEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const el = scroller.current;
      if (el) setView((v) => (v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
      if (followRef.current) toBottom();
    });
    if (content.current) observer.observe(content.current);
    if (scroller.current) observer.observe(scroller.current);
    return () => observer.disconnect();
  }, [toBottom]);

  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  const lastTop = useRef(0);
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    setView({ top: el.scrollTop, height: el.clientHeight });
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    // Only moving up is the user asking to stop following; layout changes move the other way.
    const movedUp = el.scrollTop < lastTop.current - 1;
    lastTop.current = el.scrollTop;
    const nextFollow = atBottom || (followRef.current && !movedUp);
    if (nextFollow !== followRef.current) {
      followRef.current = nextFollow;
      setFollow(nextFollow);
      if (nextFollow) setUnseen(false);
    }
    if (nextFollow && !atBottom) toBottom();
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => onScrollState({ operationId, follow: nextFollow, top: el.scrollTop }), 200);
  };
  useEffect(() => () => clearTimeout(saveTimer.current), []);

  const jumpToLatest = () => {
    followRef.current = true;
    setFollow(true);
    setUnseen(false);
    toBottom();
    onScrollState({ operationId, follow: true, top: scroller.current?.scrollTop ?? 0 });
    scroller.current?.focus();
  };

  const lastIndex = items.length - 1;
  return (
    <div class="event-list-wrap">
      <div class="event-list" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label="Conversation">
        <div
          class="event-list-content"
          ref={content}
          role="log"
          aria-live="polite"
          aria-relevant="additions"
          data-rows={items.length}
        >
          <div class="event-spacer" aria-hidden="true" style={{ height: `${offsets[start]}px` }} />
          {items.slice(start, end).map((item, i) => (
            <div class="event-slot" key={item.key} data-key={item.key} data-seq={item.seq}>
              <EventRow item={item} active={active} last={start + i === lastIndex} onAnswer={onAnswer} memory={memory.current} />
            </div>
          ))}
          <div class="event-spacer" aria-hidden="true" style={{ height: `${total - offsets[end]}px` }} />
          {active && items.length === 0 && (
            <p class="muted waiting">
              <Icon name="loading" spin /> Waiting for the agent…
            </p>
          )}
        </div>
      </div>
      {!follow && (
        <vscode-button class="jump-latest" icon="arrow-down" onClick={jumpToLatest}>
          {unseen ? 'New events — jump to latest' : 'Jump to latest'}
        </vscode-button>
      )}
    </div>
  );
}
