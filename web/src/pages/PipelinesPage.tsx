import { useState } from 'react';
import { api } from '../api/endpoints';
import { toProblem } from '../api/problem';
import type { ProblemDetails } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner } from '../components/ErrorBanner';
import { usePipelineDefinitions } from '../hooks/usePipelineDefinitions';
import { formatDuration } from '../lib/format';
import { describeWindow } from '../lib/pipelineForm';
import { PipelineForm } from './PipelineForm';

export function PipelinesPage() {
  const { definitions, error, loaded, reload } = usePipelineDefinitions();
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function remove(name: string) {
    if (!window.confirm(`Delete pipeline "${name}"? Its windows stop being computed.`)) return;
    try {
      await api.deletePipeline(name);
      setProblem(null);
      setNotice(`Deleted ${name}.`);
      await reload();
    } catch (e) {
      setProblem(toProblem(e));
    }
  }

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Pipelines</h1>
          <p className="muted">Each pipeline windows the same event stream its own way.</p>
        </div>
      </header>
      <ErrorBanner problem={error} />
      <ErrorBanner problem={problem} onDismiss={() => setProblem(null)} />
      {notice ? (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      ) : null}
      <div className="stack">
        <div>
          {loaded && definitions.length === 0 && !error ? (
            <EmptyState title="No pipelines defined">Create one with the form.</EmptyState>
          ) : (
            <div className="table-wrap card">
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Window</th>
                    <th className="hide-narrow">Group</th>
                    <th className="hide-narrow">Types</th>
                    <th className="hide-narrow">WM delay</th>
                    <th className="hide-narrow">Lateness</th>
                    <th className="hide-narrow">Aggregates</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {definitions.map((d) => (
                    <tr key={d.name} data-testid="pipeline-row">
                      <td className="mono strong">{d.name}</td>
                      <td className="nowrap">{describeWindow(d.window)}</td>
                      <td className="hide-narrow">{d.groupBy ?? <span className="muted">global</span>}</td>
                      <td className="hide-narrow">{d.types?.length ? d.types.join(', ') : <span className="muted">all</span>}</td>
                      <td className="hide-narrow mono">{d.watermarkDelay == null ? '—' : formatDuration(d.watermarkDelay)}</td>
                      <td className="hide-narrow mono">{d.allowedLateness == null ? '—' : formatDuration(d.allowedLateness)}</td>
                      <td className="hide-narrow mono small">{d.aggregates?.join(' ') ?? '—'}</td>
                      <td className="num">
                        <button type="button" className="btn btn-danger btn-small" onClick={() => void remove(d.name)} data-testid="pipeline-delete">
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <PipelineForm
          onCreated={(name) => {
            setNotice(`Created ${name}.`);
            void reload();
          }}
        />
      </div>
    </section>
  );
}
