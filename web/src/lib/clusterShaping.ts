import type { ClusterSnapshot, GrainTypeStats, MethodStats, SiloInfo } from '../api/types';

export interface Bar {
  label: string;
  value: number;
  /** value / largest value, in [0, 1]. */
  fraction: number;
}

/** Bars of activations per grain type, largest first, with zero-activation types left out. */
export function activationBars(grainTypes: GrainTypeStats[]): Bar[] {
  const rows = grainTypes.filter((g) => g.activations > 0).sort((a, b) => b.activations - a.activations || a.type.localeCompare(b.type));
  const largest = rows[0]?.activations ?? 0;
  return rows.map((g) => ({ label: shortTypeName(g.type), value: g.activations, fraction: largest > 0 ? g.activations / largest : 0 }));
}

/** The `n` most-called methods. */
export function topMethods(methods: MethodStats[], n: number): MethodStats[] {
  return [...methods].sort((a, b) => b.calls - a.calls || b.callsPerSecond - a.callsPerSecond).slice(0, n);
}

/** `FlowOrleans.Grains.WindowGrain` → `WindowGrain`. Generic arity suffixes are kept. */
export function shortTypeName(type: string): string {
  const lastDot = type.lastIndexOf('.');
  return lastDot >= 0 ? type.slice(lastDot + 1) : type;
}

/** `FlowOrleans.GrainInterfaces.IWindowGrain.ApplyAsync` → `IWindowGrain.ApplyAsync`: the interface without its namespace. */
export function shortMethodName(method: string): string {
  const parts = method.split('.');
  return parts.length > 2 ? parts.slice(-2).join('.') : method;
}

/** Whether a snapshot carries measured rates (the server needs two samples at least 1 s apart). */
export function hasRates(snapshot: { rateWindowMs?: number }): boolean {
  return snapshot.rateWindowMs === undefined || snapshot.rateWindowMs > 0;
}

export interface ClusterHistoryPoint {
  x: number;
  calls: number;
  activations: number;
}

/** Appends a sample's totals to the history (kept to `limit` points); samples without rates are left out. */
export function appendClusterHistory(history: ClusterHistoryPoint[], snapshot: ClusterSnapshot, limit: number): ClusterHistoryPoint[] {
  if (!hasRates(snapshot)) return history;
  const totals = clusterTotals(snapshot.silos, snapshot.grainTypes);
  return [...history, { x: snapshot.sampledAt, calls: totals.callsPerSecond, activations: totals.activations }].slice(-limit);
}

/** Errors as a share of calls, 0 when there were no calls. */
export function errorRate(calls: number, errors: number): number {
  return calls > 0 ? errors / calls : 0;
}

export interface ClusterTotals {
  activeSilos: number;
  totalSilos: number;
  activations: number;
  callsPerSecond: number;
  errors: number;
}

export function clusterTotals(silos: SiloInfo[], grainTypes: GrainTypeStats[]): ClusterTotals {
  return {
    activeSilos: silos.filter((s) => s.status === 'Active').length,
    totalSilos: silos.length,
    activations: grainTypes.reduce((sum, g) => sum + g.activations, 0),
    callsPerSecond: grainTypes.reduce((sum, g) => sum + g.callsPerSecond, 0),
    errors: grainTypes.reduce((sum, g) => sum + g.errors, 0),
  };
}

/** Live silos first (Active, Joining, ShuttingDown), dead ones last, then by name and address. */
export function sortSilos(silos: SiloInfo[]): SiloInfo[] {
  const rank: Record<string, number> = { Active: 0, Joining: 1, ShuttingDown: 2, Dead: 3 };
  return [...silos].sort((a, b) => (rank[a.status] ?? 2) - (rank[b.status] ?? 2) || (a.name ?? '').localeCompare(b.name ?? '') || a.address.localeCompare(b.address));
}
