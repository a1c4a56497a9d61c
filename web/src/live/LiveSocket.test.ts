import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../api/types';
import { LiveSocket, liveSocketUrl, type SocketLike } from './LiveSocket';
import type { ConnectionStatus } from './liveState';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  close(): void {
    this.closed = true;
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const statuses: [ConnectionStatus, number, number | null][] = [];
  const messages: LiveMessage[] = [];
  const live = new LiveSocket({
    url: 'ws://x/ws',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    onMessage: (m) => messages.push(m),
    onStatus: (status, attempt, retry) => statuses.push([status, attempt, retry]),
    backoff: { baseMs: 100, maxMs: 1000, random: () => 0.999999 },
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  });
  const fire = () => {
    const t = timers.shift()!;
    if (!t.cleared) t.fn();
  };
  return { live, sockets, timers, statuses, messages, fire };
}

describe('LiveSocket', () => {
  it('reports connecting, then live once open, and forwards parsed messages', () => {
    const h = harness();
    h.live.start();
    h.sockets[0]!.onopen!({});
    h.sockets[0]!.onmessage!({ data: JSON.stringify({ type: 'late', data: { id: 1 } }) });
    h.sockets[0]!.onmessage!({ data: 'not json' });
    expect(h.statuses.map((s) => s[0])).toEqual(['connecting', 'live']);
    expect(h.messages).toEqual([{ type: 'late', data: { id: 1 } }]);
  });

  it('reconnects after a drop with growing delays, and resets them after success', () => {
    const h = harness();
    h.live.start();
    h.sockets[0]!.onclose!({});
    expect(h.timers.map((t) => t.ms)).toEqual([100]);
    h.fire();
    h.sockets[1]!.onclose!({});
    expect(h.timers.map((t) => t.ms)).toEqual([200]);
    h.fire();
    h.sockets[2]!.onopen!({});
    h.sockets[2]!.onclose!({});
    expect(h.timers.map((t) => t.ms)).toEqual([100]);
    expect(h.sockets).toHaveLength(3);
    expect(h.statuses.filter((s) => s[0] === 'reconnecting').length).toBeGreaterThanOrEqual(3);
  });

  it('stops reconnecting and closes the socket when stopped', () => {
    const h = harness();
    h.live.start();
    h.sockets[0]!.onclose!({});
    h.live.stop();
    expect(h.timers[0]!.cleared).toBe(true);
    h.fire();
    expect(h.sockets).toHaveLength(1);

    const h2 = harness();
    h2.live.start();
    h2.live.stop();
    expect(h2.sockets[0]!.closed).toBe(true);
    expect(h2.timers).toHaveLength(0);
  });

  it('builds ws:// or wss:// from the page origin', () => {
    expect(liveSocketUrl({ protocol: 'http:', host: 'h:8080' })).toBe('ws://h:8080/ws');
    expect(liveSocketUrl({ protocol: 'https:', host: 'h' })).toBe('wss://h/ws');
  });
});
