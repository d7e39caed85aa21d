import { afterEach, describe, expect, it, vi } from 'vitest';
import { driveSession } from '../../src/session/driver.js';
import { FakeClock, paperBias, session, source, unnarrated } from './helpers.js';

/** Tick every 16 ms for `ms` of fake time. */
function runFor(s: ReturnType<typeof session>, clock: FakeClock, ms: number) {
  s.tick(clock.t);
  for (let t = 0; t < ms; t += 16) s.tick(clock.advance(16));
}

describe('the session as an external store (subscribe / getSnapshot)', () => {
  it('gives the same snapshot until something changes, and a new one after', () => {
    const s = session({ paused: true });
    const a = s.getSnapshot();
    expect(s.getSnapshot()).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    s.dispatch('step');
    const b = s.getSnapshot();
    expect(b).not.toBe(a);
    expect([a.step, b.step]).toEqual([0, 1]);
    expect(s.getSnapshot()).toBe(b);
    // A paused clock does nothing: no new snapshot.
    s.tick(1000);
    s.tick(2000);
    expect(s.getSnapshot()).toBe(b);
  });

  it('a command tells the subscribers at once; ticks wait for publish (once a frame)', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 60 });
    const heard = vi.fn();
    const unsubscribe = s.subscribe(heard);
    s.dispatch('faster');
    expect(heard).toHaveBeenCalledTimes(1);
    expect(s.getSnapshot().speed).toBe(120);
    runFor(s, clock, 500);
    expect(heard).toHaveBeenCalledTimes(1);
    s.publish();
    expect(heard).toHaveBeenCalledTimes(2);
    expect(s.getSnapshot().step).toBe(s.step);
    // Nothing new since: publishing again tells nobody.
    s.publish();
    expect(heard).toHaveBeenCalledTimes(2);
    unsubscribe();
    s.dispatch('slower');
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it("the snapshot's view is the session's view at that moment, computed once per window", () => {
    const s = session({ paused: true });
    s.dispatch('step');
    const snap = s.getSnapshot();
    expect(snap.view(20)).toBe(snap.view(20));
    expect(snap.view(20)).toEqual(s.view(20));
    expect(snap).toMatchObject({ paused: true, finished: false, dims: 1, historyCapacity: 512, rows: s.rows, probe: s.probe });
  });

  it('a scenario read from its file is published when it arrives, between frames', async () => {
    const a = paperBias();
    let arrive!: (x: typeof a) => void;
    const s = session({
      scenario: a,
      paused: true,
      source: { names: () => ['paper-bias', 'next'], load: () => new Promise((r) => (arrive = r)) },
    });
    const heard = vi.fn();
    s.subscribe(heard);
    s.dispatch('nextScenario');
    const calls = heard.mock.calls.length;
    arrive({ ...a, title: 'Next one' });
    await new Promise((r) => setImmediate(r));
    expect(heard.mock.calls.length).toBeGreaterThan(calls);
    expect(s.getSnapshot().view(1).title).toBe('Next one');
  });
});

describe('driveSession: the timers that run a live session', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks and publishes at the frame rate while running, and runs no timer while paused', () => {
    vi.useFakeTimers();
    const s = session({ scenario: unnarrated(), speed: 60, source: source({ 'paper-bias': unnarrated() }) });
    const frames = vi.fn();
    s.subscribe(frames);
    const stop = driveSession(s, { fps: 6 });
    vi.advanceTimersByTime(1000);
    expect(s.step).toBeGreaterThan(40);
    expect(frames.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(frames.mock.calls.length).toBeLessThanOrEqual(7);
    s.dispatch('togglePause');
    const at = s.step;
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(s.step).toBe(at);
    s.dispatch('togglePause');
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops by itself at --steps N, after publishing the frame that shows it', () => {
    vi.useFakeTimers();
    const s = session({ scenario: unnarrated(), speed: 1000, stopAt: 50 });
    const stop = driveSession(s, { fps: 6 });
    vi.advanceTimersByTime(2000);
    expect(s.getSnapshot()).toMatchObject({ step: 50, finished: true });
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });
});
