import { useEffect, useLayoutEffect, useRef, useState, type MutableRef } from 'preact/hooks';

/**
 * Measures the rendered rows of a windowed list: every `.event-slot` child of `box` (keyed by
 * its `data-key`) is watched by one ResizeObserver while it is in the DOM. Returns the heights
 * by key and a number that changes whenever one of them does. Heights of keys no longer in
 * `keys` are forgotten.
 */
export function useRowHeights(box: MutableRef<HTMLElement | null>, keys: readonly { key: string }[]): { heights: ReadonlyMap<string, number>; version: number } {
  const heights = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const observer = useRef<ResizeObserver>();
  const observed = useRef(new Set<Element>());

  useEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const rows = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        const key = el.dataset.key;
        if (key === undefined || !el.isConnected) continue;
        const height = entry.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height;
        if (Math.abs((heights.current.get(key) ?? -1) - height) < 0.5) continue;
        heights.current.set(key, height);
        changed = true;
      }
      if (changed) setVersion((n) => n + 1);
    });
    observer.current = rows;
    return () => {
      rows.disconnect();
      observed.current.clear();
    };
  }, []);

  // After every render: watch the rows that came in, let go of the ones that left.
  useLayoutEffect(() => {
    const rows = observer.current;
    if (!rows || !box.current) return;
    const now = new Set<Element>(box.current.querySelectorAll(':scope > .event-slot'));
    for (const el of observed.current) if (!now.has(el)) rows.unobserve(el);
    for (const el of now) if (!observed.current.has(el)) rows.observe(el);
    observed.current = now;
  });

  // A rebuilt timeline can drop keys: forget their heights.
  useEffect(() => {
    if (heights.current.size <= keys.length) return;
    const live = new Set(keys.map((k) => k.key));
    for (const key of heights.current.keys()) if (!live.has(key)) heights.current.delete(key);
  }, [keys]);

  return { heights: heights.current, version };
}
