import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { caption, type Caption } from './captions.js';
import {
  DEFAULT_SPEED,
  fasterSpeed,
  MAX_SPEED,
  RateMeter,
  sampleStride,
  slowerSpeed,
  TICK_BUDGET_MS,
  TICK_MS,
} from './clock.js';
import { History } from './history.js';
import { Pair, probeIndex } from './pair.js';
import { rowModels, rowSpecs, type RowModel, type RowSpec } from './rows.js';
import { exampleCount } from '../scenario/schema.js';

/**
 * The live session: both networks, the training clock and the sampled history, driven by
 * commands. No React and no timers: the UI calls tick() from its own clock and dispatch() from
 * its key table, and draws view(). Everything here runs in tests with a fake clock.
 */

export type SessionCommand =
  | 'togglePause'
  | 'step'
  | 'faster'
  | 'slower'
  | 'reset'
  | 'newSeed'
  | 'nextScenario'
  | 'prevScenario';

/** Where `n`/`p` find scenarios. Read on every switch: files can be added while the view runs. */
export interface ScenarioSource {
  names(): string[];
  load(name: string): Scenario;
}

export interface LiveScenario {
  /** A built-in's name, or the file's base name. */
  name: string;
  /** What to type to get it back: the built-in name, or the path as given. */
  arg: string;
  builtin: boolean;
  scenario: Scenario;
}

export interface LiveOptions {
  initial: LiveScenario;
  source: ScenarioSource;
  /** Steps per second to start at (MAX_SPEED for the engine's maximum). */
  speed?: number;
  paused?: boolean;
  /** Milliseconds, monotonic. */
  clock?: () => number;
  newSeed?: () => number;
  /** Samples kept per series: at least the widest sparkline. */
  historyCapacity?: number;
}

export interface LiveView {
  name: string;
  title: string;
  summary: string;
  seed: number;
  learningRate: number;
  step: number;
  paused: boolean;
  /** Target steps per second; MAX_SPEED when fast-forwarding as fast as the engine goes. */
  speed: number;
  /** Steps per second actually achieved recently. */
  rate: number;
  /** The target is beyond what the engine does within the clock's budget. */
  behind: boolean;
  probe: number;
  dims: number;
  normalize: Scenario['model']['normalize'];
  divergedAt: Record<GradientRule, number | null>;
  rows: RowModel[];
  caption: Caption;
  /** A short-lived message about the last command (e.g. a scenario that failed to load). */
  notice: string | null;
  /** Position in the built-in list, for the header; null for a file outside it. */
  index: { at: number; of: number } | null;
}

const NOTICE_MS = 4000;

