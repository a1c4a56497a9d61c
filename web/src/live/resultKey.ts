import type { WindowResult } from '../api/types';

/** Identity of a window result: one row per (pipeline, key, window). Revisions replace the row. */
export function resultIdentity(r: Pick<WindowResult, 'pipeline' | 'key' | 'windowStart' | 'windowEnd'>): string {
  return `${r.pipeline}\u0000${r.key === null ? '\u0001null' : r.key}\u0000${r.windowStart}\u0000${r.windowEnd}`;
}

/** How the UI shows a grouping key; `null` is the global group. */
export function keyLabel(key: string | null | undefined): string {
  return key === null || key === undefined ? '(global)' : key;
}
