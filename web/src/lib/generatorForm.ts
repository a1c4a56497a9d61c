import type { GeneratorSettings, GeneratorStatus } from '../api/types';

export interface GeneratorFormState {
  rate: string;
  keys: string;
  disorderMs: string;
  lateFraction: string;
}

export const initialGeneratorForm: GeneratorFormState = { rate: '200', keys: '10', disorderMs: '5000', lateFraction: '0.05' };

/** Fills the form from the server's current settings, keeping fields the server did not report. */
export function formFromStatus(status: GeneratorStatus, previous: GeneratorFormState): GeneratorFormState {
  const pick = (v: number | undefined, fallback: string) => (v === undefined || v === null ? fallback : String(v));
  return {
    rate: pick(status.rate, previous.rate),
    keys: pick(status.keys, previous.keys),
    disorderMs: pick(status.disorderMs, previous.disorderMs),
    lateFraction: pick(status.lateFraction, previous.lateFraction),
  };
}

/** The start request body, or the first problem with the form. Empty fields are left to the server's defaults. */
export function generatorSettings(form: GeneratorFormState): { settings: GeneratorSettings; errors: Record<string, string> } {
  const settings: GeneratorSettings = {};
  const errors: Record<string, string> = {};
  const read = (field: keyof GeneratorFormState, check: (n: number) => string | null) => {
    const text = form[field].trim();
    if (!text) return;
    const n = Number(text);
    const problem = Number.isFinite(n) ? check(n) : 'Not a number.';
    if (problem) errors[field] = problem;
    else settings[field] = n;
  };
  read('rate', (n) => (n > 0 && n <= 1_000_000 ? null : 'Events per second, 1 to 1,000,000.'));
  read('keys', (n) => (Number.isInteger(n) && n >= 1 && n <= 100_000 ? null : 'A whole number of keys, 1 to 100,000.'));
  read('disorderMs', (n) => (Number.isInteger(n) && n >= 0 ? null : 'Whole milliseconds, 0 or more.'));
  read('lateFraction', (n) => (n >= 0 && n <= 1 ? null : 'A fraction between 0 and 1.'));
  return { settings, errors };
}
