import type { LateEvent, WatermarkAnswer, WindowResult, WindowRetraction } from '../api/types';
import { resultIdentity } from './resultKey';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

/** One watermark observation, for the lag-over-time chart. */
export interface WatermarkSample {
  at: number;
  watermark: number;
  lagMs: number;
  /** now − maxTs per partition that has data, keyed by partition id. */
  partitionLagMs: Record<string, number>;
}

export interface LiveState {
  /** Latest revision of each window, by identity. */
  results: Map<string, WindowResult>;
  /** Identities in arrival order (oldest first), used to cap memory. */
  order: string[];
  /**
   * The latest retraction of each identity, oldest first (as the node keeps them): a result of a lower revision that
   * arrives after it (a `/recent` or `/results` answer older than the socket's message) stays out.
   */
  retracted: Map<string, WindowRetraction>;
  late: LateEvent[];
  lateIds: Set<string>;
  watermarks: Map<string, WatermarkAnswer>;
  watermarkHistory: Map<string, WatermarkSample[]>;
  /** Bumped on every change so React can compare cheaply. */
  version: number;
}

export const limits = { results: 5000, retractions: 5000, late: 2000, watermarkSamples: 300 };

export type LiveAction =
  | { type: 'results'; results: WindowResult[] }
  | { type: 'retractions'; retractions: WindowRetraction[] }
  | { type: 'late'; events: LateEvent[] }
  | { type: 'watermark'; answer: WatermarkAnswer; at: number };

export function emptyLiveState(): LiveState {
  return { results: new Map(), order: [], retracted: new Map(), late: [], lateIds: new Set(), watermarks: new Map(), watermarkHistory: new Map(), version: 0 };
}

function lateIdentity(e: LateEvent): string {
  return `${e.pipeline}\u0000${e.id}\u0000${e.windowStart}`;
}

function applyResults(state: LiveState, incoming: WindowResult[]): LiveState {
  const results = new Map(state.results);
  let order = [...state.order];
  let changed = false;
  for (const r of incoming) {
    const id = resultIdentity(r);
    const existing = results.get(id);
    if (existing && (existing.revision ?? 0) > (r.revision ?? 0)) continue; // a stale revision arrived late
    const retraction = state.retracted.get(id);
    if (retraction && (r.revision ?? 0) < retraction.revision) continue; // merged away by a later revision
    if (!existing) order.push(id);
    results.set(id, r);
    changed = true;
  }
  if (!changed) return state;
  if (order.length > limits.results) {
    const dropped = order.slice(0, order.length - limits.results);
    dropped.forEach((id) => results.delete(id));
    order = order.slice(order.length - limits.results);
  }
  return { ...state, results, order, version: state.version + 1 };
}

/** Drops the rows that retractions withdraw (those of a lower revision) and keeps each retraction, as the node does. */
function applyRetractions(state: LiveState, incoming: WindowRetraction[]): LiveState {
  const results = new Map(state.results);
  const retracted = new Map(state.retracted);
  const removed = new Set<string>();
  let changed = false;
  for (const t of incoming) {
    const id = resultIdentity(t);
    const previous = retracted.get(id);
    if (previous && previous.revision >= t.revision) continue; // a repeat
    const existing = results.get(id);
    if (existing && (existing.revision ?? 0) >= t.revision) continue; // the row is already newer than the merge
    if (existing) {
      results.delete(id);
      removed.add(id);
    }
    retracted.delete(id); // re-inserted last: the newest
    retracted.set(id, t);
    changed = true;
  }
  if (!changed) return state;
  for (const id of retracted.keys()) {
    if (retracted.size <= limits.retractions) break;
    retracted.delete(id);
  }
  const order = removed.size > 0 ? state.order.filter((id) => !removed.has(id)) : state.order;
  return { ...state, results: removed.size > 0 ? results : state.results, order, retracted, version: state.version + 1 };
}

function applyLate(state: LiveState, incoming: LateEvent[]): LiveState {
  const fresh = incoming.filter((e) => !state.lateIds.has(lateIdentity(e)));
  if (fresh.length === 0) return state;
  let late = [...state.late, ...fresh];
  if (late.length > limits.late) late = late.slice(late.length - limits.late);
  return { ...state, late, lateIds: new Set(late.map(lateIdentity)), version: state.version + 1 };
}

function applyWatermark(state: LiveState, answer: WatermarkAnswer, at: number): LiveState {
  const watermarks = new Map(state.watermarks);
  const previous = watermarks.get(answer.pipeline);
  // The watermark never goes backwards; an older answer arriving late must not rewind the view.
  const merged = previous?.watermark != null && answer.watermark != null && answer.watermark < previous.watermark
    ? { ...answer, watermark: previous.watermark }
    : answer;
  watermarks.set(answer.pipeline, merged);
  const watermarkHistory = new Map(state.watermarkHistory);
  if (merged.watermark != null) {
    const partitionLagMs: Record<string, number> = {};
    for (const p of answer.partitions) if (p.maxTs !== null && p.maxTs !== undefined) partitionLagMs[String(p.partition)] = at - p.maxTs;
    const sample = { at, watermark: merged.watermark, lagMs: at - merged.watermark, partitionLagMs };
    const samples = [...(watermarkHistory.get(answer.pipeline) ?? []), sample];
    watermarkHistory.set(answer.pipeline, samples.length > limits.watermarkSamples ? samples.slice(-limits.watermarkSamples) : samples);
  }
  return { ...state, watermarks, watermarkHistory, version: state.version + 1 };
}

/** Pure reducer for everything that arrives from `/ws` and the initial loads. */
export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'results':
      return applyResults(state, action.results);
    case 'retractions':
      return applyRetractions(state, action.retractions);
    case 'late':
      return applyLate(state, action.events);
    case 'watermark':
      return applyWatermark(state, action.answer, action.at);
  }
}
