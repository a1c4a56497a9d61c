import { extent, linePath, type Series } from '../lib/chartSeries';
import { formatClock } from '../lib/format';

const palette = ['#60a5fa', '#34d399', '#fbbf24', '#f472b6', '#a78bfa', '#f87171'];

interface LineChartProps {
  series: Series[];
  height?: number;
  formatY?: (value: number) => string;
  includeZero?: boolean;
  label?: string;
}

/** A small dependency-free SVG line chart: x is time (ms), y is any number. Scales with its container width. */
export function LineChart({ series, height = 120, formatY = (v) => v.toFixed(0), includeZero = true, label }: LineChartProps) {
  const width = 320;
  const frame = { width, height, padding: 14 };
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    return <div className="chart-empty muted">No data yet</div>;
  }
  const xs = extent(all.map((p) => p.x), false, 1000);
  const ys = extent(all.map((p) => p.y), includeZero);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label ?? 'chart'}>
        <line className="chart-axis" x1={frame.padding} x2={width - frame.padding} y1={height - frame.padding} y2={height - frame.padding} />
        {series.map((s, i) => (
          <path
            key={s.name}
            d={linePath(s.points, xs, ys, frame)}
            fill="none"
            stroke={palette[i % palette.length]}
            strokeWidth={s.points.length === 1 ? 6 : 1.8}
            strokeLinecap="round"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <figcaption className="chart-caption mono">
        <span>{formatClock(xs.min)}</span>
        <span>
          {formatY(ys.min)} – {formatY(ys.max)}
        </span>
        <span>{formatClock(xs.max)}</span>
      </figcaption>
      {series.length > 1 ? (
        <div className="chart-legend">
          {series.map((s, i) => (
            <span key={s.name}>
              <i style={{ background: palette[i % palette.length] }} /> {s.name}
            </span>
          ))}
        </div>
      ) : null}
    </figure>
  );
}
