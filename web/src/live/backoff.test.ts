import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const fixed = (r: number) => ({ baseMs: 500, maxMs: 15_000, random: () => r });

describe('backoffDelay', () => {
  it('doubles per attempt between half and the full ceiling', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, fixed(0)))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, fixed(0.999999)))).toEqual([500, 1000, 2000, 4000]);
  });

  it('is capped at maxMs however many attempts failed', () => {
    expect(backoffDelay(10, fixed(0.999999))).toBe(15_000);
    expect(backoffDelay(10_000, fixed(0))).toBe(7_500);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, fixed(0))).toBe(250);
  });
});
