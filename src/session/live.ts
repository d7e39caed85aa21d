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
import { History, SeriesLog } from './history.js';
import { Pair, probeIndex } from './pair.js';
import { rowModels, rowSpecs, type RowModel, type RowSpec } from './rows.js';
import { exampleCount } from '../scenario/examples.js';

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
  | 'prevScenario'
  | 'export';

/** Where `n`/`p` find scenarios. Read on every switch: files can be added while the view runs. */
export interface ScenarioSource {
  names(): string[];
  /** At once when it can (a built-in as the build validated it), or once its file is read. */
  load(name: string): Scenario | Promise<Scenario>;
}

export interface LiveScenario {
  /** A built-in's name, or the file's base name. */
  name: string;
  /** What to type to get it back: the built-in name, or the path as given. */
  arg: string;
  builtin: boolean;
  scenario: Scenario;
}

/** The run so far, for `e`: what the exporter writes (as CSV, under a name made from the rest). */
export interface SeriesExport {
  /** Tidy rows: naive then backprop for each recorded step, oldest first. */
  rows: StepState[];
  scenario: Scenario;
  /** The scenario's name (a built-in's, or the file's base name). */
  name: string;
  seed: number;
  step: number;
}

/**
 * Writes an export and returns the path to show (e.g. "./normdrift-paper-bias-42-240.csv").
 * Throws an Error whose message says why it could not, in words for the caption line.
 */
export type Exporter = (e: SeriesExport) => string;

/** Where the recorded steps of the first run go besides the export log: the --csv file. */
export interface StepRecorder {
  /** Shown in notices. */
  readonly path: string;
  write(states: Record<GradientRule, StepState>): void;
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
  /** Record only steps that are multiples of this (--every K); default 1. */
  every?: number;
  /** End of the session (--steps N): the clock stops here and `finished` turns true. */
  stopAt?: number;
  /** Receives every recorded step of the first run (the --csv file). */
  recorder?: StepRecorder;
  /** Writes `e` exports; without one `e` says it is not available. */
  exporter?: Exporter;
  /** Keep the export log (off for a one-shot snapshot, which never exports). Default true. */
  keepLog?: boolean;
  /** Flags besides scenario, seed, learning rate and speed that shaped the view (e.g. --ascii). */
  replayFlags?: readonly string[];
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
  /** θ in x = θ(w·u + b): the help's equations for ∂ℓ/∂b depend on it (θ′ is 1 only for the identity). */
  activation: Scenario['model']['activation'];
  divergedAt: Record<GradientRule, number | null>;
  rows: RowModel[];
  caption: Caption;
  /** A short-lived message about the last command (e.g. a scenario that failed to load). */
  notice: string | null;
  /** Position in the built-in list, for the header; null for a file outside it. */
  index: { at: number; of: number } | null;
  /** The command line that reproduces this view. */
  replay: string;
}

const NOTICE_MS = 4000;

function defaultSeed(): number {
  return 1 + Math.floor(Math.random() * 99_999);
}

