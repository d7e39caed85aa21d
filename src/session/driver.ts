import { tickInterval } from './clock.js';
import type { LiveSession } from './live.js';

/**
 * The timers that run a live session: training ticks (~60 Hz, or once a frame when a frame's
 * steps are cheap: see tickInterval) and frames, at which the session publishes what changed.
 * Keys publish at once (LiveSession.dispatch), without waiting for a frame. Paused, with no
 * notice to expire, nothing changes and no timer runs at all. Returns the function that stops it.
 */
export function driveSession(session: LiveSession, o: { fps: number }): () => void {
  const frameMs = 1000 / o.fps;
  let plan: { ticking: boolean; tickMs: number } | null = null;
  let timers: ReturnType<typeof setInterval>[] = [];
  let drawing: ReturnType<typeof setImmediate> | null = null;
  const stopTimers = () => {
    for (const t of timers) clearInterval(t);
    timers = [];
    if (drawing !== null) clearImmediate(drawing);
    drawing = null;
  };
  // A frame while the clock slices its steps: after the input that came in meanwhile. Timers
  // that fall due together run before Node reads input (a tick's slice, then the frame's
  // render); a key waits out the slice, but no longer a frame besides (issue 16: ≤ 30 ms).
  const frameAfterInput = () => {
    if (drawing !== null) return;
    drawing = setImmediate(() => {
      drawing = null;
      session.publish();
    });
  };
  // Re-planned after each published change: a pause, a speed, a notice, the cost of a step.
  const replan = () => {
    const s = session.getSnapshot();
    const ticking = (!s.paused && !s.finished) || s.noticeShown;
    // Holding for a caption, no steps run: ticks only count the hold down, once a frame will do
    // (the cost per step measured before the hold, often a cold start's, would slice nothing).
    const tickMs = s.holding ? frameMs : tickInterval(s.speed, o.fps, s.msPerStep);
    if (plan !== null && plan.ticking === ticking && plan.tickMs === tickMs) return;
    plan = { ticking, tickMs };
    stopTimers();
    if (!ticking) return;
    if (tickMs === frameMs) {
      // One wake-up per frame: the steps due, then the frame that shows them.
      timers.push(
        setInterval(() => {
          session.tick();
          session.publish();
        }, frameMs),
      );
    } else timers.push(setInterval(() => session.tick(), tickMs), setInterval(frameAfterInput, frameMs));
  };
  const unsubscribe = session.subscribe(replan);
  replan();
  return () => {
    unsubscribe();
    stopTimers();
  };
}
