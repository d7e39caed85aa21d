/**
 * The training clock's arithmetic: the speed ladder, how many steps are due, how often history
 * is sampled. Pure functions, so the live session's timing is testable without timers.
 */

/** Steps per second that `+` and `-` walk through; above the last one is the engine's maximum. */
export const SPEEDS = [
  1, 2, 5, 10, 20, 30, 60, 120, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
  1_000_000,
] as const;

/** As fast as the engine goes within the clock's time budget. */
export const MAX_SPEED = Infinity;

export const DEFAULT_SPEED = 60;

/**
 * The training clock ticks at ~120 Hz whatever the render rate is, and spends at most half of a
 * tick computing: the other half keeps keys and frames flowing at full speed. A key waits out
 * at most the slice under way: 4 ms of issue 16's 30 ms (it was 8 ms at 60 Hz).
 */
export const TICK_MS = 8;
export const TICK_BUDGET_MS = 4;

/** The longest the training clock waits between ticks: tick() treats gaps over 250 ms as a stall. */
export const MAX_TICK_MS = 200;

/**
 * How often the training clock should tick. Slices of TICK_MS are what keep keys and frames
 * flowing while the engine runs flat out; when a whole frame's worth of steps fits one tick's
 * budget with room to spare (half of it: 2 ms, as before the slices were halved), there is
 * nothing to slice, and ticking once per frame (at most every MAX_TICK_MS) draws the same
 * frames with a twentieth of the wake-ups. `msPerStep` is the
 * measured cost of a lockstep step (0 before it is known).
 */
export function tickInterval(stepsPerSecond: number, fps: number, msPerStep: number): number {
  const frameMs = Math.min(1000 / fps, MAX_TICK_MS);
  if (frameMs <= TICK_MS || !Number.isFinite(stepsPerSecond)) return TICK_MS;
  const msPerFrame = ((stepsPerSecond * frameMs) / 1000) * msPerStep;
  return msPerFrame <= TICK_BUDGET_MS / 2 ? frameMs : TICK_MS;
}

/** History samples per second of wall time: a sparkline W cells wide shows the last ~W/6 s. */
export const SAMPLES_PER_SECOND = 6;

/** The next speed up: the next rung, or the maximum once a rung is beyond what the engine does. */
export function fasterSpeed(current: number, capacity: number): number {
  if (current === MAX_SPEED) return MAX_SPEED;
  const next = SPEEDS.find((s) => s > current);
  if (next === undefined || next >= capacity) return MAX_SPEED;
  return next;
}

/** The next speed down, never below 1 step/s. From the maximum: the highest rung the engine keeps up with. */
export function slowerSpeed(current: number, capacity: number): number {
  if (current === MAX_SPEED) {
    const below = SPEEDS.filter((s) => s < capacity);
    return below.length ? below[below.length - 1] : SPEEDS[0];
  }
  const lower = SPEEDS.filter((s) => s < current);
  return lower.length ? lower[lower.length - 1] : SPEEDS[0];
}

/** 1, 2, 5, 10, 20, 50, …: the largest such number ≤ x (and at least 1). */
export function niceFloor(x: number): number {
  if (!(x >= 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/**
 * Sample every `stride` steps so that a sample lands ~SAMPLES_PER_SECOND times a second: every
 * step at slow speeds, once per several ticks when fast-forwarding. Samples sit on multiples of
 * the stride, so the same run always draws the same history.
 */
export function sampleStride(stepsPerSecond: number): number {
  if (!Number.isFinite(stepsPerSecond)) return 1;
  return niceFloor(stepsPerSecond / SAMPLES_PER_SECOND);
}

/** Exponential moving average of the achieved steps per second over ~1 s of wall time. */
export class RateMeter {
  rate = 0;
  private primed = false;

  add(steps: number, ms: number): void {
    if (ms <= 0) return;
    const r = (steps * 1000) / ms;
    if (!this.primed) {
      this.rate = r;
      this.primed = true;
      return;
    }
    const a = Math.min(1, ms / 1000);
    this.rate += a * (r - this.rate);
  }

  reset(): void {
    this.rate = 0;
    this.primed = false;
  }
}
