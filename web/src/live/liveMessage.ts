import type { LiveMessage } from '../api/types';

/** Parses one `/ws` frame; unknown or malformed frames give `null` rather than throwing. */
export function parseLiveMessage(raw: unknown): LiveMessage | null {
  if (typeof raw !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const { type, data } = parsed as { type?: unknown; data?: unknown };
  if (!data || typeof data !== 'object') return null;
  if (type === 'result' || type === 'retraction' || type === 'late' || type === 'watermark') return { type, data } as LiveMessage;
  return null;
}
