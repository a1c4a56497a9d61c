import { useEffect, useRef } from 'react';
import { VisibilityPoller } from '../lib/VisibilityPoller';

/** Runs `poll` every `intervalMs` while the component is mounted AND the browser tab is visible. */
export function usePolling(poll: () => Promise<void>, intervalMs: number, deps: unknown[] = []) {
  const latest = useRef(poll);
  latest.current = poll;
  useEffect(() => {
    const poller = new VisibilityPoller(() => latest.current(), intervalMs, document, {
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (h) => window.clearTimeout(h as number),
    });
    poller.start();
    return () => poller.stop();
  }, [intervalMs, ...deps]);
}
