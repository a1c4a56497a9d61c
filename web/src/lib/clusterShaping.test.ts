import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, GrainTypeStats, MethodStats, SiloInfo } from '../api/types';
import { activationBars, appendClusterHistory, clusterTotals, errorRate, hasRates, shortMethodName, shortTypeName, sortSilos, topMethods } from './clusterShaping';

const g = (type: string, activations: number, callsPerSecond = 0, errors = 0): GrainTypeStats => ({
  type, activations, calls: 0, errors, callsPerSecond, latencyP50Ms: null, latencyP99Ms: null,
});
const m = (method: string, calls: number): MethodStats => ({
  grainType: 'G', method, calls, errors: 0, callsPerSecond: 0, latencyMeanMs: null, latencyP50Ms: null, latencyP99Ms: null,
});
const silo = (address: string, status: string): SiloInfo => ({ address, status, startedAt: 0, uptimeMs: 0, activations: 0, isLocal: false });

describe('cluster shaping', () => {
  it('makes activation bars relative to the largest, dropping empty types', () => {
    const bars = activationBars([g('A.WindowGrain', 5), g('A.WatermarkGrain', 20), g('A.Idle', 0)]);
    expect(bars.map((b) => [b.label, b.fraction])).toEqual([['WatermarkGrain', 1], ['WindowGrain', 0.25]]);
  });

  it('ranks methods by calls and keeps the top n', () => {
    expect(topMethods([m('a', 1), m('b', 9), m('c', 5)], 2).map((x) => x.method)).toEqual(['b', 'c']);
  });

  it('sums totals and counts active silos', () => {
    const totals = clusterTotals([silo('s1', 'Active'), silo('s2', 'Dead')], [g('x', 2, 1.5, 1), g('y', 3, 2, 0)]);
    expect(totals).toEqual({ activeSilos: 1, totalSilos: 2, activations: 5, callsPerSecond: 3.5, errors: 1 });
  });

  it('lists dead silos last', () => {
    expect(sortSilos([silo('b', 'Dead'), silo('c', 'Active'), silo('a', 'Joining')]).map((s) => s.address)).toEqual(['c', 'a', 'b']);
  });

  it('shortens type names and computes error rates safely', () => {
    expect(shortTypeName('FlowOrleans.Grains.WindowGrain')).toBe('WindowGrain');
    expect(shortTypeName('Plain')).toBe('Plain');
    expect(errorRate(0, 0)).toBe(0);
    expect(errorRate(200, 5)).toBe(0.025);
  });
});

describe('cluster method names and history', () => {
  it('drops the namespace of the grain interface', () => {
    expect(shortMethodName('FlowOrleans.GrainInterfaces.IWindowGrain.ApplyAsync')).toBe('IWindowGrain.ApplyAsync');
    expect(shortMethodName('IWindowGrain.ApplyAsync')).toBe('IWindowGrain.ApplyAsync');
    expect(shortMethodName('Apply')).toBe('Apply');
  });

  it('leaves samples without measured rates out of the history and keeps the last n', () => {
    const snapshot = (sampledAt: number, rateWindowMs: number, callsPerSecond: number): ClusterSnapshot => ({
      sampledAt, rateWindowMs, silos: [], grainTypes: [g('W', 2, callsPerSecond)], methods: [],
    });
    let history = appendClusterHistory([], snapshot(1000, 0, 0), 2);
    expect(history).toEqual([]);
    history = appendClusterHistory(history, snapshot(3000, 2000, 50), 2);
    history = appendClusterHistory(history, snapshot(5000, 2000, 70), 2);
    history = appendClusterHistory(history, snapshot(7000, 2000, 90), 2);
    expect(history).toEqual([{ x: 5000, calls: 70, activations: 2 }, { x: 7000, calls: 90, activations: 2 }]);
    expect(hasRates({ rateWindowMs: 0 })).toBe(false);
    expect(hasRates({})).toBe(true);
  });
});
