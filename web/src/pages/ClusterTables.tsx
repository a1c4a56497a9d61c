import type { GrainTypeStats, MethodStats } from '../api/types';
import { errorRate, shortMethodName, shortTypeName } from '../lib/clusterShaping';
import { formatLatency, formatNumber, formatRate } from '../lib/format';

function Errors({ calls, errors }: { calls: number; errors: number }) {
  if (errors === 0) return <span className="muted">0</span>;
  return (
    <span className="text-bad" title={`${(errorRate(calls, errors) * 100).toFixed(2)}% of calls`}>
      {formatNumber(errors)}
    </span>
  );
}

export function GrainTypeTable({ rows }: { rows: GrainTypeStats[] }) {
  if (rows.length === 0) return <div className="card muted">No grain types reported.</div>;
  const sorted = [...rows].sort((a, b) => b.callsPerSecond - a.callsPerSecond || b.activations - a.activations);
  return (
    <div className="table-wrap card">
      <table className="table" data-testid="grain-type-table">
        <thead>
          <tr>
            <th>Grain type</th>
            <th className="num">Activations</th>
            <th className="num">Calls/s</th>
            <th className="num hide-narrow">Calls</th>
            <th className="num">Errors</th>
            <th className="num">p50</th>
            <th className="num">p99</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((g) => (
            <tr key={g.type}>
              <td className="mono" title={g.type}>
                {shortTypeName(g.type)}
              </td>
              <td className="num mono">{formatNumber(g.activations)}</td>
              <td className="num mono">{formatRate(g.callsPerSecond)}</td>
              <td className="num mono hide-narrow">{formatNumber(g.calls)}</td>
              <td className="num mono">
                <Errors calls={g.calls} errors={g.errors} />
              </td>
              <td className="num mono">{formatLatency(g.latencyP50Ms)}</td>
              <td className="num mono">{formatLatency(g.latencyP99Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MethodTable({ rows, typeName }: { rows: MethodStats[]; typeName: (t: string) => string }) {
  if (rows.length === 0) return <div className="card muted">No grain calls yet.</div>;
  return (
    <div className="table-wrap card">
      <table className="table" data-testid="method-table">
        <thead>
          <tr>
            <th>Method</th>
            <th className="num">Calls</th>
            <th className="num">Calls/s</th>
            <th className="num">Errors</th>
            <th className="num hide-narrow">Mean</th>
            <th className="num">p50</th>
            <th className="num">p99</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={`${m.grainType}.${m.method}`}>
              <td className="mono" title={`${m.grainType}: ${m.method}`}>
                <span className="muted">{typeName(m.grainType)} · </span>
                {shortMethodName(m.method)}
              </td>
              <td className="num mono">{formatNumber(m.calls)}</td>
              <td className="num mono">{formatRate(m.callsPerSecond)}</td>
              <td className="num mono">
                <Errors calls={m.calls} errors={m.errors} />
              </td>
              <td className="num mono hide-narrow">{formatLatency(m.latencyMeanMs)}</td>
              <td className="num mono">{formatLatency(m.latencyP50Ms)}</td>
              <td className="num mono">{formatLatency(m.latencyP99Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
