import { describe, expect, it } from 'vitest';
import type { LateEvent, WindowResult, WindowRetraction } from '../api/types';
import { emptyLiveState, limits, liveReducer, type LiveState } from './liveState';
import { resultIdentity } from './resultKey';

function result(over: Partial<WindowResult> = {}): WindowResult {
  return { pipeline: 'default', key: 'a', windowStart: 0, windowEnd: 10_000, count: 1, sum: 1, min: 1, max: 1, avg: 1, emittedAt: 11_000, revision: 0, ...over };
}

function retraction(over: Partial<WindowRetraction> = {}): WindowRetraction {
  return { pipeline: 'default', key: 'a', windowStart: 6_000, revision: 1, replacedBy: 0, retractedAt: 20_000, ...over };
}

function late(over: Partial<LateEvent> = {}): LateEvent {
  return { pipeline: 'default', id: 'e1', ts: 5_000, value: 1, key: 'a', type: null, windowStart: 0, watermark: 12_000, receivedAt: 13_000, ...over };
}

describe('liveReducer results', () => {
  it('keeps one row per (pipeline, key, window) and lets a newer revision replace it', () => {
    let s = liveReducer(emptyLiveState(), { type: 'results', results: [result({ count: 3 })] });
    s = liveReducer(s, { type: 'results', results: [result({ count: 5, revision: 1 })] });
    expect(s.results.size).toBe(1);
    expect([...s.results.values()][0]).toMatchObject({ count: 5, revision: 1 });
    expect(s.order).toHaveLength(1);
  });

  it('ignores an older revision arriving after a newer one', () => {
    let s = liveReducer(emptyLiveState(), { type: 'results', results: [result({ count: 5, revision: 2 })] });
    const before = s;
    s = liveReducer(s, { type: 'results', results: [result({ count: 3, revision: 1 })] });
    expect(s).toBe(before);
    expect([...s.results.values()][0]!.count).toBe(5);
  });

  it('distinguishes the null key from a key named "null" and different pipelines', () => {
    const s = liveReducer(emptyLiveState(), {
      type: 'results',
      results: [result({ key: null }), result({ key: 'null' }), result({ pipeline: 'alerts', key: null })],
    });
    expect(s.results.size).toBe(3);
  });

  it('drops the oldest windows beyond the cap', () => {
    const many = Array.from({ length: limits.results + 10 }, (_, i) => result({ windowStart: i * 10_000, windowEnd: (i + 1) * 10_000 }));
    const s = liveReducer(emptyLiveState(), { type: 'results', results: many });
    expect(s.results.size).toBe(limits.results);
    expect(s.results.has(resultIdentity(many[0]!))).toBe(false);
    expect(s.results.has(resultIdentity(many[many.length - 1]!))).toBe(true);
  });

  it('bumps the version only when something changed', () => {
    const s = liveReducer(emptyLiveState(), { type: 'results', results: [result()] });
    expect(s.version).toBe(1);
    expect(liveReducer(s, { type: 'results', results: [] })).toBe(s);
  });
});

