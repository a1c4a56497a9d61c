import { describe, expect, it } from 'vitest';
import { formatClock, formatClockMs, formatDuration, formatFullTimestamp, formatLatency, formatNumber, formatOtherDay, formatRate, formatWindow } from './format';

// npm test runs with TZ=UTC.
const t = Date.UTC(2026, 10, 21, 9, 5, 7, 42);

describe('format', () => {
  it('formats clock times as HH:mm:ss', () => {
    expect(formatClock(t)).toBe('09:05:07');
    expect(formatClockMs(t)).toBe('09:05:07.042');
    expect(formatClock(null)).toBe('—');
    expect(formatClock(Number.NaN)).toBe('—');
  });

  it('puts the date and raw epoch into the hover text', () => {
    expect(formatFullTimestamp(t)).toBe(`2026-11-21 09:05:07.042 (${t})`);
    expect(formatFullTimestamp(undefined)).toBe('');
  });

  it('formats a half-open window and an unknown end', () => {
    expect(formatWindow(t - 7042, t + 2958)).toBe('[09:05:00–09:05:10)');
    expect(formatWindow(t - 7042, null)).toBe('[09:05:00–?)');
  });

  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [-1500, '-1.5 s'],
    [12_345, '12.3 s'],
    [245_000, '4m 05s'],
    [2 * 3600_000 + 3 * 60_000, '2h 03m'],
    [3 * 86_400_000 + 4 * 3600_000, '3d 4h'],
  ])('formats duration %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats numbers, rates and latencies', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(null)).toBe('—');
    expect(formatRate(0.25)).toBe('0.3/s');
    expect(formatRate(42.4)).toBe('42/s');
    expect(formatRate(1530)).toBe('1.5k/s');
    expect(formatLatency(0.123)).toBe('0.12 ms');
    expect(formatLatency(12.34)).toBe('12.3 ms');
    expect(formatLatency(250.6)).toBe('251 ms');
  });
});

describe('formatOtherDay', () => {
  const now = Date.UTC(2026, 11, 1, 18, 0, 0);
  it('is empty for today and the date for another day', () => {
    expect(formatOtherDay(Date.UTC(2026, 11, 1, 0, 0, 1), now)).toBe('');
    expect(formatOtherDay(1700000001000, now)).toBe('2023-11-14');
    expect(formatOtherDay(null, now)).toBe('');
  });
});
