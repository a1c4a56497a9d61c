import { formatClock, formatClockMs, formatFullTimestamp } from '../lib/format';

/** `HH:mm:ss` with the full date (and epoch ms) on hover. */
export function Timestamp({ ms, precise = false }: { ms: number | null | undefined; precise?: boolean }) {
  if (ms === null || ms === undefined) return <span className="muted">—</span>;
  return (
    <time className="mono" dateTime={new Date(ms).toISOString()} title={formatFullTimestamp(ms)}>
      {precise ? formatClockMs(ms) : formatClock(ms)}
    </time>
  );
}
