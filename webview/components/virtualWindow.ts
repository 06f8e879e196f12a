/**
 * The arithmetic of a list that renders only the rows in view: where each row starts (measured
 * heights where known, an estimate elsewhere) and which rows a viewport needs. No DOM here.
 */

/** Height assumed for a row nobody has measured yet, before any row was measured. */
export const DEFAULT_ROW_HEIGHT = 30;

/** The mean of the measured heights: a better guess for the rest than any constant. */
export function estimateRowHeight(heights: ReadonlyMap<string, number>): number {
  if (heights.size === 0) return DEFAULT_ROW_HEIGHT;
  let sum = 0;
  for (const h of heights.values()) sum += h;
  return sum / heights.size;
}

/** `offsets[i]` is where row i starts; `offsets[n]` is the height of them all. */
export function rowOffsets(rows: readonly { key: string }[], heights: ReadonlyMap<string, number>, estimate: number): Float64Array {
  const offsets = new Float64Array(rows.length + 1);
  let y = 0;
  for (let i = 0; i < rows.length; i++) {
    offsets[i] = y;
    y += heights.get(rows[i].key) ?? estimate;
  }
  offsets[rows.length] = y;
  return offsets;
}

/** The first row that ends below `y` (the row `y` falls in); the row count when none does. */
function rowAt(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1] > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface RowWindow {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
}

/**
 * The rows that cover the viewport [top, top + height) plus `overscan` pixels on both sides.
 * A viewport past the end (the list shrank) still shows the last rows.
 */
export function rowWindow(offsets: Float64Array, top: number, height: number, overscan: number): RowWindow {
  const n = offsets.length - 1;
  if (n === 0) return { start: 0, end: 0 };
  const total = offsets[n];
  const from = Math.max(0, Math.min(top, total - height) - overscan);
  const to = Math.max(from, top + height + overscan);
  const start = Math.min(rowAt(offsets, from), n - 1);
  const end = Math.max(start + 1, Math.min(n, rowAt(offsets, to) + 1));
  return { start, end };
}
