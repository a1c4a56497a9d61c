import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/endpoints';
import { toProblem } from '../api/problem';
import type { ProblemDetails } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { PipelineSelect } from '../components/PipelineSelect';
import { Timestamp } from '../components/Timestamp';
import { usePipelineDefinitions } from '../hooks/usePipelineDefinitions';
import { formatDuration, formatNumber } from '../lib/format';
import { definitionFor, lateness, missedWindowEnd } from '../lib/lateRows';
import { pipelineNames } from '../lib/pipelineNames';
import { keyLabel } from '../live/resultKey';
import { liveStore, useLiveState } from '../live/liveStore';

const maxRows = 300;

export function LateEventsPage() {
  const state = useLiveState();
  const { definitions } = usePipelineDefinitions();
  const [pipeline, setPipeline] = useState('default');
  const [error, setError] = useState<ProblemDetails | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    api
      .late(pipeline, 1000, abort.signal)
      .then((events) => {
        setError(null);
        liveStore.dispatch({ type: 'late', events });
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(toProblem(e));
      });
    return () => abort.abort();
  }, [pipeline]);

  const options = useMemo(() => pipelineNames(definitions, new Set(state.late.map((e) => e.pipeline))), [definitions, state.late]);
  const definition = definitionFor(pipeline, definitions);
  const rows = useMemo(() => state.late.filter((e) => e.pipeline === pipeline).slice(-maxRows).reverse(), [state.late, pipeline]);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Late events</h1>
          <p className="muted">Events that arrived after their window had fired (and after its allowed lateness), with the window they missed.</p>
        </div>
        <div className="toolbar">
          <PipelineSelect value={pipeline} options={options} onChange={setPipeline} />
        </div>
      </header>
      <ErrorBanner problem={error} onDismiss={() => setError(null)} />
      {rows.length === 0 ? (
        <EmptyState title="No late events">
          Events later than the watermark show up here. The <a href="#/generator">generator</a>'s late fraction produces some.
        </EmptyState>
      ) : (
        <div className="table-wrap card">
          <table className="table" data-testid="late-table">
            <thead>
              <tr>
                <th>Id</th>
                <th>Key</th>
                <th className="hide-narrow">Type</th>
                <th>Event time</th>
                <th className="num hide-narrow">Value</th>
                <th>Missed window</th>
                <th className="hide-narrow">Watermark then</th>
                <th className="num">Late by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={`${e.id}-${e.windowStart}`} data-testid="late-row">
                  <td className="mono nowrap">{String(e.id)}</td>
                  <td className={e.key === null ? 'muted mono nowrap' : 'mono nowrap'}>{keyLabel(e.key)}</td>
                  <td className="hide-narrow">{e.type ? <span className={`badge badge-type-${e.type}`}>{e.type}</span> : <span className="muted">—</span>}</td>
                  <td>
                    <Timestamp ms={e.ts} precise />
                  </td>
                  <td className="num mono hide-narrow">{formatNumber(e.value)}</td>
                  <td className="nowrap mono">
                    [<Timestamp ms={e.windowStart} />–{missedWindowEnd(e, definition) === null ? '?' : <Timestamp ms={missedWindowEnd(e, definition)} showDay={false} />})
                  </td>
                  <td className="hide-narrow">
                    <Timestamp ms={e.watermark} precise />
                  </td>
                  <td className="num mono late-by">{formatDuration(lateness(e))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === maxRows ? <div className="table-foot muted small">Showing the newest {maxRows}.</div> : null}
        </div>
      )}
    </section>
  );
}
