import type { PipelineDefinition } from '../api/types';

/** Pipeline names to offer in filters: the defined ones, plus any seen in data, `default` first. */
export function pipelineNames(definitions: PipelineDefinition[], seen: Iterable<string>): string[] {
  const names = new Set<string>(['default']);
  definitions.forEach((d) => names.add(d.name));
  for (const s of seen) names.add(s);
  return [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}
