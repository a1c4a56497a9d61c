import type { ProblemDetails } from './types';

/** An HTTP failure carrying the server's problem details (or a synthesized one). */
export class ProblemError extends Error {
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(describeProblem(problem));
    this.name = 'ProblemError';
    this.problem = problem;
  }
}

/** "Title: detail", or whichever part exists. */
export function describeProblem(problem: ProblemDetails): string {
  const title = problem.title?.trim();
  const detail = problem.detail?.trim();
  if (title && detail) return `${title}: ${detail}`;
  return title || detail || (problem.status ? `HTTP ${problem.status}` : 'Request failed');
}

/** Builds problem details from a failed response body, whatever its content type. */
export function problemFromBody(status: number, statusText: string, body: string): ProblemDetails {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as ProblemDetails;
      if (parsed && typeof parsed === 'object' && (parsed.title || parsed.detail || parsed.errors)) {
        return { status, ...parsed };
      }
    } catch {
      // not JSON after all: fall through to the plain-text form
    }
  }
  return {
    status,
    title: `HTTP ${status}${statusText ? ` ${statusText}` : ''}`,
    detail: trimmed ? trimmed.slice(0, 300) : undefined,
  };
}

/** A displayable problem for anything thrown (network failures included). */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof Error) return { title: 'Network error', detail: error.message };
  return { title: 'Error', detail: String(error) };
}
