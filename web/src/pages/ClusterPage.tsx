import { useState } from 'react';
import { api } from '../api/endpoints';
import { toProblem } from '../api/problem';
import type { ClusterSnapshot, ProblemDetails } from '../api/types';
import { BarList } from '../components/BarList';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { LineChart } from '../components/LineChart';
import { usePolling } from '../hooks/usePolling';
import { activationBars, appendClusterHistory, clusterTotals, hasRates, shortTypeName, sortSilos, topMethods, type ClusterHistoryPoint } from '../lib/clusterShaping';
import { formatClock, formatNumber, formatRate } from '../lib/format';
import { GrainTypeTable, MethodTable } from './ClusterTables';
import { SiloCard } from './SiloCard';

const historyLength = 90;

/** Kept across page changes, so coming back shows the recent past (with a gap while nobody watched: no polling then). */
let clusterHistory: ClusterHistoryPoint[] = [];

/** OrleansDashboard-style view of `/dashboard/cluster`, polled every 2 s only while this page is open and visible. */
export function ClusterPage() {
  const [snapshot, setSnapshot] = useState<ClusterSnapshot | null>(null);
  const [history, setHistory] = useState<ClusterHistoryPoint[]>(clusterHistory);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [showAllMethods, setShowAllMethods] = useState(false);

  usePolling(async () => {
    try {
      const s = await api.cluster();
      setSnapshot(s);
      clusterHistory = appendClusterHistory(clusterHistory, s, historyLength);
      setHistory(clusterHistory);
      setProblem(null);
    } catch (e) {
      setProblem(toProblem(e));
    }
  }, 2000);

  const totals = snapshot ? clusterTotals(snapshot.silos, snapshot.grainTypes) : null;
  const methods = snapshot ? (showAllMethods ? topMethods(snapshot.methods, snapshot.methods.length) : topMethods(snapshot.methods, 10)) : [];

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Cluster</h1>
          <p className="muted">
            Silos, grain activations and calls. Refreshes every 2 s while visible{snapshot ? ` · sampled ${formatClock(snapshot.sampledAt)}` : ''}.
          </p>
        </div>
      </header>
      <ErrorBanner problem={problem} />
      {!snapshot ? (
        problem ? null : <EmptyState title="Loading cluster…" />
      ) : (
        <>
          <div className="tiles">
            <Tile label="Silos active" value={`${totals!.activeSilos} / ${totals!.totalSilos}`} />
            <Tile label="Activations" value={formatNumber(totals!.activations)} />
            <Tile label="Calls" value={hasRates(snapshot) ? formatRate(totals!.callsPerSecond) : '…'} />
            <Tile label="Errors" value={formatNumber(totals!.errors)} tone={totals!.errors > 0 ? 'bad' : undefined} />
          </div>

          <h2 className="section-title">Silos</h2>
          {snapshot.silos.length === 0 ? (
            <EmptyState title="No silos reported" />
          ) : (
            <div className="silo-grid">
              {sortSilos(snapshot.silos).map((s) => (
                <SiloCard key={s.address} silo={s} />
              ))}
            </div>
          )}

          <div className="split split-even">
            <div className="card">
              <div className="card-title">
                <h2>Activations by grain type</h2>
              </div>
              {snapshot.grainTypes.length ? <BarList bars={activationBars(snapshot.grainTypes)} /> : <div className="muted">No activations.</div>}
            </div>
            <div className="card">
              <div className="card-title">
                <h2>Calls per second</h2>
                <span className="muted small">cluster total</span>
              </div>
              <LineChart series={[{ name: 'calls/s', points: history.map((h) => ({ x: h.x, y: h.calls })) }]} formatY={(v) => formatRate(v)} label="calls per second" />
            </div>
          </div>

          <h2 className="section-title">Grain types</h2>
          <GrainTypeTable rows={snapshot.grainTypes} />

          <div className="section-row">
            <h2 className="section-title">{showAllMethods ? 'All methods' : 'Top methods by calls'}</h2>
            {snapshot.methods.length > 10 ? (
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setShowAllMethods((v) => !v)}>
                {showAllMethods ? 'Show top 10' : `Show all ${snapshot.methods.length}`}
              </button>
            ) : null}
          </div>
          <MethodTable rows={methods} typeName={shortTypeName} />
        </>
      )}
    </section>
  );
}

function Tile({ label, value, tone }: { label: string; value: string; tone?: 'bad' }) {
  return (
    <div className={`tile card${tone ? ` tile-${tone}` : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="tile-value mono">{value}</div>
    </div>
  );
}
