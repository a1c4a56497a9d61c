import { describe, expect, it } from 'vitest';
import type { WindowResult } from '../api/types';
import { LiveStore } from './liveStore';
import type { SocketLike } from './LiveSocket';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  close(): void {}
}

const result = (windowStart: number, count = 1, revision = 0): WindowResult => ({
  pipeline: 'default', key: 'a', windowStart, windowEnd: windowStart + 10_000, count, sum: null, min: null, max: null, avg: null, emittedAt: 0, revision,
});

function harness(loadRecent: () => Promise<WindowResult[]>) {
  const sockets: FakeSocket[] = [];
  const deferred: (() => void)[] = [];
  let loads = 0;
  const store = new LiveStore({
    socketUrl: () => 'ws://test/ws',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    loadRecent: () => {
      loads += 1;
      return loadRecent();
    },
    now: () => 42_000,
    defer: (fn) => deferred.push(fn),
  });
  const flush = async () => {
    await Promise.resolve();
    await Promise.resolve();
    deferred.splice(0).forEach((fn) => fn());
  };
  return { store, sockets, flush, loads: () => loads };
}

describe('LiveStore', () => {
  it('loads /recent once at start and routes /ws messages into the state', async () => {
    const h = harness(async () => [result(0, 3)]);
    h.store.start();
    h.store.start();
    h.sockets[0]!.onopen!({});
    h.sockets[0]!.onmessage!({ data: JSON.stringify({ type: 'result', data: result(0, 5, 1) }) });
    h.sockets[0]!.onmessage!({ data: JSON.stringify({ type: 'watermark', data: { pipeline: 'default', watermark: 40_000, partitions: [] } }) });
    await h.flush();
    expect(h.sockets).toHaveLength(1);
    expect(h.loads()).toBe(1);
    const s = h.store.getState();
    expect([...s.results.values()].map((r) => [r.count, r.revision])).toEqual([[5, 1]]);
    expect(s.watermarkHistory.get('default')).toEqual([{ at: 42_000, watermark: 40_000, lagMs: 2_000, partitionLagMs: {} }]);
    expect(h.store.getConnection().status).toBe('live');
  });

  it('drops a row when /ws retracts it', async () => {
    const h = harness(async () => [result(0, 2), result(6_000, 1)]);
    h.store.start();
    h.sockets[0]!.onopen!({});
    await h.flush();
    h.sockets[0]!.onmessage!({ data: JSON.stringify({ type: 'result', data: { ...result(0, 4, 1), windowEnd: 16_000 } }) });
    h.sockets[0]!.onmessage!({
      data: JSON.stringify({ type: 'retraction', data: { pipeline: 'default', key: 'a', windowStart: 6_000, revision: 1, replacedBy: 0, retractedAt: 20_000 } }),
    });
    await h.flush();
    expect([...h.store.getState().results.values()].map((r) => [r.windowStart, r.windowEnd, r.count, r.revision])).toEqual([[0, 16_000, 4, 1]]);
  });

  it('reloads /recent after a reconnect to fill the gap', async () => {
    const h = harness(async () => [result(0)]);
    h.store.start();
    h.sockets[0]!.onopen!({});
    h.store.stop();
    h.store.start();
    h.sockets[1]!.onopen!({});
    await h.flush();
    expect(h.loads()).toBe(3);
  });

  it('reports a failed load and notifies subscribers once per burst', async () => {
    const h = harness(async () => {
      throw new TypeError('Failed to fetch');
    });
    let notified = 0;
    h.store.subscribe(() => (notified += 1));
    h.store.start();
    await h.flush();
    expect(h.store.getLoadError()).toBe('Cannot reach the node: No answer from the FlowOrleans node (Failed to fetch). Is it running? Retrying…');
    expect(notified).toBe(1);
  });

  it('loads /recent again when the socket comes up after a failed first load', async () => {
    let fail = true;
    const h = harness(async () => {
      if (fail) throw new TypeError('Failed to fetch');
      return [result(0, 7)];
    });
    h.store.start();
    await h.flush();
    expect(h.store.getLoadError()).not.toBeNull();

    fail = false;
    h.sockets[0]!.onopen!({});
    await h.flush();
    expect(h.loads()).toBe(2);
    expect(h.store.getLoadError()).toBeNull();
    expect([...h.store.getState().results.values()].map((r) => r.count)).toEqual([7]);
  });
});
