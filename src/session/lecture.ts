import type { Scenario } from '../scenario/schema.js';
import { safeText } from '../text/sanitize.js';
import { beatAt, beatsOf, noteBeat, pace, type Beat, type Shown } from './beats.js';
import { narrationContext, renderNarration } from './captions.js';
import { EventDetector, eventsOfRun, type SessionEvent } from './events.js';
import { Pair } from './pair.js';
import { presenterReducer, REPEAT_GAP, startPresenter, type PresenterAction, type PresenterState } from './presenter.js';

/**
 * The lecture around a live run: its beats (captions a room must be able to read), the events
 * found in its numbers, where it stops by itself (--pause-at, --pause-on-events, `pause: true`
 * captions) and presenter mode. It holds no pair and no clock: the live session steps the pair,
 * asks limit() how far the clock may go, calls observe() after every step, and carries out
 * what presenter mode asks for (see LiveSession). Pure state and wall-clock times, so tests run
 * it on a fake clock.
 */

export interface LectureOptions {
  /** Presenter mode from the start (--present). */
  present?: boolean;
  /** Steps to pause at (--pause-at N, repeatable). */
  pauseAt?: readonly number[];
  /** Pause after every step with an event (--pause-on-events). */
  pauseOnEvents?: boolean;
  /**
   * Called the first time a run reaches each beat and each event (not again when presenter mode
   * goes back over it): the --record chapters.
   */
  onChapter?: (label: string) => void;
}

/** What observe() decided about the step just taken. */
export type Halt = null | { why: string };

/** The most steps plannedStops() runs ahead to count the stops (a long scenario counts as it goes). */
export const PLAN_LIMIT = 20_000;

/**
 * The steps presenter mode will stop at up to `end`, by the rule presenter.ts states (step 0,
 * every beat, every event but the repeats of a burst): the header's "/7".
 */
export function plannedStops(beats: readonly Beat[], events: readonly SessionEvent[], end: number): number[] {
  const steps = new Set<number>([0]);
  for (const b of beats) if (b.at <= end) steps.add(b.at);
  const last = new Map<string, number>();
  for (const e of events) {
    if (e.step > end) break;
    const key = `${e.model} ${e.kind}`;
    const before = last.get(key);
    if (before === undefined || e.step - before >= REPEAT_GAP) steps.add(e.step);
    last.set(key, e.step);
  }
  return [...steps].sort((a, b) => a - b);
}

export class Lecture {
  readonly beats: readonly Beat[];
  private readonly scenario: Scenario;
  private readonly pauseAt: readonly number[];
  private readonly pauseOnEvents: boolean;
  private readonly onChapter: (label: string) => void;
  private detector!: EventDetector;
  private found: SessionEvent[] = [];
  /** The events of this run up to its step, as a new array whenever one is added (snapshots keep it). */
  events: readonly SessionEvent[] = [];
  private shown: Shown | null = null;
  /** The last `pause: true` beat stopped at (pace()'s `released`). */
  private released = -1;
  /** The furthest step this run has reached: chapters are written once, on new ground. */
  private furthest = -1;
  /** The pause points already stopped at in this run. */
  private pausedAt = -1;
  /** Presenter mode's state, or null when it is off. */
  presenter: PresenterState | null = null;
  /** The steps presenter mode will stop at, counted ahead (the header's total). */
  planned: readonly number[] = [];
  /** Why the run last stopped by itself (the header's words while it stays paused there). */
  haltedFor: string | null = null;
  /** pace()'s header while the clock is held for a caption. */
  holding: string | null = null;

  constructor(scenario: Scenario, o: LectureOptions = {}) {
    this.scenario = scenario;
    this.beats = beatsOf(scenario.captions);
    this.steps = Object.freeze(this.beats.map((b) => b.at));
    this.pauseAt = [...new Set(o.pauseAt ?? [])].sort((a, b) => a - b);
    this.pauseOnEvents = o.pauseOnEvents === true;
    this.onChapter = o.onChapter ?? (() => {});
    if (o.present === true) this.presenter = startPresenter(this.beats);
  }

  /** The scenario this lecture was made for (a new scenario or seed needs a new one). */
  get scenarioOf(): Scenario {
    return this.scenario;
  }

  /** Steps at which beats appear, in order: for the charts' markers. */
  get beatSteps(): readonly number[] {
    return this.steps;
  }
  private readonly steps: readonly number[];

  /** The latest event at or before the run's step, or null. */
  get latest(): SessionEvent | null {
    return this.events.length > 0 ? this.events[this.events.length - 1] : null;
  }

  /**
   * A new run at step 0 (`rewind`: the same run again, from step 0, as presenter mode goes
   * back; chapters already written are not written again). Judges step 0.
   */
  restart(pair: Pair, now: number, rewind = false): void {
    this.detector = new EventDetector(pair.scenario);
    this.found = [];
    this.events = [];
    this.shown = null;
    this.holding = null;
    this.haltedFor = null;
    if (!rewind) {
      this.furthest = -1;
      this.released = -1;
      this.pausedAt = -1;
      if (this.presenter !== null) this.presenter = startPresenter(this.beats);
    }
    this.take(pair, now, rewind ? 'replay' : 'start');
  }