export function shellWord(s: string): string {
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

  private readonly every: number;
  private readonly stopAt: number;
  private readonly log: SeriesLog | null;
  private recorder: StepRecorder | null;
  private readonly exporter: Exporter | null;
  private readonly replayFlags: readonly string[];
  /** Restarts so far: the --csv file holds run 0 only. */
  private runs = -1;
  /** n/p presses so far: tells a load that finishes late whether it is still wanted. */
  private switches = 0;
  private done = false;

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
    this.every = o.every ?? 1;
    this.stopAt = o.stopAt ?? Infinity;
    this.log = o.keepLog === false ? null : new SeriesLog();
    this.recorder = o.recorder ?? null;
    this.exporter = o.exporter ?? null;
    this.replayFlags = o.replayFlags ?? [];
    this.restart();
  }

  /** The run reached --steps N: the clock has stopped and the view should end. */
  get finished(): boolean {
    return this.done;
  }

  /** Whether --csv is still being written (it stops when another run starts). */
  get recording(): boolean {
    return this.recorder !== null;
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

  /** Milliseconds a lockstep step takes (both models), smoothed; 0 until measured. */
  get msPerStep(): number {
    return this.costPerStep;
  }

  /** A notice is on screen: it will expire on a later tick, which is a change to draw. */
  get noticeShown(): boolean {
    return this.notice !== null;
  }

  /** Steps per second the engine manages within the clock's budget (Infinity until measured). */
  get capacity(): number {
    return this.costPerStep > 0 ? ((TICK_BUDGET_MS / TICK_MS) * 1000) / this.costPerStep : Infinity;
  }

  private restart(): void {
    this.pair = new Pair(this.current.scenario);
    this.specs = rowSpecs(this.current.scenario);
    this.history.clear();
    this.log?.clear();
    this.runs++;
    if (this.runs > 0 && this.recorder) {
      // One file, one run: rows from another seed or scenario (other columns, even) under the
      // same header would be a table that lies. The file is complete as it is; `e` exports this one.
      this.say(`${this.recorder.path} holds the first run; e exports this one`);
      this.recorder = null;
    }
    this.baseline = this.pair.states();
    this.latest = this.baseline;
    this.history.record(0, this.baseline);
    this.keep(this.baseline);
    this.done = this.pair.step >= this.stopAt;
    this.carry = 0;
    this.lastTick = null;
    this.behind = false;
    this.meter.reset();
    this.version++;
  }

  private say(text: string): void {
    this.notice = { text, until: this.clock() + NOTICE_MS };
  }

  /** Steps the CSV and the export hold: multiples of --every K, and the last step of --steps N. */
  private isRecorded(step: number): boolean {
    return step % this.every === 0 || step === this.stopAt;
  }

  /** A sampled step: into the export log and the --csv file when it is a recorded one. */
  private keep(states: Record<GradientRule, StepState>): void {
    if (!this.isRecorded(states.naive.step)) return;
    this.log?.add(states);
    if (!this.recorder) return;
    try {
      this.recorder.write(states);
    } catch (err) {
      // A full disk must not take the live view down with it: say so and stop recording.
      this.say(`stopped writing ${this.recorder.path}: ${reason(err)}`);
      this.recorder = null;
    }
  }

  private sample(): void {
    const states = this.pair.states();
    this.history.record(this.pair.step, states);
    this.keep(states);
  }

  /** Reached --steps N: record the last step if the sampling skipped it, and stop the clock. */
  private checkFinished(): void {
    if (this.done || this.pair.step < this.stopAt) return;
    if (this.history.lastStep !== this.pair.step) this.sample();
    this.latest = this.pair.states();
    this.done = true;
    this.version++;
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
      if (this.pair.step % stride === 0) this.sample();
    }
    return done;
  }

  /**
   * Without the clock (--snapshot): run to the end (--steps N), sampling the history every
   * `sampleEvery` steps so the sparklines can span the whole run, and recording as the live view
   * does. Between samples and recorded steps the trainers run without building state objects.
   */
  fastForward(sampleEvery: number): void {
    if (!Number.isFinite(this.stopAt)) throw new RangeError('fastForward needs an end: pass stopAt');
    const recording = this.log !== null || this.recorder !== null;
    const next = (t: number, k: number) => (Math.floor(t / k) + 1) * k;
    while (this.pair.step < this.stopAt) {
      const t = this.pair.step;
      const to = Math.min(this.stopAt, next(t, sampleEvery), recording ? next(t, this.every) : Infinity);
      this.pair.advance(to - t);
      if (to % sampleEvery === 0 || to === this.stopAt) this.sample();
      else this.keep(this.pair.states());
    }
    this.latest = this.pair.states();
    this.checkFinished();
    this.version++;
  }

  /** Advance by the time since the last tick at the current speed. Call it every TICK_MS to MAX_TICK_MS. */
  tick(now = this.clock()): void {
    // An expired notice is a change to draw; the view redraws only on changes.
    if (this.notice && now >= this.notice.until) {
      this.notice = null;
      this.version++;
    }
    if (this.done) return;
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
    // --steps N: the clock stops exactly at N, however many steps were due.
    const todo = Math.min(k, this.stopAt - this.pair.step);
    const done = this.run(todo, now + TICK_BUDGET_MS);
    this.behind = done < todo;
    // Steps the budget could not fit are dropped, not owed: the clock keeps real time.
    this.carry = this.behind ? 0 : due - k;
    this.meter.add(done, dt);
    if (done > 0) {
      this.latest = this.pair.states();
      this.version++;
    }
    this.checkFinished();
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
        if (this.done) break;
        this.pair.advance(1);
        this.sample();
        this.latest = this.pair.states();
        this.checkFinished();
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
      case 'export':
        this.exportSeries();
        break;
    }
    this.version++;
  }

  /** The recorded series of this run so far, plus the current step when it is newer. */
  exportRows(): StepState[] {
    const rows = this.log ? this.log.rows() : [];
    if (this.log === null || this.log.lastStep !== this.pair.step) rows.push(this.latest.naive, this.latest.backprop);
    return rows;
  }

  private exportSeries(): void {
    if (!this.exporter) {
      this.say('export is not available here');
      return;
    }
    const rows = this.exportRows();
    try {
      const path = this.exporter({
        rows,
        scenario: this.current.scenario,
        name: this.current.name,
        seed: this.current.scenario.seed,
        step: this.pair.step,
      });
      this.say(`exported ${rows.length} rows to ${path}`);
    } catch (err) {
      this.say(`could not export: ${reason(err)}`);
    }
  }

  private switchScenario(dir: 1 | -1): void {
    const names = (this.names = this.source.names());
    if (names.length === 0) return;
    const at = this.current.builtin ? names.indexOf(this.current.name) : -1;
    const next = at === -1 ? (dir === 1 ? 0 : names.length - 1) : (at + dir + names.length) % names.length;
    const name = names[next];
    // Only the latest n/p counts: a slower load that finishes after a later one is dropped.
    const ticket = ++this.switches;
    const show = (scenario: Scenario) => {
      if (ticket !== this.switches) return;
      this.current = { name, arg: name, builtin: true, scenario };
      this.notice = null;
      this.restart();
    };
    const fail = (err: unknown) => {
      if (ticket === this.switches) this.say(`could not load ${name}: ${reason(err)}`);
    };
    let loaded: Scenario | Promise<Scenario>;
    try {
      loaded = this.source.load(name);
    } catch (err) {
      fail(err);
      return;
    }
    if (loaded instanceof Promise) {
      // The notice keeps frames coming, even when paused, until the scenario is shown.
      this.say(`loading ${name}…`);
      loaded.then(show, fail);
    } else show(loaded);
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
      activation: s.model.activation,
      divergedAt,
      rows: rowModels(
        {
          history: this.history,
          window: Math.max(1, Math.min(window, this.historyCapacity)),
          baseline: this.baseline,
          latest: this.latest,
          diverged,
          still: this.paused || this.done,
          normalize: s.model.normalize,
        },
        this.specs,
      ),
      caption: caption({
        scenario: s,
        step: this.pair.step,
        baseline: this.baseline,
        latest: this.latest,
        divergedAt,
        history: this.history,
      }),
      notice,
      index: at === -1 ? null : { at: at + 1, of: names.length },
      replay: this.replayCommand(),
    };
  }

  /**
   * The command line that reproduces this view: scenario (a file by its path as given), seed,
   * learning rate and the current speed, all spelled out even when they are the defaults, so the
   * line still means the same thing if a default changes.
   */
  replayCommand(): string {
    const s = this.current.scenario;
    const speed = this.speed === MAX_SPEED ? 'max' : String(this.speed);
    return [
      'normdrift',
      shellWord(this.current.arg),
      `--seed ${s.seed}`,
      `--lr ${s.training.learningRate}`,
      `--speed ${speed}`,
      ...this.replayFlags,
    ].join(' ');
  }
}

/** An error as a few words for the caption line: the first line of its message. */
function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
