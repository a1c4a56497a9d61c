import { describe, expect, it } from 'vitest';
import { formFromStatus, generatorSettings, initialGeneratorForm } from './generatorForm';

describe('generator form', () => {
  it('converts filled fields to numbers and leaves empty ones to the server', () => {
    expect(generatorSettings({ rate: '200', keys: '', disorderMs: '50000', lateFraction: '0.1' })).toEqual({
      settings: { rate: 200, disorderMs: 50000, lateFraction: 0.1 },
      errors: {},
    });
  });

  it('rejects out-of-range values per field', () => {
    const { errors, settings } = generatorSettings({ rate: '0', keys: '2.5', disorderMs: '-1', lateFraction: '1.5' });
    expect(Object.keys(errors).sort()).toEqual(['disorderMs', 'keys', 'lateFraction', 'rate']);
    expect(settings).toEqual({});
    expect(generatorSettings({ ...initialGeneratorForm, rate: 'fast' }).errors['rate']).toBe('Not a number.');
  });

  it('takes the running settings from the server status', () => {
    expect(formFromStatus({ running: true, rate: 50, keys: 3 }, initialGeneratorForm)).toEqual({ ...initialGeneratorForm, rate: '50', keys: '3' });
  });
});