  /** Presenter mode on or off (the P key). On: it starts from where the run is. */
  setPresenting(on: boolean, pair: Pair, end: number): void {
    if (on === (this.presenter !== null)) return;
    if (!on) {
      this.presenter = null;
      return;
    }
    const p = startPresenter(this.beats);
    // The steps behind are known ground: the run's step is where it goes on from.
    this.presenter = presenterReducer({ ...p, frontier: pair.step - 1 }, { type: 'reached', step: pair.step, events: this.eventsAt(pair.step) });
    this.plan(end);
  }

  /** Counts the stops ahead, from a run of its own (at most PLAN_LIMIT steps: a long run counts as it goes). */
  plan(end: number): void {
    const to = Math.min(end, PLAN_LIMIT);
    this.planned = plannedStops(this.beats, eventsOfRun(new Pair(this.scenario), to), to);
  }

  private eventsAt(step: number): SessionEvent[] {
    return this.found.filter((e) => e.step === step);
  }

  /**
   * How far the clock may go now: the next pause point, the next `pause: true` beat, and below
   * --speed max the beats' reading times (pace()). Presenter mode stops on its own.
   */
  limit(step: number, now: number, speed: number): number {
    this.shown = noteBeat(this.beats, step, this.shown, now);
    let ceiling = Infinity;
    const next = this.pauseAt.find((t) => t > step && t > this.pausedAt);
    if (next !== undefined) ceiling = next;
    if (this.presenter !== null) {
      this.holding = null;
      return ceiling;
    }
    const p = pace(this.beats, { step, shown: this.shown, now, speed, released: this.released });
    this.holding = p.holdMs > 0 ? p.header : null;
    return Math.min(ceiling, p.ceiling);
  }

  /**
   * After every step of the run (in order): judges it. Returns why the run must stop here
   * (a pause point, an event with --pause-on-events, a `pause: true` caption, a presenter stop)
   * or null to go on.
   */
  observe(pair: Pair, now: number): Halt {
    return this.take(pair, now, 'run');
  }

  /** After every step of a re-run to a step (presenter mode going back or ahead): judges it, stops nothing. */
  replay(pair: Pair, now: number): void {
    this.take(pair, now, 'replay');
  }

  private take(pair: Pair, now: number, mode: 'start' | 'replay' | 'run'): Halt {
    const step = pair.step;
    const events = this.detector.observePair(pair);
    if (events.length > 0) {
      for (const e of events) this.found.push(e);
      this.events = this.found.slice();
    }
    const fresh = step > this.furthest;
    if (fresh) this.furthest = step;
    const b = beatAt(this.beats, step);
    const beat = b >= 0 && this.beats[b].at === step ? this.beats[b] : null;
    if (fresh) {
      if (beat !== null) this.onChapter(`step ${step} · ${this.beatText(beat)}`);
      for (const e of events) this.onChapter(`step ${e.step} · ${safeText(e.text)}`);
    }
    this.shown = noteBeat(this.beats, step, this.shown, now);
    if (mode !== 'run') {
      if (mode === 'start' && this.presenter !== null) this.dispatch({ type: 'reached', step, events: events.slice() });
      return null;
    }
    const p = this.presenter;
    if (p !== null) {
      if (p.running && p.request?.type === 'run' && (events.length > 0 || step >= p.request.until)) {
        this.dispatch({ type: 'reached', step, events: events.slice() });
        if (!this.presenter!.running) return this.halt(null);
      } else if (!p.running && events.length > 0) this.dispatch({ type: 'reached', step, events: events.slice() });
      return null;
    }
    if (this.pauseAt.includes(step) && step > this.pausedAt) {
      this.pausedAt = step;
      return this.halt(`paused at step ${step} (--pause-at)`);
    }
    if (beat !== null && beat.pause && b > this.released) {
      this.released = b;
      return this.halt('paused at the caption');
    }
    if (this.pauseOnEvents && events.length > 0) return this.halt(`paused at the event (--pause-on-events)`);
    return null;
  }

  private halt(why: string | null): Halt {
    this.haltedFor = why;
    return { why: why ?? 'presenter stop' };
  }

  /** The run went on (space): the reason it stopped is no longer the header's. */
  resumed(): void {
    this.haltedFor = null;
  }

  /** The caption's text as the view shows it (placeholders filled in). */
  beatText(beat: Beat): string {
    const text = beat.text.includes('{') ? renderNarration(beat.text, narrationContext(this.scenario)) : beat.text;
    return safeText(text);
  }

  /** A presenter key or report; returns the state (and its request) after it. */
  dispatch(a: PresenterAction): PresenterState | null {
    if (this.presenter === null) return null;
    this.presenter = presenterReducer(this.presenter, a);
    return this.presenter;
  }

  /**
   * "presenter · stop 3/7 · space next": where presenter mode is, counted against the stops
   * planned ahead (and those seen, if the run went past the plan).
   */
  presenterStatus(step: number): string | null {
    const p = this.presenter;
    if (p === null) return null;
    const all = [...new Set([...this.planned, ...p.stops.map((s) => s.step)])].sort((a, b) => a - b);
    const at = all.indexOf(step);
    const total = all.length;
    if (p.running) return `presenter · running to stop ${all.filter((t) => t <= step).length + 1}/${total}`;
    if (at >= 0) return `presenter · stop ${at + 1}/${total} · space next`;
    return `presenter · step ${step}, between stops · space next`;
  }
}
