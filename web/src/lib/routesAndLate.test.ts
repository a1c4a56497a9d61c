import { describe, expect, it } from 'vitest';
import type { LateEvent } from '../api/types';
import { hashFor, pageFromHash } from './hashRoute';
import { definitionFor, lateness, missedWindowEnd } from './lateRows';

const e: LateEvent = { pipeline: 'default', id: 1, ts: 4_000, value: 1, key: 'a', type: null, windowStart: 0, watermark: 15_000, receivedAt: 16_000 };

describe('hash routes', () => {
  it('maps hashes to pages, falling back to live', () => {
    expect(pageFromHash('#/cluster')).toBe('cluster');
    expect(pageFromHash('#late')).toBe('late');
    expect(pageFromHash('#/pipelines/x')).toBe('pipelines');
    expect(pageFromHash('')).toBe('live');
    expect(pageFromHash('#/nope')).toBe('live');
    expect(hashFor('generator')).toBe('#/generator');
  });
});

describe('late rows', () => {
  it('computes the missed window end from the pipeline definition', () => {
    expect(missedWindowEnd(e, definitionFor('default', []))).toBe(10_000);
    expect(missedWindowEnd({ ...e, pipeline: 's' }, { name: 's', window: { type: 'sliding', size: 30_000, slide: 5_000 }, groupBy: 'key' })).toBe(30_000);
    expect(missedWindowEnd(e, { name: 'g', window: { type: 'session', gap: 5_000 }, groupBy: null })).toBeNull();
    expect(missedWindowEnd(e, definitionFor('unknown', []))).toBeNull();
  });

  it('measures lateness as watermark minus event time', () => {
    expect(lateness(e)).toBe(11_000);
  });
});

describe('pipeline names', () => {
  it('lists default first, then defined and seen pipelines once each', async () => {
    const { pipelineNames } = await import('./pipelineNames');
    expect(pipelineNames([{ name: 'zeta', window: { type: 'session', gap: 1 }, groupBy: null }], ['alerts', 'default', 'zeta'])).toEqual(['default', 'alerts', 'zeta']);
  });
});
