import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import { exampleCount } from '../scenario/examples.js';
import type { Scenario } from '../scenario/schema.js';
import { TICK_BUDGET_MS } from './clock.js';
import type { SessionEvent } from './events.js';
import { History } from './history.js';
import { Lecture } from './lecture.js';
import { ScenarioLibrary, type LiveScenario, type ScenarioSource } from './library.js';
import { TrainingClock } from './lockstep.js';
import { Notices } from './notices.js';
import { closeUp, type CloseUp } from './closeup.js';
import { probeIndex, type Pair } from './pair.js';
import { ViewPair } from './view-pair.js';
import { reason, Recording, type Exporter, type StepRecorder } from './recording.js';
import { replayArgv, shellLine } from './replay.js';
import { rowSpecs, type RowSpec } from './rows.js';
import type { SeriesKey } from './history.js';
import { viewModel, type LiveView } from './view.js';
import type { ChartModel } from './chart-model.js';
import { captionSteps, chartKeys, LiveCharts, type ChartRequest } from './live-charts.js';

// The session's parts, for those who name them through the session.
export type { LiveScenario, ScenarioSource } from './library.js';
export type { Exporter, SeriesExport, StepRecorder } from './recording.js';
export type { LiveView } from './view.js';
export type { ChartRequest } from './live-charts.js';
export type { ChartModel } from './chart-model.js';

/**
 * The live session: both networks, the training clock and the sampled history, driven by
 * commands. No React and no timers: driver.ts calls tick() on the clock's schedule and publish()
 * once a frame; the UI sends commands with dispatch() and reads getSnapshot(), to which it
 * subscribes (React's useSyncExternalStore). Everything here runs in tests with a fake clock.
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
  | 'export'
  | 'present'
  | 'nextStop'
  | 'prevStop'
  | 'stepBack';

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
  /** Presenter mode from the start (--present): paused on step 0, stops at every beat and event. */
  present?: boolean;
  /** Steps to pause at (--pause-at N). */
  pauseAt?: readonly number[];
  /** Pause after every step with an event (--pause-on-events). */
  pauseOnEvents?: boolean;
  /** Called the first time a run reaches each beat and each event: the --record chapters. */
  onChapter?: (label: string) => void;
}

/**
 * The session at one moment, for a view: a new object only when something a frame shows has
 * changed, so React re-renders exactly then. view(window) computes the frame's data once per
 * window; it reads the session's history, so call it while the snapshot is the current one (a
 * render does).
 */
export interface SessionSnapshot {
  readonly version: number;
  readonly step: number;
  readonly paused: boolean;
  readonly finished: boolean;
  /** Target steps per second. */
  readonly speed: number;
  /** Milliseconds a lockstep step takes, smoothed; 0 until measured. */
  readonly msPerStep: number;
  /** A notice will expire on a later tick: a change to come even while paused. */
  readonly noticeShown: boolean;
  /** The clock holds for a caption to be read: ticks only count the hold down, no steps run. */
  readonly holding: boolean;
  /** The rows this scenario shows, in order, with their priorities (the layout needs them first). */
  readonly rows: readonly RowSpec[];
  /** The example whose x̂ is followed. */
  readonly probe: number;
  readonly dims: number;
  /** The scenario has narration (captions), which the layout leaves room for. */
  readonly hasNarration: boolean;
  readonly historyCapacity: number;
  /** The events of this run up to its step, oldest first (the charts mark them). */
  readonly events: readonly SessionEvent[];
  /** The steps at which the scenario's beats (captions) appear (the charts mark them). */
  readonly beats: readonly number[];
  /** What the header says about the run instead of its speed ("presenter · stop 3/7 · space next"), or null. */
  readonly status: string | null;
  /** Presenter mode is on. */
  readonly presenting: boolean;
  view(window: number): LiveView;
  /** One quantity's multi-row chart (live-charts.ts): the same object until a sample lands. */
  chart(req: ChartRequest): ChartModel;
  /** Steps to mark on the charts' step axis: the scenario's beats and the events found so far. */
  readonly markers: readonly number[];
  /** The quantities worth a chart, most telling first (live-charts.ts's chartKeys). */
  readonly chartKeys: readonly SeriesKey[];
}

