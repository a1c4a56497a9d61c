import { buildUrl, getJson, getNdjson, sendJson } from './http';
import type {
  ClusterSnapshot,
  GeneratorSettings,
  GeneratorStatus,
  LateEvent,
  PipelineDefinition,
  WatermarkAnswer,
  WindowResult,
} from './types';

/** Typed calls to the gateway; all URLs are relative (the UI is served by the gateway itself). */
export const api = {
  recent: (limit = 500, signal?: AbortSignal) => getNdjson<WindowResult>(buildUrl('/recent', { limit }), signal),
  results: (q: { pipeline?: string; key?: string; from?: number; to?: number; limit?: number }, signal?: AbortSignal) =>
    getJson<WindowResult[]>(buildUrl('/results', q), signal),
  late: (pipeline: string | undefined, limit = 500, signal?: AbortSignal) =>
    getJson<LateEvent[]>(buildUrl('/late', { pipeline, limit }), signal),
  watermark: (pipeline: string, signal?: AbortSignal) => getJson<WatermarkAnswer>(buildUrl('/watermark', { pipeline }), signal),
  pipelines: (signal?: AbortSignal) => getJson<PipelineDefinition[]>('/pipelines', signal),
  createPipeline: (definition: PipelineDefinition) => sendJson<PipelineDefinition>('POST', '/pipelines', definition),
  deletePipeline: (name: string) => sendJson<unknown>('DELETE', `/pipelines/${encodeURIComponent(name)}`),
  generator: (signal?: AbortSignal) => getJson<GeneratorStatus>('/generator', signal),
  startGenerator: (settings: GeneratorSettings) => sendJson<GeneratorStatus>('POST', '/generator/start', settings),
  stopGenerator: () => sendJson<GeneratorStatus>('POST', '/generator/stop'),
  cluster: (signal?: AbortSignal) => getJson<ClusterSnapshot>('/dashboard/cluster', signal),
};
