import { useRef, useState } from 'react';
import { api } from '../api/endpoints';
import { toProblem } from '../api/problem';
import type { GeneratorStatus, ProblemDetails } from '../api/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { usePolling } from '../hooks/usePolling';
import { formatNumber, formatRate } from '../lib/format';
import { formFromStatus, generatorSettings, initialGeneratorForm, type GeneratorFormState } from '../lib/generatorForm';

const fields: { name: keyof GeneratorFormState; label: string; hint: string; step: string }[] = [
  { name: 'rate', label: 'Rate (events/s)', hint: 'how many events per second', step: '1' },
  { name: 'keys', label: 'Keys', hint: 'distinct grouping keys', step: '1' },
  { name: 'disorderMs', label: 'Disorder (ms)', hint: 'max event-time shuffle', step: '100' },
  { name: 'lateFraction', label: 'Late fraction', hint: '0–1, share sent too late', step: '0.01' },
];

export function GeneratorPage() {
  const [status, setStatus] = useState<GeneratorStatus | null>(null);
  const [form, setForm] = useState<GeneratorFormState>(initialGeneratorForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [pollProblem, setPollProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const filled = useRef(false);
  const rate = useRef<{ at: number; sent: number; perSecond: number | null }>({ at: 0, sent: 0, perSecond: null });

  usePolling(async () => {
    try {
      const s = await api.generator();
      const now = Date.now();
      if (s.sent !== undefined && rate.current.at > 0 && now > rate.current.at) {
        rate.current.perSecond = ((s.sent - rate.current.sent) * 1000) / (now - rate.current.at);
      }
      rate.current = { ...rate.current, at: now, sent: s.sent ?? 0 };
      setStatus(s);
      setPollProblem(null);
      if (!filled.current) {
        filled.current = true;
        setForm((f) => formFromStatus(s, f));
      }
    } catch (e) {
      setPollProblem(toProblem(e));
    }
  }, 1000);

  async function run(action: 'start' | 'stop') {
    setProblem(null);
    let request: () => Promise<GeneratorStatus | null> = api.stopGenerator;
    if (action === 'start') {
      const { settings, errors: invalid } = generatorSettings(form);
      setErrors(invalid);
      if (Object.keys(invalid).length) return;
      request = () => api.startGenerator(settings);
    }
    setBusy(true);
    try {
      const s = await request();
      if (s) setStatus(s);
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(false);
    }
  }

  const running = status?.running ?? false;
  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Generator</h1>
          <p className="muted">A built-in source of synthetic events, with out-of-order and late ones on purpose.</p>
        </div>
      </header>
      <ErrorBanner problem={pollProblem} />
      <ErrorBanner problem={problem} onDismiss={() => setProblem(null)} />
      <div className="split">
        <form
          className="card form"
          onSubmit={(e) => {
            e.preventDefault();
            void run('start');
          }}
          noValidate
        >
          <div className="form-grid">
            {fields.map((f) => (
              <label key={f.name} className={`field${errors[f.name] ? ' field-invalid' : ''}`}>
                <span className="field-label">{f.label}</span>
                <input
                  className="mono"
                  type="number"
                  step={f.step}
                  min={0}
                  value={form[f.name]}
                  onChange={(e) => setForm({ ...form, [f.name]: e.target.value })}
                  data-testid={`generator-${f.name}`}
                />
                {errors[f.name] ? <span className="field-error">{errors[f.name]}</span> : <span className="field-hint">{f.hint}</span>}
              </label>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="generator-start">
              {running ? 'Restart with these settings' : 'Start'}
            </button>
            <button type="button" className="btn btn-danger" disabled={busy || !running} onClick={() => void run('stop')} data-testid="generator-stop">
              Stop
            </button>
          </div>
        </form>
        <div className="card">
          <div className="card-title">
            <h2>Status</h2>
            <span className={`badge ${running ? 'badge-active' : 'badge-idle'}`} data-testid="generator-state">
              {status === null ? 'unknown' : running ? 'running' : 'stopped'}
            </span>
          </div>
          <div className="stats">
            <div className="stat">
              <div className="stat-label">Sent</div>
              <div className="stat-value mono" data-testid="generator-sent">
                {formatNumber(status?.sent ?? null)}
              </div>
            </div>
            <div className="stat">
              <div className="stat-label">Measured rate</div>
              <div className="stat-value mono">{running ? formatRate(rate.current.perSecond) : '—'}</div>
            </div>
            <div className="stat">
              <div className="stat-label">Configured</div>
              <div className="stat-value mono small">
                {status?.rate ?? '—'}/s · {status?.keys ?? '—'} keys · {status?.disorderMs ?? '—'} ms · {status?.lateFraction ?? '—'} late
              </div>
            </div>
          </div>
          <p className="muted small">
            Results appear on <a href="#/live">Live windows</a> once the watermark passes a window's end; late ones on <a href="#/late">Late events</a>.
          </p>
        </div>
      </div>
    </section>
  );
}
