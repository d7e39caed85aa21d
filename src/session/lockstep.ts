import { DEFAULT_SPEED, fasterSpeed, RateMeter, sampleStride, slowerSpeed, TICK_BUDGET_MS, TICK_MS } from './clock.js';
import type { Pair } from './pair.js';

/**
 * The training clock: turns wall time into lockstep steps of both networks at the target speed,
 * within a time budget per tick, and says where history samples land. Its arithmetic is in
 * clock.ts; the timers that call it are in driver.ts. No timers here: tests pass the time.
 */
export class TrainingClock {
  speed: number;
  paused: boolean;
  /** The target is beyond what the engine does within the budget. */
  behind = false;
  readonly meter = new RateMeter();
  /** Milliseconds per lockstep step (both models), smoothed; 0 until measured. */
  costPerStep = 0;
  private carry = 0;
  private lastTick: number | null = null;

  constructor(
    private readonly now: () => number,
    o: { speed?: number; paused?: boolean },
  ) {
    this.speed = o.speed ?? DEFAULT_SPEED;
    this.paused = o.paused ?? false;
  }

  /** Steps per second the engine manages within the clock's budget (Infinity until measured). */
  get capacity(): number {
    return this.costPerStep > 0 ? ((TICK_BUDGET_MS / TICK_MS) * 1000) / this.costPerStep : Infinity;
  }

  /** A new run: nothing carried over, nothing measured about its pace. */
  restart(): void {
    this.carry = 0;
    this.lastTick = null;
    this.behind = false;
    this.meter.reset();
  }

  togglePause(): void {
    this.paused = !this.paused;
    this.lastTick = null;
    this.carry = 0;
  }

  faster(): void {
    this.speed = fasterSpeed(this.speed, this.capacity);
    this.behind = false;
    this.carry = 0;
  }

  slower(): void {
    this.speed = slowerSpeed(this.speed, this.capacity);
    this.behind = false;
    this.carry = 0;
  }

  /** Samples land on multiples of the stride; the stride follows the speed actually achieved. */
  stride(): number {
    const basis = Number.isFinite(this.speed) && !this.behind ? this.speed : Math.min(this.meter.rate || this.capacity, this.capacity);
    return sampleStride(basis);
  }

  /**
   * The steps due at `now` at the current speed (0 while paused or on the first tick), and the
   * milliseconds they stand for. A stalled process (suspended, debugger) must not come back to a
   * huge backlog: gaps count for at most 250 ms.
   */
  due(now: number): { steps: number; ms: number } {
    if (this.paused || this.lastTick === null) {
      this.lastTick = now;
      return { steps: 0, ms: 0 };
    }
    const ms = Math.min(now - this.lastTick, 250);
    this.lastTick = now;
    if (ms <= 0) return { steps: 0, ms };
    const due = this.carry + (this.speed * ms) / 1000;
    const steps = Math.floor(due);
    this.carry = due - steps;
    return { steps, ms };
  }

  /**
   * Run up to k lockstep steps, stopping at the deadline. Chunks stop at sample boundaries and are
   * sized from the measured cost so the deadline is met even when one step takes milliseconds.
   * `sample` is called at each boundary reached. With `observe`, the steps are taken one at a
   * time and it is called after each (the event detector reads every step); when it returns
   * true the run stops there.
   */
  run(pair: Pick<Pair, 'step' | 'advance'>, k: number, deadline: number, sample: () => void, observe?: () => boolean): number {
    const stride = this.stride();
    let done = 0;
    while (done < k) {
      const now = this.now();
      if (done > 0 && now >= deadline) break;
      const budgetSteps = this.costPerStep > 0 ? Math.max(1, Math.floor((deadline - now) / this.costPerStep)) : 16;
      const toBoundary = stride - (pair.step % stride);
      let chunk = Math.min(k - done, toBoundary, budgetSteps);
      let stop = false;
      if (observe === undefined) pair.advance(chunk);
      else
        for (let i = 0; i < chunk; i++) {
          pair.advance(1);
          if (observe()) {
            chunk = i + 1;
            stop = true;
            break;
          }
        }
      const spent = this.now() - now;
      const cost = spent / chunk;
      this.costPerStep = this.costPerStep === 0 ? cost : this.costPerStep + 0.2 * (cost - this.costPerStep);
      done += chunk;
      if (pair.step % stride === 0) sample();
      if (stop) break;
    }
    return done;
  }

  /** After a tick ran `done` of the `due` steps over `ms`: steps the budget could not fit are dropped, not owed. */
  settle(done: number, due: number, ms: number): void {
    this.behind = done < due;
    if (this.behind) this.carry = 0;
    this.meter.add(done, ms);
  }
}
