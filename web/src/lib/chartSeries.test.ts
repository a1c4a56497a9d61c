import { describe, expect, it } from 'vitest';
import type { WindowResult } from '../api/types';
import { extent, keySeries, linePath, partitionLagSeries, topKeys } from './chartSeries';

const r = (key: string | null, windowEnd: number, count: number, avg: number | null = count): WindowResult => ({
  pipeline: 'default', key, windowStart: windowEnd - 10, windowEnd, count, sum: null, min: null, max: null, avg, emittedAt: windowEnd,
});

describe('chart shaping', () => {
  it('picks the keys with the most events in total', () => {
    const rows = [r('a', 10, 1), r('b', 10, 5), r('a', 20, 1), r(null, 10, 3), r('c', 10, 3)];
    expect(topKeys(rows, 3)).toEqual(['b', 'c', null]);
    expect(topKeys(rows, 10)).toHaveLength(4);
  });

  it('orders a key series by window end and skips null averages', () => {
    const rows = [r('a', 30, 3), r('a', 10, 1, null), r('b', 20, 9), r('a', 20, 2)];
    expect(keySeries(rows, 'a', 'count')).toEqual([{ x: 10, y: 1 }, { x: 20, y: 2 }, { x: 30, y: 3 }]);
    expect(keySeries(rows, 'a', 'avg')).toEqual([{ x: 20, y: 2 }, { x: 30, y: 3 }]);
  });

  it('keeps only the most recent points', () => {
    const rows = Array.from({ length: 100 }, (_, i) => r('a', i, i));
    const series = keySeries(rows, 'a', 'count', 5);
    expect(series.map((p) => p.x)).toEqual([95, 96, 97, 98, 99]);
  });

  it('widens a flat extent so scaling never divides by zero', () => {
    expect(extent([])).toEqual({ min: 0, max: 1 });
    expect(extent([5, 5])).toEqual({ min: 4.5, max: 5.5 });
    expect(extent([0, 0])).toEqual({ min: -1, max: 1 });
    expect(extent([2, 8], true)).toEqual({ min: 0, max: 8 });
  });

  it('maps points into the frame with y growing upwards', () => {
    const path = linePath([{ x: 0, y: 0 }, { x: 10, y: 10 }], { min: 0, max: 10 }, { min: 0, max: 10 }, { width: 120, height: 60, padding: 10 });
    expect(path).toBe('M10.0 50.0 L110.0 10.0');
  });

  it('draws a single point as a zero-length segment and pads a flat time axis by the given amount', () => {
    const frame = { width: 120, height: 60, padding: 10 };
    const xs = extent([5_000], false, 1000);
    expect(xs).toEqual({ min: 4_000, max: 6_000 });
    expect(linePath([{ x: 5_000, y: 1 }], xs, { min: 0, max: 2 }, frame)).toBe('M60.0 30.0 L60.0 30.0');
  });

  it('splits watermark samples into one lag series per partition', () => {
    const series = partitionLagSeries([
      { at: 1_000, partitionLagMs: { '10': 500, '2': 1_500 } },
      { at: 2_000, partitionLagMs: { '2': 2_500 } },
    ]);
    expect(series).toEqual([
      { name: 'p2', points: [{ x: 1_000, y: 1.5 }, { x: 2_000, y: 2.5 }] },
      { name: 'p10', points: [{ x: 1_000, y: 0.5 }] },
    ]);
  });
});
