/** The bits of `document` the poller needs, injectable for tests. */
export interface VisibilitySource {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', fn: () => void): void;
  removeEventListener(type: 'visibilitychange', fn: () => void): void;
}

export interface PollerTimers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/**
 * Calls `poll` every `intervalMs` while the page is visible, one call at a time (the next is
 * scheduled after the previous settles). Hidden tab: no timers, no requests. Visible again: polls at once.
 */
export class VisibilityPoller {
  private timer: unknown = null;
  private running = false;
  private inFlight = false;
  private readonly onVisibility = () => this.reschedule(true);

  constructor(
    private readonly poll: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly doc: VisibilitySource,
    private readonly timers: PollerTimers,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.doc.addEventListener('visibilitychange', this.onVisibility);
    this.reschedule(true);
  }

  stop(): void {
    this.running = false;
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
    this.clear();
  }

  private visible(): boolean {
    return this.doc.visibilityState === 'visible';
  }

  private clear(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private reschedule(immediately: boolean): void {
    this.clear();
    if (!this.running || !this.visible() || this.inFlight) return;
    if (immediately) void this.tick();
    else this.timer = this.timers.setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (!this.running || !this.visible()) return;
    this.inFlight = true;
    try {
      await this.poll();
    } catch {
      // poll reports its own errors; keep polling
    } finally {
      this.inFlight = false;
      this.reschedule(false);
    }
  }
}
