import { describe, expect, it } from 'vitest';
import { describeWindow, errorsFor, fieldErrorsFromProblem, formToDefinition, initialPipelineForm, normalizeFieldName, unplacedErrors } from './pipelineForm';

describe('formToDefinition', () => {
  it('sends only the fields of the chosen window type', () => {
    const tumbling = formToDefinition({ ...initialPipelineForm, name: 'a', offset: '0' });
    expect(tumbling.errors).toEqual({});
    expect(tumbling.definition.window).toEqual({ type: 'tumbling', size: 10000 });

    const sliding = formToDefinition({ ...initialPipelineForm, name: 'a', windowType: 'sliding', size: '10000', slide: '5000' });
    expect(sliding.definition.window).toEqual({ type: 'sliding', size: 10000, slide: 5000 });

    const session = formToDefinition({ ...initialPipelineForm, name: 'a', windowType: 'session', gap: '3000' });
    expect(session.definition.window).toEqual({ type: 'session', gap: 3000 });
  });

  it('maps groupBy none to null, splits types and keeps aggregate order', () => {
    const { definition } = formToDefinition({
      ...initialPipelineForm, name: 'alerts', groupBy: 'none', types: ' important, critical ,', aggregates: ['p99', 'count'],
    });
    expect(definition.groupBy).toBeNull();
    expect(definition.types).toEqual(['important', 'critical']);
    expect(definition.aggregates).toEqual(['count', 'p99']);
    expect(definition.watermarkDelay).toBe(5000);
  });

  it('reports obvious mistakes against the right fields', () => {
    const { errors } = formToDefinition({
      ...initialPipelineForm, name: 'bad name', windowType: 'sliding', size: '1000', slide: '2000', watermarkDelay: '-1', aggregates: [],
    });
    expect(Object.keys(errors).sort()).toEqual(['aggregates', 'name', 'watermarkDelay', 'window.slide']);
    expect(formToDefinition({ ...initialPipelineForm, name: 'x', size: '1.5' }).errors['window.size']).toBeDefined();
    expect(formToDefinition({ ...initialPipelineForm, name: 'x', size: '' }).errors['window.size']).toEqual(['Required.']);
  });
});

describe('server field errors', () => {
  it('normalizes ASP.NET and JSON-path field names', () => {
    expect(normalizeFieldName('Window.Size')).toBe('window.size');
    expect(normalizeFieldName('$.window.slide')).toBe('window.slide');
    expect(normalizeFieldName('WatermarkDelay')).toBe('watermarkDelay');
  });

  it('merges messages per field and shows parent errors on child fields', () => {
    const errors = fieldErrorsFromProblem({ errors: { 'Window.Size': ['too small'], 'window.size': ['not aligned'], Window: ['bad window'] } });
    expect(errors['window.size']).toEqual(['too small', 'not aligned']);
    expect(errorsFor(errors, 'window.size')).toEqual(['too small', 'not aligned', 'bad window']);
  });

  it('lists errors the form has no field for', () => {
    expect(unplacedErrors({ name: ['x'], window: ['w'], extra: ['e'] }, ['name', 'window.size'])).toEqual(['extra: e']);
  });

  it('describes windows in one line', () => {
    expect(describeWindow({ type: 'sliding', size: 10000, slide: 5000 })).toBe('sliding 10 s / 5 s');
    expect(describeWindow({ type: 'session', gap: 1500 })).toBe('session gap 1500 ms');
    expect(describeWindow({ type: 'tumbling', size: 60000, offset: 1000 })).toBe('tumbling 60 s +1 s');
  });
});
