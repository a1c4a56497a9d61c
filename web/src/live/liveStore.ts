import { useSyncExternalStore } from 'react';
import { api } from '../api/endpoints';
import { describeProblem, toProblem } from '../api/problem';
import type { WindowResult } from '../api/types';
import { emptyLiveState, liveReducer, type ConnectionStatus, type LiveAction, type LiveState } from './liveState';
import { LiveSocket, liveSocketUrl, type SocketLike } from './LiveSocket';

export interface ConnectionInfo {
  status: ConnectionStatus;
  attempt: number;
  retryInMs: number | null;
}

export interface LiveStoreDeps {
  socketUrl: () => string;
  createSocket: (url: string) => SocketLike;
  loadRecent: () => Promise<WindowResult[]>;
  now: () => number;
  /** Schedules the coalesced change notification. */
  defer: (fn: () => void) => void;
}

type Listener = () => void;

/** Holds live state outside React; components read it with `useLiveState` / `useConnection`. */
export class LiveStore {
  private state: LiveState = emptyLiveState();
  private connection: ConnectionInfo = { status: 'connecting', attempt: 0, retryInMs: null };
  private loadError: string | null = null;
  private readonly listeners = new Set<Listener>();
  private notifyScheduled = false;
  private socket: LiveSocket | null = null;
  private wasLive = false;

  constructor(private readonly deps: LiveStoreDeps) {}

  getState = (): LiveState => this.state;
  getConnection = (): ConnectionInfo => this.connection;
  getLoadError = (): string | null => this.loadError;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(action: LiveAction): void {
    const next = liveReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    this.scheduleNotify();
  }

  /** Loads `/recent` and connects `/ws` once; a REconnect reloads `/recent` to fill the gap (merging is idempotent). */
  start(): void {
    if (this.socket) return;
    this.socket = new LiveSocket({
      url: this.deps.socketUrl(),
      createSocket: this.deps.createSocket,
      onMessage: (m) => {
        if (m.type === 'result') this.dispatch({ type: 'results', results: [m.data] });
        else if (m.type === 'retraction') this.dispatch({ type: 'retractions', retractions: [m.data] });
        else if (m.type === 'late') this.dispatch({ type: 'late', events: [m.data] });
        else this.dispatch({ type: 'watermark', answer: m.data, at: this.deps.now() });
      },
      onStatus: (status, attempt, retryInMs) => {
        this.connection = { status, attempt, retryInMs };
        if (status === 'live') {
          // After a reconnect, or when the first load failed (the node was down): fetch what was missed.
          if (this.wasLive || this.loadError !== null) void this.reloadRecent();
          this.wasLive = true;
        }
        this.scheduleNotify();
      },
    });
    void this.reloadRecent();
    this.socket.start();
  }

  stop(): void {
    this.socket?.stop();
    this.socket = null;
  }

  async reloadRecent(): Promise<void> {
    try {
      const results = await this.deps.loadRecent();
      this.loadError = null;
      this.dispatch({ type: 'results', results });
    } catch (e) {
      this.loadError = describeProblem(toProblem(e));
    }
    this.scheduleNotify();
  }

  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    this.deps.defer(() => {
      this.notifyScheduled = false;
      this.listeners.forEach((l) => l());
    });
  }
}

/** The app's store: relative `/ws` on the page's origin; renders coalesced to at most ~5 per second. */
export const liveStore = new LiveStore({
  socketUrl: () => liveSocketUrl(window.location),
  createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  loadRecent: () => api.recent(1000),
  now: () => Date.now(),
  defer: (fn) => setTimeout(fn, 200),
});

export function useLiveState(): LiveState {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getState);
}

export function useConnection(): ConnectionInfo {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getConnection);
}

/** The last error of the `/recent` load, or null. */
export function useLoadError(): string | null {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getLoadError);
}