function defaultSeed(): number {
  return 1 + Math.floor(Math.random() * 99_999);
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export class LiveSession {
  /** Bumped on every change a frame should show; the UI re-renders only when it moves. */
  version = 0;
  readonly historyCapacity: number;

  private current: LiveScenario;
  private readonly source: ScenarioSource;
  private readonly clock: () => number;
  private readonly newSeed: () => number;
  private pair!: Pair;
  private readonly history: History;
  private baseline!: Record<GradientRule, StepState>;
  private latest!: Record<GradientRule, StepState>;
  private specs!: RowSpec[];

  private paused: boolean;
  private speed: number;
  private carry = 0;
  private lastTick: number | null = null;
  private behind = false;
  private readonly meter = new RateMeter();
  /** Milliseconds per lockstep step (both models), smoothed; 0 until measured. */
  private costPerStep = 0;
  private notice: { text: string; until: number } | null = null;
  /** The built-in list as last read (a directory read per frame would be wasteful). */
  private names: string[];

  constructor(o: LiveOptions) {
    this.current = o.initial;
    this.source = o.source;
    this.clock = o.clock ?? (() => performance.now());
    this.newSeed = o.newSeed ?? defaultSeed;
    this.speed = o.speed ?? DEFAULT_SPEED;
    this.paused = o.paused ?? false;
    this.historyCapacity = o.historyCapacity ?? 512;
    this.history = new History(this.historyCapacity);
    this.names = this.source.names();
    this.restart();
  }

  get scenario(): Scenario {
    return this.current.scenario;
  }

  get step(): number {
    return this.pair.step;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get targetSpeed(): number {
    return this.speed;
  }

  /** The example whose x̂ is followed. */
  get probe(): number {
    return probeIndex(exampleCount(this.current.scenario));
  }

  /** The rows this scenario shows, in order, with their priorities (the layout needs them first). */
  get rows(): RowSpec[] {
    return this.specs;
  }

  /** Steps per second the engine manages within the clock's budget (Infinity until measured). */
  get capacity(): number {
    return this.costPerStep > 0 ? ((TICK_BUDGET_MS / TICK_MS) * 1000) / this.costPerStep : Infinity;
  }

  private restart(): void {
    this.pair = new Pair(this.current.scenario);
    this.specs = rowSpecs(this.current.scenario);
    this.history.clear();
    this.baseline = this.pair.states();
    this.latest = this.baseline;
    this.history.record(0, this.baseline);
    this.carry = 0;
    this.lastTick = null;
    this.behind = false;
    this.meter.reset();
    this.version++;
  }

  private say(text: string): void {
    this.notice = { text, until: this.clock() + NOTICE_MS };
  }

  /** Samples land on multiples of the stride; the stride follows the speed actually achieved. */
  private stride(): number {
    const basis = Number.isFinite(this.speed) && !this.behind ? this.speed : Math.min(this.meter.rate || this.capacity, this.capacity);
    return sampleStride(basis);
  }

  /**
   * Run up to k lockstep steps, stopping at the deadline. Chunks stop at sample boundaries and are
   * sized from the measured cost so the deadline is met even when one step takes milliseconds.
   */
  private run(k: number, deadline: number): number {
    const stride = this.stride();
    let done = 0;
    while (done < k) {
      const now = this.clock();
      if (done > 0 && now >= deadline) break;
      const budgetSteps = this.costPerStep > 0 ? Math.max(1, Math.floor((deadline - now) / this.costPerStep)) : 16;
      const toBoundary = stride - (this.pair.step % stride);
      const chunk = Math.min(k - done, toBoundary, budgetSteps);
      this.pair.advance(chunk);
      const spent = this.clock() - now;
      const cost = spent / chunk;
      this.costPerStep = this.costPerStep === 0 ? cost : this.costPerStep + 0.2 * (cost - this.costPerStep);
      done += chunk;
      if (this.pair.step % stride === 0) this.history.record(this.pair.step, this.pair.states());
    }
    return done;
  }

  /** Advance by the time since the last tick at the current speed. Call it at ~TICK_MS. */
  tick(now = this.clock()): void {
    if (this.paused || this.lastTick === null) {
      this.lastTick = now;
      return;
    }
    // A stalled process (suspended, debugger) must not come back to a huge backlog.
    const dt = Math.min(now - this.lastTick, 250);
    this.lastTick = now;
    if (dt <= 0) return;
    const due = this.carry + (this.speed * dt) / 1000;
    const k = Math.floor(due);
    if (k < 1) {
      this.carry = due;
      return;
    }
    const done = this.run(k, now + TICK_BUDGET_MS);
    this.behind = done < k;
    // Steps the budget could not fit are dropped, not owed: the clock keeps real time.
    this.carry = this.behind ? 0 : due - k;
    this.meter.add(done, dt);
    if (done > 0) {
      this.latest = this.pair.states();
      this.version++;
    }
  }

  dispatch(cmd: SessionCommand): void {
    switch (cmd) {
      case 'togglePause':
        this.paused = !this.paused;
        this.lastTick = null;
        this.carry = 0;
        break;
      case 'step':
        if (!this.paused) {
          this.say('s steps one at a time while paused: press space to pause first');
          break;
        }
        this.pair.advance(1);
        this.latest = this.pair.states();
        this.history.record(this.pair.step, this.latest);
        break;
      case 'faster':
        this.speed = fasterSpeed(this.speed, this.capacity);
        this.behind = false;
        this.carry = 0;
        break;
      case 'slower':
        this.speed = slowerSpeed(this.speed, this.capacity);
        this.behind = false;
        this.carry = 0;
        break;
      case 'reset':
        this.restart();
        break;
      case 'newSeed':
        this.current = { ...this.current, scenario: { ...this.current.scenario, seed: this.newSeed() } };
        this.restart();
        break;
      case 'nextScenario':
      case 'prevScenario':
        this.switchScenario(cmd === 'nextScenario' ? 1 : -1);
        break;
    }
    this.version++;
  }

  private switchScenario(dir: 1 | -1): void {
    const names = (this.names = this.source.names());
    if (names.length === 0) return;
    const at = this.current.builtin ? names.indexOf(this.current.name) : -1;
    const next = at === -1 ? (dir === 1 ? 0 : names.length - 1) : (at + dir + names.length) % names.length;
    const name = names[next];
    try {
      const scenario = this.source.load(name);
      this.current = { name, arg: name, builtin: true, scenario };
      this.notice = null;
      this.restart();
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.say(`could not load ${name}: ${why}`);
    }
  }

  /** Everything a frame shows; `window` is the sparkline width in samples. */
  view(window: number): LiveView {
    const s = this.current.scenario;
    const divergedAt = { naive: this.pair.naive.divergedAt, backprop: this.pair.backprop.divergedAt };
    const diverged = { naive: divergedAt.naive !== null, backprop: divergedAt.backprop !== null };
    const now = this.clock();
    const notice = this.notice && now < this.notice.until ? this.notice.text : null;
    const names = this.current.builtin ? this.names : [];
    const at = names.indexOf(this.current.name);
    return {
      name: this.current.name,
      title: s.title,
      summary: s.summary,
      seed: s.seed,
      learningRate: s.training.learningRate,
      step: this.pair.step,
      paused: this.paused,
      speed: this.speed,
      rate: this.meter.rate,
      behind: this.speed === MAX_SPEED || this.behind,
      probe: this.probe,
      dims: s.data.dims,
      normalize: s.model.normalize,
      divergedAt,
      rows: rowModels(
        {
          history: this.history,
          window: Math.max(1, Math.min(window, this.historyCapacity)),
          baseline: this.baseline,
          latest: this.latest,
          diverged,
        },
        this.specs,
      ),
      caption: caption({ scenario: s, step: this.pair.step, baseline: this.baseline, latest: this.latest, divergedAt }),
      notice,
      index: at === -1 ? null : { at: at + 1, of: names.length },
    };
  }

  /** The command line that starts this run again (same scenario, seed and learning rate). */
  replayCommand(): string {
    const s = this.current.scenario;
    return `normdrift ${shellWord(this.current.arg)} --seed ${s.seed} --lr ${s.training.learningRate}`;
  }
}
