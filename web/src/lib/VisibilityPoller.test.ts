import { describe, expect, it } from 'vitest';
import { VisibilityPoller, type VisibilitySource } from './VisibilityPoller';

class FakeDocument implements VisibilitySource {
  visibilityState = 'visible';
  listeners = new Set<() => void>();
  addEventListener(_: 'visibilitychange', fn: () => void) {
    this.listeners.add(fn);
  }
  removeEventListener(_: 'visibilitychange', fn: () => void) {
    this.listeners.delete(fn);
  }
  set(state: string) {
    this.visibilityState = state;
    this.listeners.forEach((l) => l());
  }
}

function harness(initial = 'visible') {
  const doc = new FakeDocument();
  doc.visibilityState = initial;
  const pending: { fn: () => void; ms: number; cleared: boolean }[] = [];
  let polls = 0;
  const poller = new VisibilityPoller(
    async () => {
      polls += 1;
    },
    2000,
    doc,
    {
      setTimeout: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        pending.push(t);
        return t;
      },
      clearTimeout: (h) => {
        (h as { cleared: boolean }).cleared = true;
      },
    },
  );
  const live = () => pending.filter((t) => !t.cleared);
  const fireNext = async () => {
    const t = live()[0]!;
    t.cleared = true;
    t.fn();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { doc, poller, live, fireNext, polls: () => polls };
}

const settle = async () => {
  await Promise.resolve();
  await Promise.resolve();
};

describe('VisibilityPoller', () => {
  it('polls at once, then every interval while visible', async () => {
    const h = harness();
    h.poller.start();
    await settle();
    expect(h.polls()).toBe(1);
    expect(h.live().map((t) => t.ms)).toEqual([2000]);
    await h.fireNext();
    expect(h.polls()).toBe(2);
    expect(h.live()).toHaveLength(1);
  });

  it('does nothing while hidden, and polls again as soon as the page becomes visible', async () => {
    const h = harness('hidden');
    h.poller.start();
    await settle();
    expect(h.polls()).toBe(0);
    expect(h.live()).toHaveLength(0);
    h.doc.set('visible');
    await settle();
    expect(h.polls()).toBe(1);
  });

  it('cancels its timer when the page is hidden and after stop', async () => {
    const h = harness();
    h.poller.start();
    await settle();
    h.doc.set('hidden');
    expect(h.live()).toHaveLength(0);
    h.doc.set('visible');
    await settle();
    expect(h.polls()).toBe(2);
    h.poller.stop();
    expect(h.live()).toHaveLength(0);
    expect(h.doc.listeners.size).toBe(0);
  });
});