function defaultSeed(): number {
  return 1 + Math.floor(Math.random() * 99_999);
}

export class LiveSession {
  readonly historyCapacity: number;

  private current: LiveScenario;
  private readonly now: () => number;
  private readonly newSeed: () => number;
  private readonly clock: TrainingClock;
  private readonly library: ScenarioLibrary;
  private readonly notices: Notices;
  private readonly record: Recording;
  private readonly history: History;
  private pair!: Pair;
  private baseline!: Record<GradientRule, StepState>;
  private latest!: Record<GradientRule, StepState>;
  private specs!: RowSpec[];
  private charts!: LiveCharts;
  /** Pair.advance through the charts' store, for the clock (which only steps and reads the step). */
  private readonly stepper: Pick<Pair, 'step' | 'advance'> = Object.defineProperty(
    { advance: (k: number) => this.charts.advance(this.pair, k) },
    'step',
    { get: () => this.pair.step },
  ) as Pick<Pair, 'step' | 'advance'>;

  private readonly stopAt: number;
  private readonly exporter: Exporter | null;
  private readonly replayFlags: readonly string[];
  private viewFlags: readonly string[] = [];
  /** Restarts so far: the --csv file holds run 0 only. */
  private runs = -1;
  private done = false;
  private lecture!: Lecture;
  private readonly lectureOptions: Omit<LiveOptions, 'initial' | 'source'>;
  /** Paused as the presenter (or space) wants it; the clock also stops while the help is open. */
  private userPaused: boolean;
  private helpOpen = false;
  /** The last step kept for the outputs: a re-run to an earlier step (presenter mode) keeps nothing twice. */
  private kept = -1;
  private status: string | null = null;

  /** Bumped on every change a frame should show. */
  private version = 0;
  private snapshot: SessionSnapshot | null = null;
  private published = -1;
  private readonly listeners = new Set<() => void>();

  constructor(o: LiveOptions) {
    this.current = o.initial;
    this.now = o.clock ?? (() => performance.now());
    this.newSeed = o.newSeed ?? defaultSeed;
    this.clock = new TrainingClock(this.now, { speed: o.speed, paused: o.paused });
    this.library = new ScenarioLibrary(o.source);
    this.notices = new Notices(this.now);
    this.historyCapacity = o.historyCapacity ?? 512;
    this.history = new History(this.historyCapacity);
    this.stopAt = o.stopAt ?? Infinity;
    this.record = new Recording({
      every: o.every ?? 1,
      last: this.stopAt,
      recorder: o.recorder ?? null,
      keepLog: o.keepLog !== false,
      say: (text) => this.notices.say(text),
    });
    this.exporter = o.exporter ?? null;
    this.replayFlags = o.replayFlags ?? [];
    this.userPaused = o.paused === true || o.present === true;
    this.lectureOptions = o;
    this.restart();
  }

