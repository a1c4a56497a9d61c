/** Display formatting. Times use the browser's local zone (tests run with TZ=UTC). */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isTime(ms: number | null | undefined): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms);
}

/** `HH:mm:ss`, or an em dash for a missing time. */
export function formatClock(ms: number | null | undefined): string {
  if (!isTime(ms)) return '—';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `yyyy-MM-dd` when `ms` falls on another local day than `now`, else an empty string (today's times need no date). */
export function formatOtherDay(ms: number | null | undefined, now: number): string {
  if (!isTime(ms)) return '';
  const d = new Date(ms);
  const today = new Date(now);
  if (d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate()) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `HH:mm:ss.SSS`, for late-event timestamps where milliseconds matter. */
export function formatClockMs(ms: number | null | undefined): string {
  if (!isTime(ms)) return '—';
  return `${formatClock(ms)}.${pad(new Date(ms).getMilliseconds(), 3)}`;
}

/** `yyyy-MM-dd HH:mm:ss.SSS` plus the raw epoch ms: the hover text. */
export function formatFullTimestamp(ms: number | null | undefined): string {
  if (!isTime(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClockMs(ms)} (${ms})`;
}

/** `[HH:mm:ss–HH:mm:ss)`; an unknown end shows as `?`. */
export function formatWindow(start: number, end: number | null | undefined): string {
  return `[${formatClock(start)}–${isTime(end) ? formatClock(end) : '?'})`;
}

/** A signed duration: `850 ms`, `12.3 s`, `4m 05s`, `2h 03m`, `3d 4h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (!isTime(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)} s`;
  const totalSeconds = Math.floor(abs / 1000);
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600) % 24;
  const d = Math.floor(totalSeconds / 86_400);
  if (d > 0) return `${sign}${d}d ${h}h`;
  if (h > 0) return `${sign}${h}h ${pad(m)}m`;
  return `${sign}${m}m ${pad(s)}s`;
}

/** Numbers for tables: integers with thousands separators, others to at most `digits` decimals. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Compact rate: `0.5/s`, `12/s`, `1.2k/s`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k/s`;
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  return `${perSecond.toFixed(1)}/s`;
}

/** Latency in ms with a sensible precision. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}
