import type { WindowResult } from '../api/types';

/**
 * Identity of a window result, as the node keys it: one row per (pipeline, key, window start). Revisions replace the
 * row and a retraction removes it. Not the window end: a session's end grows with its revisions.
 */
export function resultIdentity(r: Pick<WindowResult, 'pipeline' | 'key' | 'windowStart'>): string {
  return `${r.pipeline}\u0000${r.key === null ? '\u0001null' : r.key}\u0000${r.windowStart}`;
}

/** How the UI shows a grouping key; `null` is the global group. */
export function keyLabel(key: string | null | undefined): string {
  return key === null || key === undefined ? '(global)' : key;
}
