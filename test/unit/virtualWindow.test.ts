import assert from 'node:assert/strict';
import { DEFAULT_ROW_HEIGHT, estimateRowHeight, rowOffsets, rowWindow } from '../../webview/components/virtualWindow';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `r${i}` }));

describe('conversation list window', () => {
  it('places rows by their measured height and estimates the rest', () => {
    const heights = new Map([['r0', 10], ['r2', 50]]);
    assert.equal(estimateRowHeight(heights), 30);
    assert.equal(estimateRowHeight(new Map()), DEFAULT_ROW_HEIGHT);
    assert.deepEqual([...rowOffsets(rows(4), heights, 20)], [0, 10, 30, 80, 100]);
    assert.deepEqual([...rowOffsets([], heights, 20)], [0]);
  });

  it('covers the viewport plus the overscan on both sides, and nothing else', () => {
    const offsets = rowOffsets(rows(50_000), new Map(), 20);
    // viewport 400..600 with 100 px overscan: rows overlapping 300..700
    assert.deepEqual(rowWindow(offsets, 400, 200, 100), { start: 15, end: 36 });
    assert.deepEqual(rowWindow(offsets, 0, 200, 100), { start: 0, end: 16 });
    const w = rowWindow(offsets, 500_000, 900, 800);
    assert.ok(w.end - w.start <= Math.ceil((900 + 1600) / 20) + 2, `a window of ${w.end - w.start} rows`);
  });

  it('hangs from the end when the viewport is at (or past) the bottom', () => {
    const offsets = rowOffsets(rows(1000), new Map(), 20);
    const total = offsets[1000];
    assert.deepEqual(rowWindow(offsets, total, 200, 100), { start: 985, end: 1000 });
    assert.deepEqual(rowWindow(offsets, total * 2, 200, 0), { start: 990, end: 1000 }, 'a list that shrank under the viewport still shows its end');
  });

  it('shows every row of a list shorter than the viewport, and none of an empty one', () => {
    const offsets = rowOffsets(rows(3), new Map(), 20);
    assert.deepEqual(rowWindow(offsets, 0, 500, 100), { start: 0, end: 3 });
    assert.deepEqual(rowWindow(offsets, 80, 500, 0), { start: 0, end: 3 });
    assert.deepEqual(rowWindow(rowOffsets([], new Map(), 20), 0, 500, 100), { start: 0, end: 0 });
  });

  it('finds the rows of an uneven list at their real offsets', () => {
    const heights = new Map(rows(100).map((r, i) => [r.key, i % 10 === 0 ? 400 : 10]));
    const offsets = rowOffsets(rows(100), heights, 10);
    // row 10 spans 490..890; a viewport at 600 sits inside it
    assert.deepEqual(rowWindow(offsets, 600, 100, 0), { start: 10, end: 11 });
  });
});
