import { useSyncExternalStore } from 'react';
import { api } from '../api/endpoints';
import { emptyLiveState, liveReducer, type ConnectionStatus, type LiveAction, type LiveState } from './liveState';
import { LiveSocket, liveSocketUrl, type SocketLike } from './LiveSocket';

export interface ConnectionInfo {
  status: ConnectionStatus;
  attempt: number;
  retryInMs: number | null;
}

type Listener = () => void;

/** Holds live state outside React; components read it with `useLiveState` / `useConnection`. */
class LiveStore {
  private state: LiveState = emptyLiveState();
  private connection: ConnectionInfo = { status: 'connecting', attempt: 0, retryInMs: null };
  private readonly listeners = new Set<Listener>();
  private notifyScheduled = false;
  private socket: LiveSocket | null = null;
  loadError: string | null = null;

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

  /** Connects `/ws` once; each (re)connect also reloads `/recent` to fill any gap (merging is idempotent). */
  start(): void {
    if (this.socket) return;
    this.socket = new LiveSocket({
      url: liveSocketUrl(window.location),
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onMessage: (m) => {
        if (m.type === 'result') this.dispatch({ type: 'results', results: [m.data] });
        else if (m.type === 'late') this.dispatch({ type: 'late', events: [m.data] });
        else this.dispatch({ type: 'watermark', answer: m.data, at: Date.now() });
      },
      onStatus: (status, attempt, retryInMs) => {
        this.connection = { status, attempt, retryInMs };
        if (status === 'live') void this.loadRecent();
        this.scheduleNotify();
      },
    });
    void this.loadRecent();
    this.socket.start();
  }

  async loadRecent(): Promise<void> {
    try {
      const results = await api.recent(1000);
      this.loadError = null;
      this.dispatch({ type: 'results', results });
    } catch (e) {
      this.loadError = e instanceof Error ? e.message : String(e);
      this.scheduleNotify();
    }
  }

  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    // Coalesce bursts of messages into one render, at most ~5 per second.
    setTimeout(() => {
      this.notifyScheduled = false;
      this.listeners.forEach((l) => l());
    }, 200);
  }
}

export const liveStore = new LiveStore();

export function useLiveState(): LiveState {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getState);
}

export function useConnection(): ConnectionInfo {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getConnection);
}

/** The last error of the initial `/recent` load, or null. */
export function useLoadError(): string | null {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getLoadError);
}
