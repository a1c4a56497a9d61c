import type { LateEvent, PipelineDefinition } from '../api/types';

/** End of the window a late event missed, when the pipeline's window has a fixed size (not for sessions). */
export function missedWindowEnd(event: LateEvent, definition: PipelineDefinition | undefined): number | null {
  const window = definition?.window;
  if (!window || window.type === 'session' || !window.size) return null;
  return event.windowStart + window.size;
}

/** How far behind the watermark the event was when it arrived (watermark − ts); positive = late. */
export function lateness(event: LateEvent): number {
  return event.watermark - event.ts;
}

/** The default pipeline is tumbling 10 s (CONTRACT §3), used until `/pipelines` has answered. */
export const defaultPipelineDefinition: PipelineDefinition = {
  name: 'default',
  window: { type: 'tumbling', size: 10_000 },
  groupBy: 'key',
};

export function definitionFor(pipeline: string, definitions: PipelineDefinition[]): PipelineDefinition | undefined {
  return definitions.find((d) => d.name === pipeline) ?? (pipeline === 'default' ? defaultPipelineDefinition : undefined);
}
