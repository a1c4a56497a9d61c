import type { WindowResult } from '../api/types';
import { keyLabel } from '../live/resultKey';

export interface ResultFilter {
  /** '' = all pipelines. */
  pipeline: string;
  /** Case-insensitive substring of the key label; `(global)` / `null` find the null group. */
  key: string;
}

export function matchesFilter(r: WindowResult, filter: ResultFilter): boolean {
  if (filter.pipeline && r.pipeline !== filter.pipeline) return false;
  const needle = filter.key.trim().toLowerCase();
  if (!needle) return true;
  if (r.key === null && needle === 'null') return true;
  return keyLabel(r.key).toLowerCase().includes(needle);
}

/** Table rows: matching results, newest window first (then pipeline, key), at most `limit`. */
export function visibleResults(results: Iterable<WindowResult>, filter: ResultFilter, limit: number): WindowResult[] {
  const rows: WindowResult[] = [];
  for (const r of results) if (matchesFilter(r, filter)) rows.push(r);
  rows.sort((a, b) => b.windowEnd - a.windowEnd || a.pipeline.localeCompare(b.pipeline) || keyLabel(a.key).localeCompare(keyLabel(b.key)));
  return rows.slice(0, limit);
}

/** Extra aggregates (p50, p99, ...) as `name value` pairs, in a stable order. */
export function extraAggregates(r: WindowResult): [string, number | null][] {
  return Object.entries(r.aggregates ?? {})
    .filter(([name]) => !['count', 'sum', 'min', 'max', 'avg'].includes(name))
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
}
