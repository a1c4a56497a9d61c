import { useState, type ReactNode } from 'react';
import { api } from '../api/endpoints';
import { ProblemError, toProblem } from '../api/problem';
import type { ProblemDetails, WindowType } from '../api/types';
import { ErrorBanner } from '../components/ErrorBanner';
import {
  aggregateChoices,
  errorsFor,
  fieldErrorsFromProblem,
  formToDefinition,
  initialPipelineForm,
  unplacedErrors,
  type FieldErrors,
  type PipelineFormState,
} from '../lib/pipelineForm';

const shownFields = ['name', 'window.type', 'window.size', 'window.slide', 'window.offset', 'window.gap', 'groupBy', 'types', 'watermarkDelay', 'allowedLateness', 'idleTimeout', 'aggregates'];

/** Create-pipeline form: window fields switch with the type; server 400 field errors show under their fields. */
export function PipelineForm({ onCreated }: { onCreated: (name: string) => void }) {
  const [form, setForm] = useState<PipelineFormState>(initialPipelineForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof PipelineFormState>(field: K, value: PipelineFormState[K]) => setForm((f) => ({ ...f, [field]: value }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const { definition, errors: local } = formToDefinition(form);
    setErrors(local);
    setProblem(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await api.createPipeline(definition);
      setForm(initialPipelineForm);
      onCreated(definition.name);
    } catch (err) {
      const p = toProblem(err);
      setProblem(p);
      if (err instanceof ProblemError) setErrors(fieldErrorsFromProblem(p));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string, label: string, input: ReactNode, hint?: string) => {
    const messages = errorsFor(errors, name);
    return (
      <label className={`field${messages.length ? ' field-invalid' : ''}`}>
        <span className="field-label">{label}</span>
        {input}
        {hint && !messages.length ? <span className="field-hint">{hint}</span> : null}
        {messages.map((m) => (
          <span key={m} className="field-error" data-testid={`field-error-${name}`}>
            {m}
          </span>
        ))}
      </label>
    );
  };
  const ms = (name: keyof PipelineFormState, fieldName: string, label: string, hint?: string) =>
    field(fieldName, label, <input inputMode="numeric" className="mono" value={form[name] as string} onChange={(e) => set(name, e.target.value as never)} />, hint);
  const extra = unplacedErrors(errors, shownFields);

  return (
    <form className="card form" onSubmit={submit} data-testid="pipeline-form" noValidate>
      <h2>New pipeline</h2>
      <ErrorBanner problem={problem} onDismiss={() => setProblem(null)} />
      {extra.length ? (
        <ul className="field-error-list">
          {extra.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <div className="form-grid">
        {field('name', 'Name', <input value={form.name} onChange={(e) => set('name', e.target.value)} placeholder="alerts" autoComplete="off" data-testid="pipeline-name" />)}
        {field(
          'window.type',
          'Window',
          <select value={form.windowType} onChange={(e) => set('windowType', e.target.value as WindowType)}>
            <option value="tumbling">tumbling</option>
            <option value="sliding">sliding</option>
            <option value="session">session</option>
          </select>,
        )}
        {form.windowType !== 'session' ? ms('size', 'window.size', 'Size (ms)') : null}
        {form.windowType === 'tumbling' ? ms('offset', 'window.offset', 'Offset (ms)', 'shifts window starts') : null}
        {form.windowType === 'sliding' ? ms('slide', 'window.slide', 'Slide (ms)') : null}
        {form.windowType === 'session' ? ms('gap', 'window.gap', 'Gap (ms)', 'inactivity that closes a session') : null}
        {field(
          'groupBy',
          'Group by',
          <select value={form.groupBy} onChange={(e) => set('groupBy', e.target.value as 'key' | 'none')}>
            <option value="key">key</option>
            <option value="none">none (one global group)</option>
          </select>,
        )}
        {field('types', 'Types', <input value={form.types} onChange={(e) => set('types', e.target.value)} placeholder="important, critical" />, 'comma-separated; empty = all')}
        {ms('watermarkDelay', 'watermarkDelay', 'Watermark delay (ms)', 'watermark = max ts − delay')}
        {ms('allowedLateness', 'allowedLateness', 'Allowed lateness (ms)', 'updates after firing')}
        {ms('idleTimeout', 'idleTimeout', 'Idle timeout (ms)')}
      </div>
      <fieldset className={`field checkboxes${errorsFor(errors, 'aggregates').length ? ' field-invalid' : ''}`}>
        <legend className="field-label">Aggregates</legend>
        <div className="checkbox-row">
          {aggregateChoices.map((a) => (
            <label key={a} className="checkbox">
              <input
                type="checkbox"
                checked={form.aggregates.includes(a)}
                onChange={(e) => set('aggregates', e.target.checked ? [...form.aggregates, a] : form.aggregates.filter((x) => x !== a))}
              />
              <span className="mono">{a}</span>
            </label>
          ))}
        </div>
        {errorsFor(errors, 'aggregates').map((m) => (
          <span key={m} className="field-error">
            {m}
          </span>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="pipeline-create">
          {busy ? 'Creating…' : 'Create pipeline'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => (setForm(initialPipelineForm), setErrors({}), setProblem(null))}>
          Reset
        </button>
      </div>
    </form>
  );
}
