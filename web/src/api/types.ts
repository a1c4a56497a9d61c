/** Wire shapes of the FlowOrleans gateway (see shared/CONTRACT.md). */

export interface WindowResult {
  pipeline: string;
  key: string | null;
  windowStart: number;
  windowEnd: number;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  avg: number | null;
  emittedAt: number;
  revision?: number;
  aggregates?: Record<string, number | null>;
}

/**
 * Withdraws the result of (pipeline, key, windowStart) if its revision is below `revision`: a session that merged
 * within allowed lateness under an earlier start (`replacedBy`), whose merged result has `revision`.
 */
export interface WindowRetraction {
  pipeline: string;
  key: string | null;
  windowStart: number;
  revision: number;
  replacedBy: number;
  retractedAt: number;
}

export interface LateEvent {
  pipeline: string;
  id: string | number;
  ts: number;
  value: number | null;
  key: string | null;
  type: string | null;
  windowStart: number;
  watermark: number;
  receivedAt: number;
}

export interface PartitionWatermark {
  partition: number | string;
  maxTs: number | null;
  idle: boolean;
}

export interface WatermarkAnswer {
  pipeline: string;
  watermark: number | null;
  partitions: PartitionWatermark[];
}

export type WindowType = 'tumbling' | 'sliding' | 'session';

export interface WindowSpec {
  type: WindowType;
  size?: number | null;
  slide?: number | null;
  offset?: number | null;
  gap?: number | null;
}

export interface PipelineDefinition {
  name: string;
  window: WindowSpec;
  groupBy: string | null;
  types?: string[] | null;
  watermarkDelay?: number | null;
  allowedLateness?: number | null;
  idleTimeout?: number | null;
  aggregates?: string[] | null;
}

export interface GeneratorSettings {
  rate?: number;
  keys?: number;
  disorderMs?: number;
  lateFraction?: number;
}

export interface GeneratorStatus extends GeneratorSettings {
  running: boolean;
  sent?: number;
}

export type SiloStatus = 'Active' | 'Joining' | 'ShuttingDown' | 'Dead';

export interface SiloInfo {
  address: string;
  name?: string;
  status: SiloStatus | string;
  startedAt: number;
  uptimeMs: number;
  activations: number;
  isLocal: boolean;
}

export interface GrainTypeStats {
  type: string;
  activations: number;
  calls: number;
  errors: number;
  callsPerSecond: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export interface MethodStats {
  grainType: string;
  method: string;
  calls: number;
  errors: number;
  callsPerSecond: number;
  latencyMeanMs: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export interface ClusterSnapshot {
  sampledAt: number;
  /** How long calls/s were measured over; 0 on the first sample, when no rate is known yet. */
  rateWindowMs?: number;
  silos: SiloInfo[];
  grainTypes: GrainTypeStats[];
  methods: MethodStats[];
}

/** RFC 7807 problem details, with ASP.NET's validation `errors` extension. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
}

export type LiveMessage =
  | { type: 'result'; data: WindowResult }
  | { type: 'retraction'; data: WindowRetraction }
  | { type: 'late'; data: LateEvent }
  | { type: 'watermark'; data: WatermarkAnswer };