  /**
   * A notice from outside the session (the live mode: "stopped recording …"), shown like the
   * session's own; a change to draw.
   */
  say(text: string): void {
    this.notices.say(text);
    this.version++;
    this.publish();
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────

  /** The run reached --steps N: the clock has stopped and the view should end. */
  get finished(): boolean {
    return this.done;
  }

  /** Whether --csv is still being written (it stops when another run starts). */
  get recording(): boolean {
    return this.record.toFile;
  }

  get scenario(): Scenario {
    return this.current.scenario;
  }

  get step(): number {
    return this.pair.step;
  }

  get isPaused(): boolean {
    return this.clock.paused;
  }

  get targetSpeed(): number {
    return this.clock.speed;
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
    return this.clock.costPerStep;
  }

  /** A notice is on screen: it will expire on a later tick, which is a change to draw. */
  get noticeShown(): boolean {
    return this.notices.shown;
  }

  /** Steps per second the engine manages within the clock's budget (Infinity until measured). */
  get capacity(): number {
    return this.clock.capacity;
  }

  /** Everything a frame shows; `window` is the sparkline width in samples. */
  view(window: number): LiveView {
    const s = this.current.scenario;
    return viewModel(
      {
        name: this.current.name,
        scenario: s,
        step: this.pair.step,
        paused: this.clock.paused,
        finished: this.done,
        speed: this.clock.speed,
        rate: this.clock.meter.rate,
        behind: this.clock.behind,
        probe: this.probe,
        divergedAt: { naive: this.pair.naive.divergedAt, backprop: this.pair.backprop.divergedAt },
        history: this.history,
        historyCapacity: this.historyCapacity,
        baseline: this.baseline,
        latest: this.latest,
        specs: this.specs,
        notice: this.notices.text(this.now()),
        index: this.library.position(this.current),
        replay: this.replayCommand(),
        status: this.status,
        presenting: this.lecture.presenter !== null,
        events: this.lecture.events,
        beats: this.lecture.beatSteps,
      },
      window,
    );
  }

  /** The command that reproduces this view, as arguments (see replay.ts). */
  replayArgv(): string[] {
    const s = this.current.scenario;
    return replayArgv({ arg: this.current.arg, seed: s.seed, learningRate: s.training.learningRate, speed: this.clock.speed, flags: [...this.replayFlags, ...this.viewFlags] });
  }

  /**
   * The flags that start the view as it is drawn now (--whole-run, --log-steps, --symlog): the
   * view's keys change them, and the replay command follows.
   */
  setViewFlags(flags: readonly string[]): void {
    if (flags.length === this.viewFlags.length && flags.every((f, i) => f === this.viewFlags[i])) return;
    this.viewFlags = [...flags];
    this.version++;
    this.publish();
  }

  /** The command line that reproduces this view, quoted for a shell. */
  replayCommand(): string {
    return shellLine(this.replayArgv());
  }

  /** The close-up of the current step (the key c): both models, `rows` examples each. */
  closeUp(rows = 5): CloseUp {
    return closeUp(this.current.scenario, { naive: this.pair.naive, backprop: this.pair.backprop }, this.probe, rows);
  }

  /** The recorded series of this run so far, plus the current step when it is newer. */
  exportRows(): StepState[] {
    return this.record.rows(this.latest);
  }

  /** The events of this run up to its step. */
  get events(): readonly SessionEvent[] {
    return this.lecture.events;
  }

  /** Presenter mode is on. */
  get presenting(): boolean {
    return this.lecture.presenter !== null;
  }

  /** What the header says instead of the speed, or null (see SessionSnapshot.status). */
  get statusText(): string | null {
    return this.status;
  }

  // ── the external store (React's useSyncExternalStore) ──────────────────────────────────────

  /** Called after each published change. Returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current snapshot: the same object until something changes. */
  getSnapshot = (): SessionSnapshot => {
    if (this.snapshot === null || this.snapshot.version !== this.version) this.snapshot = this.takeSnapshot();
    return this.snapshot;
  };

  /** Tell the subscribers, if anything changed since they were last told (once a frame, and after a command). */
  publish(): void {
    if (this.published === this.version) return;
    this.published = this.version;
    for (const listener of [...this.listeners]) listener();
  }

  private takeSnapshot(): SessionSnapshot {
    const views = new Map<number, LiveView>();
    const s = this.current.scenario;
    return Object.freeze({
      version: this.version,
      step: this.pair.step,
      paused: this.clock.paused,
      finished: this.done,
      speed: this.clock.speed,
      msPerStep: this.clock.costPerStep,
      noticeShown: this.notices.shown,
      holding: !this.clock.paused && !this.done && this.lecture.holding !== null,
      rows: this.specs,
      probe: this.probe,
      dims: s.data.dims,
      hasNarration: s.captions.length > 0,
      historyCapacity: this.historyCapacity,
      events: this.lecture.events,
      beats: this.lecture.beatSteps,
      status: this.status,
      presenting: this.lecture.presenter !== null,
      view: (window: number) => {
        let v = views.get(window);
        if (v === undefined) views.set(window, (v = this.view(window)));
        return v;
      },
      chart: (req: ChartRequest) =>
        this.charts.chart(req, {
          latest: this.latest,
          baseline: this.baseline,
          diverged: { naive: this.pair.naive.divergedAt !== null, backprop: this.pair.backprop.divergedAt !== null },
          normalize: s.model.normalize,
        }),
      // The beats, and the steps of the events found so far (#12): both are where to look.
      markers: this.markers(captionSteps(s), this.lecture.events),
      chartKeys: chartKeys(s),
    });
  }

  private markersOf: { beats: readonly number[]; events: readonly SessionEvent[]; steps: readonly number[] } | null = null;

  /**
   * The charts' marked steps: the same array until the beats or the events change (a new
   * events array each time one is found), so the step axis (memo) is not drawn again each frame.
   */
  private markers(beats: readonly number[], events: readonly SessionEvent[]): readonly number[] {
    const m = this.markersOf;
    if (m !== null && m.beats === beats && m.events === events) return m.steps;
    this.markersOf = { beats, events, steps: markerSteps(beats, events) };
    return this.markersOf.steps;
  }

  // ── commands ───────────────────────────────────────────────────────────────────────────────

  /** Advance by the time since the last tick at the current speed. Call it every TICK_MS to MAX_TICK_MS. */
  tick(now = this.now()): void {
    // An expired notice is a change to draw; the view redraws only on changes.
    if (this.notices.expire(now)) this.version++;
    if (this.done) return;
    const due = this.clock.due(now);
    // The beats' reading times, the pause points: how far the clock may go.
    const ceiling = this.lecture.limit(this.pair.step, now, this.clock.speed);
    this.updateStatus();
    if (due.steps < 1) return;
    // --steps N: the clock stops exactly at N, however many steps were due.
    const todo = Math.max(0, Math.min(due.steps, this.stopAt - this.pair.step, ceiling - this.pair.step));
    let halted = false;
    const done =
      todo === 0
        ? 0
        : this.clock.run(
            this.stepper,
            todo,
            now + TICK_BUDGET_MS,
            () => this.sample(),
            () => (halted = this.lecture.observe(this.pair, now) !== null),
          );
    this.clock.settle(done, todo, due.ms);
    if (done > 0) {
      this.latest = this.pair.states();
      this.version++;
    }
    if (halted) this.userPaused = true;
    this.applyPause();
    this.checkFinished();
    this.updateStatus();
  }

  /** The help is open: the run waits behind it and goes on as it was when it closes. */
  setHelp(open: boolean): void {
    if (open === this.helpOpen) return;
    this.helpOpen = open;
    this.applyPause();
    this.version++;
    this.publish();
  }

  /** The session ends where it is (--duration): the last frame stays, as at --steps N. */
  end(): void {
    if (this.done) return;
    if (this.history.lastStep !== this.pair.step) this.sample();
    this.done = true;
    this.updateStatus();
    this.version++;
    this.publish();
  }

  dispatch(cmd: SessionCommand): void {
    switch (cmd) {
      case 'togglePause':
        if (this.lecture.presenter !== null) this.present({ type: 'next' });
        else if (this.helpOpen) this.notices.say('the run waits while the help is open: close it to go on');
        else {
          this.userPaused = !this.userPaused;
          if (!this.userPaused) this.lecture.resumed();
          this.applyPause();
        }
        break;
      case 'step':
        if (!this.clock.paused) {
          this.notices.say('s steps one at a time while paused: press space to pause first');
          break;
        }
        if (this.done) break;
        this.charts.advance(this.pair, 1);
        this.lecture.observe(this.pair, this.now());
        this.sample();
        this.latest = this.pair.states();
        this.checkFinished();
        break;
      case 'present':
        this.lecture.setPresenting(this.lecture.presenter === null, this.pair, this.planEnd());
        this.userPaused = true;
        this.applyPause();
        this.notices.say(this.lecture.presenter !== null ? 'presenter mode: space goes to the next stop, [ ] between stops, , one step back' : 'presenter mode off');
        break;
      case 'nextStop':
      case 'prevStop':
      case 'stepBack':
        if (this.lecture.presenter === null) this.notices.say('[ ] and , move between stops in presenter mode: press P first');
        else this.present({ type: cmd === 'nextStop' ? 'forward' : cmd === 'prevStop' ? 'back' : 'stepBack' });
        break;
      case 'faster':
        this.clock.faster();
        break;
      case 'slower':
        this.clock.slower();
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
        this.library.switch(this.current, cmd === 'nextScenario' ? 1 : -1, {
          show: (next) => {
            this.current = next;
            this.notices.clear();
            this.restart();
            // A scenario read from its file arrives between frames: show it now (a no-op when
            // it came at once and the command below has published it).
            queueMicrotask(() => this.publish());
          },
          say: (text) => {
            this.notices.say(text);
            this.version++;
            queueMicrotask(() => this.publish());
          },
        });
        break;
      case 'export':
        this.exportSeries();
        break;
    }
    this.updateStatus();
    this.version++;
    // Keys draw at once, without waiting for the next frame.
    this.publish();
  }

  /**
   * Without the clock (--snapshot): run to the end (--steps N), sampling the history every
   * `sampleEvery` steps so the sparklines can span the whole run, and recording as the live view
   * does. Between samples and recorded steps the trainers run without building state objects.
   */
  fastForward(sampleEvery: number): void {
    if (!Number.isFinite(this.stopAt)) throw new RangeError('fastForward needs an end: pass stopAt');
    const next = (t: number, k: number) => (Math.floor(t / k) + 1) * k;
    while (this.pair.step < this.stopAt) {
      const t = this.pair.step;
      const to = Math.min(this.stopAt, next(t, sampleEvery), this.record.active ? this.record.nextRecorded(t) : Infinity);
      // Every step is judged for events (the charts mark them in a snapshot too).
      for (let k = t; k < to; k++) {
        this.charts.advance(this.pair, 1);
        this.lecture.replay(this.pair, this.now());
      }
      if (to % sampleEvery === 0 || to === this.stopAt) this.sample();
      else this.record.keep(this.pair.states());
    }
    this.latest = this.pair.states();
    this.checkFinished();
    this.version++;
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private restart(): void {
    if (this.lecture === undefined || this.lecture.scenarioOf !== this.current.scenario)
      this.lecture = new Lecture(this.current.scenario, { ...this.lectureOptions, present: this.lecture ? this.lecture.presenter !== null : this.lectureOptions.present });
    this.pair = new ViewPair(this.current.scenario);
    this.specs = rowSpecs(this.current.scenario);
    const keys = this.specs.map((r) => r.key);
    if (this.charts) this.charts.restart(keys, this.pair);
    else this.charts = new LiveCharts(keys, this.pair, this.historyCapacity);
    this.history.clear();
    this.runs++;
    this.record.restart(this.runs);
    this.baseline = this.pair.states();
    this.latest = this.baseline;
    this.history.record(0, this.baseline);
    this.charts.sample(0, this.baseline);
    this.record.keep(this.baseline);
    this.kept = 0;
    this.done = this.pair.step >= this.stopAt;
    this.clock.restart();
    this.lecture.restart(this.pair, this.now());
    if (this.lecture.presenter !== null) {
      this.lecture.plan(this.planEnd());
      this.userPaused = true;
    }
    this.applyPause();
    this.updateStatus();
    this.version++;
  }

  /** Where presenter mode counts its stops up to: --steps N, else the scenario's training.steps. */
  private planEnd(): number {
    return Number.isFinite(this.stopAt) ? this.stopAt : this.current.scenario.training.steps;
  }

  /** The clock runs when the presenter (or space) lets it and the help is closed. */
  private applyPause(): void {
    const paused = this.userPaused || this.helpOpen;
    if (this.clock.paused !== paused) this.clock.togglePause();
  }

  /** A presenter key: the presenter decides, the session does what it asks (run on, or go to a step). */
  private present(a: { type: 'next' | 'back' | 'forward' | 'stepBack' }): void {
    let p = this.lecture.dispatch(a);
    if (p === null) return;
    if (p.request?.type === 'seek') {
      const to = p.request.step;
      this.seekTo(to);
      p = this.lecture.dispatch({ type: 'reached', step: to, events: [] })!;
    }
    this.userPaused = !p.running;
    this.applyPause();
  }

  /**
   * Puts the run at step t: on by stepping, back by running again from step 0 (runs are
   * deterministic: the same numbers to the bit, and the same sampled history).
   */
  private seekTo(t: number): void {
    const now = this.now();
    if (t < this.pair.step) {
      this.pair = new ViewPair(this.current.scenario);
      this.history.clear();
      const start = this.pair.states();
      this.history.record(0, start);
      // The charts' whole-run store only goes forward: it starts again with the run.
      this.charts.restart(this.specs.map((r) => r.key), this.pair);
      this.charts.sample(0, start);
      this.lecture.restart(this.pair, now, true);
      this.done = false;
    }
    const stride = this.clock.stride();
    while (this.pair.step < t) {
      this.charts.advance(this.pair, 1);
      this.lecture.replay(this.pair, now);
      // The samples a run at this speed takes: the same history as if it had got here by itself.
      if (this.pair.step % stride === 0) this.sample();
    }
    this.latest = this.pair.states();
    this.checkFinished();
  }

  /** The header's words about the run; a change to draw when they change (the hold counts down). */
  private updateStatus(): void {
    const l = this.lecture;
    let s: string | null;
    if (this.done) s = `finished · r replay · q quit`; // the clock beside it says the step
    else if (l.presenter !== null) s = l.presenterStatus(this.pair.step);
    else if (this.clock.paused && l.haltedFor !== null) s = `${l.haltedFor} · space goes on`;
    else if (!this.clock.paused && l.holding !== null) s = l.holding;
    else s = null;
    if (s !== this.status) {
      this.status = s;
      this.version++;
    }
  }

  /** A sampled step: into the history, and into the recording when the policy records it. */
  private sample(): void {
    const states = this.pair.states();
    this.history.record(this.pair.step, states);
    this.charts.sample(this.pair.step, states);
    if (this.pair.step <= this.kept) return;
    this.kept = this.pair.step;
    this.record.keep(states);
  }

  /** Reached --steps N: record the last step if the sampling skipped it, and stop the clock. */
  private checkFinished(): void {
    if (this.done || this.pair.step < this.stopAt) return;
    if (this.history.lastStep !== this.pair.step) this.sample();
    this.latest = this.pair.states();
    this.done = true;
    this.version++;
  }

  private exportSeries(): void {
    if (!this.exporter) {
      this.notices.say('export is not available here');
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
      this.notices.say(`exported ${rows.length} rows to ${path}`);
    } catch (err) {
      this.notices.say(`could not export: ${reason(err)}`);
    }
  }
}

/** Beat and event steps, sorted and each once, for the charts' step axis. */
function markerSteps(beats: readonly number[], events: readonly SessionEvent[]): number[] {
  return [...new Set([...beats, ...events.map((e) => e.step)])].sort((a, b) => a - b);
}
