import type { LiveMessage } from '../api/types';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import type { ConnectionStatus } from './liveState';
import { parseLiveMessage } from './liveMessage';

/** The part of the browser WebSocket this client uses (so tests can pass a fake). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

export interface LiveSocketDeps {
  url: string;
  createSocket: (url: string) => SocketLike;
  onMessage: (message: LiveMessage) => void;
  onStatus: (status: ConnectionStatus, attempt: number, retryInMs: number | null) => void;
  backoff?: BackoffOptions;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** A `/ws` client that reconnects by itself with exponential backoff until stopped. */
export class LiveSocket {
  private socket: SocketLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private stopped = true;
  private readonly deps: LiveSocketDeps;

  constructor(deps: LiveSocketDeps) {
    this.deps = deps;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
  }

  private connect(): void {
    this.deps.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting', this.attempt, null);
    let socket: SocketLike;
    try {
      socket = this.deps.createSocket(this.deps.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.deps.onStatus('live', 0, null);
    };
    socket.onmessage = (ev) => {
      const message = parseLiveMessage(ev.data);
      if (message) this.deps.onMessage(message);
    };
    socket.onerror = () => {
      // onclose follows onerror in browsers; reconnect is handled there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.deps.backoff ?? defaultBackoff);
    this.attempt += 1;
    this.deps.onStatus('reconnecting', this.attempt, delay);
    const setTimer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.timer = setTimer(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    (this.deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }
}

/** `ws://host/ws` or `wss://host/ws` for the page's own origin. */
export function liveSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
