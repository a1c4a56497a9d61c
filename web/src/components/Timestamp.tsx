import { formatClock, formatClockMs, formatFullTimestamp, formatOtherDay } from '../lib/format';

/**
 * `HH:mm:ss` (or `HH:mm:ss.SSS` when `precise`), preceded by the date when it is not today (events replayed from
 * another day, like the README's 2023 examples); the full date and epoch ms on hover.
 */
export function Timestamp({ ms, precise = false, showDay = true }: { ms: number | null | undefined; precise?: boolean; showDay?: boolean }) {
  if (ms === null || ms === undefined) return <span className="muted">—</span>;
  const day = showDay ? formatOtherDay(ms, Date.now()) : '';
  return (
    <time className="mono" dateTime={new Date(ms).toISOString()} title={formatFullTimestamp(ms)}>
      {day ? <span className="muted">{day} </span> : null}
      {precise ? formatClockMs(ms) : formatClock(ms)}
    </time>
  );
}