describe('liveReducer session revisions and retractions', () => {
  // Two sessions of key a fired; a late event bridged them: the merged session fires again under the earlier start
  // (revision 1, a later end) and the later session's result is retracted.
  const earlier = result({ windowStart: 0, windowEnd: 4_000, count: 2 });
  const later = result({ windowStart: 6_000, windowEnd: 9_000, count: 1 });
  const merged = result({ windowStart: 0, windowEnd: 9_000, count: 4, revision: 1 });

  const rows = (s: LiveState) => [...s.results.values()].map((r) => [r.windowStart, r.windowEnd, r.count, r.revision]);

  it('lets a revision whose window end grew replace its row', () => {
    let s = liveReducer(emptyLiveState(), { type: 'results', results: [earlier] });
    s = liveReducer(s, { type: 'results', results: [merged] });
    expect(rows(s)).toEqual([[0, 9_000, 4, 1]]);
    expect(s.order).toHaveLength(1);
  });

  it('drops the retracted row and keeps the merged one', () => {
    let s = liveReducer(emptyLiveState(), { type: 'results', results: [earlier, later] });
    s = liveReducer(s, { type: 'results', results: [merged] });
    const before = s.version;
    s = liveReducer(s, { type: 'retractions', retractions: [retraction({ windowStart: later.windowStart, revision: merged.revision!, replacedBy: merged.windowStart })] });
    expect(rows(s)).toEqual([[0, 9_000, 4, 1]]);
    expect(s.order).toEqual([resultIdentity(merged)]);
    expect(s.version).toBe(before + 1);
  });

  it('keeps a retracted result out when an older answer brings it back (a reload racing the socket)', () => {
    let s = liveReducer(emptyLiveState(), { type: 'retractions', retractions: [retraction()] });
    const before = s;
    s = liveReducer(s, { type: 'results', results: [later] });
    expect(s).toBe(before);
    expect(s.results.size).toBe(0);
  });

  it('takes a result of the retraction\'s revision or later at that start', () => {
    let s = liveReducer(emptyLiveState(), { type: 'retractions', retractions: [retraction({ revision: 1 })] });
    s = liveReducer(s, { type: 'results', results: [result({ windowStart: 6_000, windowEnd: 12_000, revision: 1 })] });
    expect(rows(s)).toEqual([[6_000, 12_000, 1, 1]]);
  });

  it('does not drop a row that is as new as the retraction, and ignores repeats', () => {
    let s = liveReducer(emptyLiveState(), { type: 'results', results: [result({ windowStart: 6_000, windowEnd: 12_000, revision: 2 })] });
    expect(liveReducer(s, { type: 'retractions', retractions: [retraction({ revision: 2 })] })).toBe(s);
    s = liveReducer(emptyLiveState(), { type: 'results', results: [later] });
    s = liveReducer(s, { type: 'retractions', retractions: [retraction()] });
    expect(liveReducer(s, { type: 'retractions', retractions: [retraction()] })).toBe(s);
    expect(liveReducer(s, { type: 'retractions', retractions: [retraction({ revision: 0 })] })).toBe(s);
  });

  it('drops only the row of its pipeline, key and start', () => {
    const others = [
      result({ windowStart: 6_000, key: null }),
      result({ windowStart: 6_000, key: 'null' }),
      result({ windowStart: 6_000, pipeline: 'alerts' }),
      result({ windowStart: 6_001 }),
    ];
    let s = liveReducer(emptyLiveState(), { type: 'results', results: [...others, later] });
    s = liveReducer(s, { type: 'retractions', retractions: [retraction()] });
    expect([...s.results.values()]).toEqual(others);
    s = liveReducer(s, { type: 'retractions', retractions: [retraction({ key: null })] });
    expect([...s.results.values()]).toEqual(others.slice(1));
  });

  it('keeps the newest retractions beyond the cap', () => {
    const many = Array.from({ length: limits.retractions + 10 }, (_, i) => retraction({ windowStart: i * 10_000 }));
    const s = liveReducer(emptyLiveState(), { type: 'retractions', retractions: many });
    expect(s.retracted.size).toBe(limits.retractions);
    expect(s.retracted.has(resultIdentity(many[0]!))).toBe(false);
    expect(s.retracted.has(resultIdentity(many[many.length - 1]!))).toBe(true);
  });
});

describe('liveReducer late events', () => {
  it('appends new late events and de-duplicates repeats from reload + live stream', () => {
    let s = liveReducer(emptyLiveState(), { type: 'late', events: [late(), late({ id: 'e2' })] });
    s = liveReducer(s, { type: 'late', events: [late({ id: 'e2' }), late({ id: 'e3' })] });
    expect(s.late.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('keeps one record per missed window of a sliding pipeline', () => {
    const s = liveReducer(emptyLiveState(), { type: 'late', events: [late({ windowStart: 0 }), late({ windowStart: 5_000 })] });
    expect(s.late).toHaveLength(2);
  });
});

describe('liveReducer watermarks', () => {
  const answer = (watermark: number | null) => ({ pipeline: 'default', watermark, partitions: [] });

  it('records lag samples as now minus watermark', () => {
    let s = liveReducer(emptyLiveState(), { type: 'watermark', answer: answer(10_000), at: 12_500 });
    s = liveReducer(s, { type: 'watermark', answer: answer(11_000), at: 14_000 });
    expect(s.watermarks.get('default')!.watermark).toBe(11_000);
    expect(s.watermarkHistory.get('default')!.map((p) => p.lagMs)).toEqual([2_500, 3_000]);
  });

  it('records each partition\'s lag (now minus its max ts), skipping partitions without data', () => {
    const s = liveReducer(emptyLiveState(), {
      type: 'watermark',
      answer: { pipeline: 'default', watermark: 10_000, partitions: [{ partition: 0, maxTs: 15_000, idle: false }, { partition: 1, maxTs: null, idle: true }] },
      at: 16_000,
    });
    expect(s.watermarkHistory.get('default')![0]!.partitionLagMs).toEqual({ '0': 1_000 });
  });

  it('never shows the watermark going backwards', () => {
    let s = liveReducer(emptyLiveState(), { type: 'watermark', answer: answer(20_000), at: 21_000 });
    s = liveReducer(s, { type: 'watermark', answer: answer(15_000), at: 22_000 });
    expect(s.watermarks.get('default')!.watermark).toBe(20_000);
  });

  it('keeps no lag sample for a pipeline without a watermark yet', () => {
    const s = liveReducer(emptyLiveState(), { type: 'watermark', answer: answer(null), at: 1 });
    expect(s.watermarks.has('default')).toBe(true);
    expect(s.watermarkHistory.get('default')).toBeUndefined();
  });
});
