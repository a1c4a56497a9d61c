import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/endpoints';
import { toProblem } from '../api/problem';
import type { ProblemDetails, WindowResult } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { LineChart } from '../components/LineChart';
import { PipelineSelect } from '../components/PipelineSelect';
import { Timestamp } from '../components/Timestamp';
import { usePipelineDefinitions } from '../hooks/usePipelineDefinitions';
import { keySeries, topKeys, type ResultMetric } from '../lib/chartSeries';
import { formatNumber } from '../lib/format';
import { pipelineNames } from '../lib/pipelineNames';
import { extraAggregates, matchesFilter, visibleResults } from '../lib/resultRows';
import { keyLabel, resultIdentity } from '../live/resultKey';
import { liveStore, useLiveState, useLoadError } from '../live/liveStore';

const maxRows = 200;

export function LiveWindowsPage() {
  const state = useLiveState();
  const loadError = useLoadError();
  const { definitions } = usePipelineDefinitions();
  const [pipeline, setPipeline] = useState('');
  const [key, setKey] = useState('');
  const [metric, setMetric] = useState<ResultMetric>('count');
  const [backfillError, setBackfillError] = useState<ProblemDetails | null>(null);

  // Picking one pipeline backfills its history from /results (merged into the live store).
  useEffect(() => {
    if (!pipeline) return;
    const abort = new AbortController();
    api
      .results({ pipeline, limit: 2000 }, abort.signal)
      .then((results) => {
        setBackfillError(null);
        liveStore.dispatch({ type: 'results', results });
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setBackfillError(toProblem(e));
      });
    return () => abort.abort();
  }, [pipeline]);

  const all = useMemo(() => [...state.results.values()], [state.results]);
  const options = useMemo(() => pipelineNames(definitions, new Set(all.map((r) => r.pipeline))), [definitions, all]);
  const rows = useMemo(() => visibleResults(all, { pipeline, key }, maxRows), [all, pipeline, key]);
  const charted = useMemo(() => {
    const matching = all.filter((r) => matchesFilter(r, { pipeline, key }));
    const chartPipeline = pipeline || (matching.some((r) => r.pipeline === 'default') ? 'default' : (matching[0]?.pipeline ?? 'default'));
    const forCharts = matching.filter((r) => r.pipeline === chartPipeline);
    return topKeys(forCharts, 6).map((k) => ({ key: k, pipeline: chartPipeline, points: keySeries(forCharts, k, metric) }));
  }, [all, pipeline, key, metric]);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Live windows</h1>
          <p className="muted">Window results as they fire; updates from allowed lateness replace the earlier row, and a session merged into an earlier one drops out.</p>
        </div>
        <div className="toolbar">
          <PipelineSelect value={pipeline} options={options} onChange={setPipeline} allowAll />
          <label className="field-inline">
            <span>Key</span>
            <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="filter…" data-testid="key-filter" />
          </label>
          <div className="segmented" role="group" aria-label="Chart metric">
            {(['count', 'avg'] as const).map((m) => (
              <button key={m} type="button" className={metric === m ? 'active' : ''} onClick={() => setMetric(m)}>
                {m}
              </button>
            ))}
          </div>
        </div>
      </header>

      <ErrorBanner problem={loadError ? { title: 'Could not load recent results', detail: loadError } : null} />
      <ErrorBanner problem={backfillError} onDismiss={() => setBackfillError(null)} />

      {charted.length > 0 ? (
        <div className="chart-grid" data-testid="key-charts">
          {charted.map((c) => (
            <div className="card chart-card" key={String(c.key)}>
              <div className="card-title">
                <span className="mono">{keyLabel(c.key)}</span>
                <span className="muted small hide-narrow">
                  {metric} · {c.pipeline}
                </span>
              </div>
              <LineChart series={[{ name: keyLabel(c.key), points: c.points }]} formatY={(v) => formatNumber(v, 1)} includeZero={metric === 'count'} label={`${metric} of ${keyLabel(c.key)}`} />
            </div>
          ))}
        </div>
      ) : null}

      {rows.length === 0 ? (
        <EmptyState title={state.results.size === 0 ? 'No windows yet' : 'No windows match the filter'}>
          {state.results.size === 0 ? (
            <>
              Start the <a href="#/generator">generator</a> or <code>POST /ingest</code>; results appear when the watermark passes a window's end.
            </>
          ) : (
            'Clear the key filter or pick another pipeline.'
          )}
        </EmptyState>
      ) : (
        <div className="table-wrap card">
          <table className="table" data-testid="results-table">
            <thead>
              <tr>
                <th>Window</th>
                <th className="hide-narrow">Pipeline</th>
                <th>Key</th>
                <th className="num">Count</th>
                <th className="num hide-narrow">Sum</th>
                <th className="num hide-narrow">Min</th>
                <th className="num hide-narrow">Max</th>
                <th className="num">Avg</th>
                <th className="hide-narrow">Extra</th>
                <th className="hide-narrow">Emitted</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <ResultRow key={resultIdentity(r)} r={r} />
              ))}
            </tbody>
          </table>
          {state.results.size > rows.length ? <div className="table-foot muted small">Showing the newest {rows.length} of {state.results.size} windows held in the browser.</div> : null}
        </div>
      )}
    </section>
  );
}

function ResultRow({ r }: { r: WindowResult }) {
  const revision = r.revision ?? 0;
  return (
    <tr data-testid="result-row" className={revision > 0 ? 'row-updated' : undefined}>
      <td className="nowrap">
        <span className="mono">
          [<Timestamp ms={r.windowStart} />–<Timestamp ms={r.windowEnd} showDay={false} />)
        </span>
        {revision > 0 ? (
          <span className="badge badge-update" title={`Updated by a late event (revision ${revision})`} data-testid="revision-badge">
            update #{revision}
          </span>
        ) : null}
      </td>
      <td className="hide-narrow">{r.pipeline}</td>
      <td className={r.key === null ? 'muted mono' : 'mono'}>{keyLabel(r.key)}</td>
      <td className="num mono">{formatNumber(r.count)}</td>
      <td className="num mono hide-narrow">{formatNumber(r.sum)}</td>
      <td className="num mono hide-narrow">{formatNumber(r.min)}</td>
      <td className="num mono hide-narrow">{formatNumber(r.max)}</td>
      <td className="num mono">{formatNumber(r.avg)}</td>
      <td className="hide-narrow mono small">
        {extraAggregates(r).map(([name, value]) => (
          <span key={name} className="agg">
            {name} {formatNumber(value)}
          </span>
        ))}
      </td>
      <td className="hide-narrow">
        <Timestamp ms={r.emittedAt} />
      </td>
    </tr>
  );
}
