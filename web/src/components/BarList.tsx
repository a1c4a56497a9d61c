import type { Bar } from '../lib/clusterShaping';
import { formatNumber } from '../lib/format';

/** Horizontal bars with labels and values, e.g. activations by grain type. */
export function BarList({ bars }: { bars: Bar[] }) {
  return (
    <ul className="bars">
      {bars.map((b) => (
        <li key={b.label}>
          <span className="bar-label" title={b.label}>
            {b.label}
          </span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${Math.max(2, b.fraction * 100)}%` }} />
          </span>
          <span className="bar-value mono">{formatNumber(b.value)}</span>
        </li>
      ))}
    </ul>
  );
}
