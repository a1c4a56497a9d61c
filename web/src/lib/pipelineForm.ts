import type { PipelineDefinition, ProblemDetails, WindowType } from '../api/types';

/** What the create-pipeline form edits: strings as typed, converted on submit. */
export interface PipelineFormState {
  name: string;
  windowType: WindowType;
  size: string;
  slide: string;
  offset: string;
  gap: string;
  groupBy: 'key' | 'none';
  types: string;
  watermarkDelay: string;
  allowedLateness: string;
  idleTimeout: string;
  aggregates: string[];
}

export const aggregateChoices = ['count', 'sum', 'min', 'max', 'avg', 'p50', 'p90', 'p99'] as const;

export const initialPipelineForm: PipelineFormState = {
  name: '',
  windowType: 'tumbling',
  size: '10000',
  slide: '5000',
  offset: '0',
  gap: '30000',
  groupBy: 'key',
  types: '',
  watermarkDelay: '5000',
  allowedLateness: '0',
  idleTimeout: '30000',
  aggregates: ['count', 'sum', 'min', 'max', 'avg'],
};

export type FieldErrors = Record<string, string[]>;

function parseMs(text: string, field: string, errors: FieldErrors, required: boolean, positive: boolean): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) {
    if (required) errors[field] = ['Required.'];
    return undefined;
  }
  const value = Number(trimmed);
  if (!Number.isInteger(value)) errors[field] = ['Must be a whole number of milliseconds.'];
  else if (positive ? value <= 0 : value < 0) errors[field] = [positive ? 'Must be greater than 0.' : 'Must not be negative.'];
  return value;
}

/**
 * Converts the form into a definition for `POST /pipelines`, with only the window fields of the
 * chosen type. Obvious mistakes are reported here; the server's 400 answer has the final word.
 */
export function formToDefinition(form: PipelineFormState): { definition: PipelineDefinition; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = form.name.trim();
  if (!name) errors['name'] = ['Required.'];
  else if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) errors['name'] = ['Letters, digits, "-" and "_" only (at most 64).'];

  const window: PipelineDefinition['window'] = { type: form.windowType };
  if (form.windowType === 'tumbling') {
    window.size = parseMs(form.size, 'window.size', errors, true, true);
    const offset = parseMs(form.offset, 'window.offset', errors, false, false);
    if (offset !== undefined && offset !== 0) window.offset = offset;
  } else if (form.windowType === 'sliding') {
    window.size = parseMs(form.size, 'window.size', errors, true, true);
    window.slide = parseMs(form.slide, 'window.slide', errors, true, true);
    if (window.size !== undefined && window.slide !== undefined && !errors['window.size'] && !errors['window.slide'] && window.slide > window.size) {
      errors['window.slide'] = ['Must not be larger than the size.'];
    }
  } else {
    window.gap = parseMs(form.gap, 'window.gap', errors, true, true);
  }

  const types = form.types.split(',').map((t) => t.trim()).filter(Boolean);
  if (form.aggregates.length === 0) errors['aggregates'] = ['Pick at least one aggregate.'];

  const definition: PipelineDefinition = {
    name,
    window,
    groupBy: form.groupBy === 'key' ? 'key' : null,
    types: types.length > 0 ? types : null,
    watermarkDelay: parseMs(form.watermarkDelay, 'watermarkDelay', errors, false, false) ?? null,
    allowedLateness: parseMs(form.allowedLateness, 'allowedLateness', errors, false, false) ?? null,
    idleTimeout: parseMs(form.idleTimeout, 'idleTimeout', errors, false, false) ?? null,
    aggregates: aggregateChoices.filter((a) => form.aggregates.includes(a)),
  };
  return { definition, errors };
}

/** Normalizes a server field name (`Window.Size`, `$.window.size`, `window`) to the form's keys. */
export function normalizeFieldName(field: string): string {
  return field
    .replace(/^\$\.?/, '')
    .split('.')
    .map((part) => (part ? part[0]!.toLowerCase() + part.slice(1) : part))
    .join('.');
}

/** Field errors of a 400 problem-details answer, keyed like the form's fields. */
export function fieldErrorsFromProblem(problem: ProblemDetails): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    const key = normalizeFieldName(field);
    errors[key] = [...(errors[key] ?? []), ...messages];
  }
  return errors;
}

/** Errors for a field, plus any reported against its parent (`window` for `window.size`). */
export function errorsFor(errors: FieldErrors, field: string): string[] {
  const own = errors[field] ?? [];
  const parent = field.includes('.') ? errors[field.split('.')[0]!] ?? [] : [];
  return [...own, ...parent.filter((m) => !own.includes(m))];
}

/** Errors whose field the form does not show, so they can be listed at the top. */
export function unplacedErrors(errors: FieldErrors, shownFields: string[]): string[] {
  const shown = new Set(shownFields);
  const parents = new Set(shownFields.filter((f) => f.includes('.')).map((f) => f.split('.')[0]!));
  return Object.entries(errors)
    .filter(([field]) => !shown.has(field) && !parents.has(field))
    .flatMap(([field, messages]) => messages.map((m) => (field ? `${field}: ${m}` : m)));
}

/** One-line summary of a definition's window, e.g. `sliding 10 s / 5 s`. */
export function describeWindow(window: PipelineDefinition['window']): string {
  const s = (ms: number | null | undefined) => (ms == null ? '?' : ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
  if (window.type === 'sliding') return `sliding ${s(window.size)} / ${s(window.slide)}`;
  if (window.type === 'session') return `session gap ${s(window.gap)}`;
  return `tumbling ${s(window.size)}${window.offset ? ` +${s(window.offset)}` : ''}`;
}
