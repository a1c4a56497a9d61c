import { describe, expect, it } from 'vitest';
import { buildUrl } from './http';
import { parseNdjson } from './ndjson';
import { describeProblem, problemFromBody, ProblemError, toProblem } from './problem';
import { parseLiveMessage } from '../live/liveMessage';

describe('http helpers', () => {
  it('builds relative URLs with only the given parameters', () => {
    expect(buildUrl('/results', { pipeline: 'default', key: '', from: 0, to: undefined, limit: null })).toBe('/results?pipeline=default&from=0');
    expect(buildUrl('/late', { pipeline: 'a b' })).toBe('/late?pipeline=a+b');
    expect(buildUrl('/pipelines')).toBe('/pipelines');
  });

  it('parses NDJSON, skipping blank lines, and names a bad line', () => {
    expect(parseNdjson<{ a: number }>('{"a":1}\r\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => parseNdjson('{"a":1}\n{oops')).toThrow('line 2');
  });

  it('keeps problem details from a JSON error body', () => {
    const p = problemFromBody(400, 'Bad Request', '{"title":"Invalid pipeline","detail":"size must be > 0","errors":{"window.size":["x"]}}');
    expect(p).toMatchObject({ status: 400, title: 'Invalid pipeline', errors: { 'window.size': ['x'] } });
    expect(describeProblem(p)).toBe('Invalid pipeline: size must be > 0');
  });

  it('synthesizes a problem from a non-JSON body', () => {
    const p = problemFromBody(502, 'Bad Gateway', '<!DOCTYPE html><html><head><title>x</title></head><body><h1>Proxy error</h1>\n<p>upstream  down</p></body></html>');
    expect(p.title).toBe('HTTP 502 Bad Gateway');
    expect(p.detail).toBe('Proxy error upstream down');
    expect(problemFromBody(503, '', 'busy').detail).toBe('busy');
    expect(describeProblem({ status: 500 })).toBe('HTTP 500');
  });

  it('turns anything thrown into something displayable', () => {
    expect(toProblem(new ProblemError({ title: 'T', detail: 'D' }))).toEqual({ title: 'T', detail: 'D' });
    expect(toProblem(new TypeError('Failed to fetch'))).toEqual({
      title: 'Cannot reach the node',
      detail: 'No answer from the FlowOrleans node (Failed to fetch). Is it running? Retrying…',
    });
    expect(toProblem(new Error('aborted'))).toEqual({ title: 'Network error', detail: 'aborted' });
  });

  it('accepts only known live message types', () => {
    expect(parseLiveMessage('{"type":"result","data":{"count":1}}')).toEqual({ type: 'result', data: { count: 1 } });
    expect(parseLiveMessage('{"type":"hello","data":{}}')).toBeNull();
    expect(parseLiveMessage('{"type":"late"}')).toBeNull();
    expect(parseLiveMessage('[')).toBeNull();
    expect(parseLiveMessage(new ArrayBuffer(2))).toBeNull();
  });
});
