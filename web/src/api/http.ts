import { ProblemError, problemFromBody } from './problem';
import { parseNdjson } from './ndjson';

/** Builds a relative URL with the defined, non-empty query parameters. */
export function buildUrl(path: string, query: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    throw new ProblemError(problemFromBody(response.status, response.statusText, body));
  }
  return response;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await send(url, { headers: { Accept: 'application/json' }, signal });
  return (await response.json()) as T;
}

export async function getNdjson<T>(url: string, signal?: AbortSignal): Promise<T[]> {
  const response = await send(url, { headers: { Accept: 'application/x-ndjson' }, signal });
  return parseNdjson<T>(await response.text());
}

export async function sendJson<T>(method: 'POST' | 'DELETE', url: string, body?: unknown): Promise<T | null> {
  const response = await send(url, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text.trim() ? (JSON.parse(text) as T) : null;
}
