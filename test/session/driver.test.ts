import { afterEach, describe, expect, it, vi } from 'vitest';
import { driveSession } from '../../src/session/driver.js';
import { session } from './helpers.js';

describe('driveSession while the clock holds for a caption', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('slices costly steps while running, and ticks once a frame while a caption holds (no steps run then)', () => {
    vi.useFakeTimers();
    // Every read of the clock costs 0.3 ms: at 5000 steps/s a frame's steps look expensive, so
    // the clock slices them.
    let cost = 0;
    const s = session({ speed: 5000, clock: () => Date.now() + (cost += 0.3) });
    const stop = driveSession(s, { fps: 6 });
    const timers: number[] = [];
    for (let i = 0; i < 200 && !s.getSnapshot().holding; i++) {
      vi.advanceTimersByTime(50);
      timers.push(vi.getTimerCount());
    }
    // paper-bias holds at its first beats for their reading time.
    expect(s.getSnapshot().holding).toBe(true);
    // Running, a tick timer and a frame timer (and at times the frame waiting for input).
    expect(Math.max(...timers)).toBeGreaterThanOrEqual(2);
    // Holding (from the next frame, which publishes it): one timer, at the frame rate, that
    // counts the hold down and draws it.
    vi.advanceTimersByTime(200);
    expect(s.getSnapshot().holding).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    const at = s.step;
    vi.advanceTimersByTime(500);
    expect(s.step).toBe(at);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
