import { describe, expect, it } from 'vitest';
import type { WindowResult } from '../api/types';
import { extraAggregates, visibleResults } from './resultRows';

const r = (pipeline: string, key: string | null, windowEnd: number, aggregates?: Record<string, number | null>): WindowResult => ({
  pipeline, key, windowStart: windowEnd - 10, windowEnd, count: 1, sum: 1, min: 1, max: 1, avg: 1, emittedAt: windowEnd, aggregates,
});

describe('result rows', () => {
  const rows = [r('default', 'sensor-1', 10), r('default', 'sensor-2', 20), r('alerts', null, 30), r('default', 'pump', 30)];

  it('shows newest windows first and respects the limit', () => {
    expect(visibleResults(rows, { pipeline: '', key: '' }, 3).map((x) => x.key)).toEqual([null, 'pump', 'sensor-2']);
  });

  it('filters by pipeline and by key substring, case-insensitively', () => {
    expect(visibleResults(rows, { pipeline: 'default', key: 'SENSOR' }, 10).map((x) => x.key)).toEqual(['sensor-2', 'sensor-1']);
    expect(visibleResults(rows, { pipeline: 'alerts', key: '' }, 10)).toHaveLength(1);
  });

  it('finds the null group by "null" or "(global)"', () => {
    expect(visibleResults(rows, { pipeline: '', key: 'null' }, 10).map((x) => x.pipeline)).toEqual(['alerts']);
    expect(visibleResults(rows, { pipeline: '', key: 'global' }, 10).map((x) => x.pipeline)).toEqual(['alerts']);
  });

  it('lists percentiles and other extra aggregates in numeric order', () => {
    expect(extraAggregates(r('d', 'k', 1, { p99: 9, count: 1, p50: 5, p9: 3 }))).toEqual([['p9', 3], ['p50', 5], ['p99', 9]]);
    expect(extraAggregates(r('d', 'k', 1))).toEqual([]);
  });
});
