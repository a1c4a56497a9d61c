import { useMemo, useState } from 'react';
import { api } from '../api/endpoints';
import { toProblem } from '../api/problem';
import type { ProblemDetails, WatermarkAnswer } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { LineChart } from '../components/LineChart';
import { Timestamp } from '../components/Timestamp';
import { useNow } from '../hooks/useNow';
import { usePipelineDefinitions } from '../hooks/usePipelineDefinitions';
import { usePolling } from '../hooks/usePolling';
import { partitionLagSeries } from '../lib/chartSeries';
import { formatDuration } from '../lib/format';
import { pipelineNames } from '../lib/pipelineNames';
import type { WatermarkSample } from '../live/liveState';
import { liveStore, useLiveState } from '../live/liveStore';

export function WatermarksPage() {
  const state = useLiveState();
  const { definitions } = usePipelineDefinitions();
  const [error, setError] = useState<ProblemDetails | null>(null);
  const now = useNow(1000);
  const names = useMemo(() => pipelineNames(definitions, state.watermarks.keys()), [definitions, state.watermarks]);

  // /ws pushes watermark changes; this poll also samples lag while the watermark stands still.
  usePolling(
    async () => {
      try {
        const answers = await Promise.all(names.map((n) => api.watermark(n)));
        const at = Date.now();
        answers.forEach((answer) => liveStore.dispatch({ type: 'watermark', answer, at }));
        setError(null);
      } catch (e) {
        setError(toProblem(e));
      }
    },
    5000,
    [names.join(',')],
  );

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Watermarks</h1>
          <p className="muted">Pipeline watermark = min over non-idle partitions of (max event time − delay). Lag = now − watermark.</p>
        </div>
      </header>
      <ErrorBanner problem={error} onDismiss={() => setError(null)} />
      {names.every((n) => !state.watermarks.has(n)) && !error ? <EmptyState title="Waiting for watermarks…">No pipeline has reported a watermark yet.</EmptyState> : null}
      <div className="wm-grid">
        {names
          .filter((n) => state.watermarks.has(n))
          .map((n) => (
            <WatermarkCard key={n} answer={state.watermarks.get(n)!} history={state.watermarkHistory.get(n) ?? []} now={now} />
          ))}
      </div>
    </section>
  );
}

function WatermarkCard({ answer, history, now }: { answer: WatermarkAnswer; history: WatermarkSample[]; now: number }) {
  const lag = answer.watermark === null ? null : now - answer.watermark;
  return (
    <article className="card" data-testid="watermark-card">
      <div className="card-title">
        <h2>{answer.pipeline}</h2>
        <span className="muted small">{answer.partitions.length} partitions</span>
      </div>
      <div className="stats">
        <div className="stat">
          <div className="stat-label">Watermark</div>
          <div className="stat-value">
            <Timestamp ms={answer.watermark} precise />
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Lag now</div>
          <div className="stat-value mono">{formatDuration(lag)}</div>
        </div>
      </div>
      <div className="small muted">Lag over time</div>
      <LineChart series={[{ name: 'lag', points: history.map((s) => ({ x: s.at, y: s.lagMs / 1000 })) }]} formatY={(v) => `${v.toFixed(1)} s`} label={`lag of ${answer.pipeline}`} />
      {answer.partitions.length > 0 ? (
        <>
          <div className="small muted">Partition lag (now − max ts)</div>
          <LineChart series={partitionLagSeries(history)} formatY={(v) => `${v.toFixed(1)} s`} label={`partition lag of ${answer.pipeline}`} />
        </>
      ) : null}
      {answer.partitions.length > 0 ? (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Partition</th>
                <th>Max ts</th>
                <th className="num">Ahead of WM</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {answer.partitions.map((p) => (
                <tr key={String(p.partition)}>
                  <td className="mono">{String(p.partition)}</td>
                  <td>
                    <Timestamp ms={p.maxTs} precise />
                  </td>
                  <td className="num mono">{p.maxTs !== null && answer.watermark !== null ? formatDuration(p.maxTs - answer.watermark) : '—'}</td>
                  <td>{p.idle ? <span className="badge badge-idle">idle</span> : <span className="badge badge-active">active</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </article>
  );
}
