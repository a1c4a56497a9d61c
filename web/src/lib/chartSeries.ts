import type { WindowResult } from '../api/types';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
}

export type ResultMetric = 'count' | 'avg';

/** The `n` keys with the most events in total (ties by name), for the per-key charts. */
export function topKeys(results: Iterable<WindowResult>, n: number): (string | null)[] {
  const totals = new Map<string | null, number>();
  for (const r of results) totals.set(r.key, (totals.get(r.key) ?? 0) + r.count);
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
    .slice(0, n)
    .map(([key]) => key);
}

/** One key's metric over time: x = windowEnd, sorted, missing values (null avg) left out. */
export function keySeries(results: Iterable<WindowResult>, key: string | null, metric: ResultMetric, maxPoints = 60): Point[] {
  const byWindow = new Map<number, Point>();
  for (const r of results) {
    if (r.key !== key) continue;
    const y = r[metric];
    if (y === null || y === undefined || !Number.isFinite(y)) continue;
    byWindow.set(r.windowEnd, { x: r.windowEnd, y });
  }
  const points = [...byWindow.values()].sort((a, b) => a.x - b.x);
  return points.slice(-maxPoints);
}

export interface Extent {
  min: number;
  max: number;
}

/** Min/max over all points; a flat or empty range is widened (by `flatPad`, default 10%) so scaling never divides by zero. */
export function extent(values: number[], includeZero = false, flatPad?: number): Extent {
  if (values.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (includeZero) {
    min = Math.min(0, min);
    max = Math.max(0, max);
  }
  if (min === max) {
    const pad = flatPad ?? (Math.abs(min) * 0.1 || 1);
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

export interface Frame {
  width: number;
  height: number;
  padding: number;
}

/** An SVG path (`M x y L x y ...`) of the points scaled into the frame; y grows upwards. */
export function linePath(points: Point[], xs: Extent, ys: Extent, frame: Frame): string {
  const w = frame.width - 2 * frame.padding;
  const h = frame.height - 2 * frame.padding;
  // A lone point becomes a zero-length segment, which a round line cap draws as a dot.
  const drawn = points.length === 1 ? [points[0]!, points[0]!] : points;
  return drawn
    .map((p, i) => {
      const x = frame.padding + ((p.x - xs.min) / (xs.max - xs.min)) * w;
      const y = frame.padding + h - ((p.y - ys.min) / (ys.max - ys.min)) * h;
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    })
    .join(' ');
}

/** One series per partition (ids in numeric order) of its lag over time, in seconds. */
export function partitionLagSeries(samples: { at: number; partitionLagMs: Record<string, number> }[]): Series[] {
  const byPartition = new Map<string, Point[]>();
  for (const sample of samples) {
    for (const [partition, lagMs] of Object.entries(sample.partitionLagMs)) {
      const points = byPartition.get(partition) ?? [];
      points.push({ x: sample.at, y: lagMs / 1000 });
      byPartition.set(partition, points);
    }
  }
  return [...byPartition.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([partition, points]) => ({ name: `p${partition}`, points }));
}
