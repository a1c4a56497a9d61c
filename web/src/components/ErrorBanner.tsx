import type { ProblemDetails } from '../api/types';

/** A visible error: the problem's title in bold, its detail after it. */
export function ErrorBanner({ problem, onDismiss }: { problem: ProblemDetails | null; onDismiss?: () => void }) {
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <div>
        <strong>{problem.title ?? 'Error'}</strong>
        {problem.status ? <span className="banner-status mono"> {problem.status}</span> : null}
        {problem.detail ? <div className="banner-detail">{problem.detail}</div> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss} aria-label="Dismiss error">
          ✕
        </button>
      ) : null}
    </div>
  );
}
