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
  const text = looksLikeHtml(trimmed) ? htmlToText(trimmed) : trimmed;
  return {
    status,
    title: `HTTP ${status}${statusText ? ` ${statusText}` : ''}`,
    detail: text ? text.slice(0, 300) : undefined,
  };
}

function looksLikeHtml(body: string): boolean {
  return /^<(!doctype|html|head|body)/i.test(body);
}

/** The readable text of an HTML error page (a proxy's or a dev server's): the body's text, tags removed. */
function htmlToText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A displayable problem for anything thrown (network failures included). */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemError) return error.problem;
  // fetch() rejects with a TypeError when no HTTP answer came at all (node stopped, network down).
  if (error instanceof TypeError) {
    return { title: 'Cannot reach the node', detail: `No answer from the FlowOrleans node (${error.message}). Is it running? Retrying…` };
  }
  if (error instanceof Error) return { title: 'Network error', detail: error.message };
  return { title: 'Error', detail: String(error) };
}
