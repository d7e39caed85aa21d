import type { Scenario } from '../scenario/schema.js';
import { beatAt, type Beat } from './beats.js';
import { EventDetector, eventsOfRun, type SessionEvent } from './events.js';
import { Pair } from './pair.js';

/**
 * Presenter mode as a pure state machine (a reducer: the UI dispatches keys, the session
 * dispatches what it reached). It starts paused on step 0 with the first beat. `next` goes on to
 * the next stop: one already seen is jumped to; past the furthest step judged so far the session
 * is asked to run until a beat's step or until an event stops it (events are known only by
 * running). `back` and `forward` move between the stops seen so far (`forward` past the last
 * of them goes on as `next` does: a clicker's →), `stepBack` goes one step back. Every jump is a `seek`: runs are deterministic, so the session puts itself at any step by
 * running forward or, for a step behind it, by re-running from step 0 (rebuildAt below).
 *
 * Stops: step 0, every beat, and every event except the repeats of a burst. An event whose model
 * had an event of the same kind fewer than `repeatGap` steps before (10 by default) is shown with
 * the stop it falls in but does not stop again: scale-blowup's naive w flips at 138, 142, 144,
 * 145, … and a room wants to stop on the first of them, not on each.
 */

export interface Stop {
  step: number;
  /** The beat that appears at this step, if one does. */
  beat: Beat | null;
  /** Every event found at this step. */
  events: readonly SessionEvent[];
}

export type PresenterRequest =
  /**
   * Run on from the session's step, reporting `reached` for every step with events and for
   * `until`, until the state says it is no longer running.
   */
  | { type: 'run'; until: number }
  /** Put the session at `step`, paused (rebuildAt when it is behind the session), then report `reached`. */
  | { type: 'seek'; step: number };

export interface PresenterState {
  beats: readonly Beat[];
  /** The session's step, as last reported. */
  step: number;
  /** The furthest step whose events have been judged (−1 before step 0 is). */
  frontier: number;
  /** The stops seen so far, in step order. */
  stops: readonly Stop[];
  /** The stop the presenter is on; −1 when between stops (after a step back). */
  current: number;
  running: boolean;
  /** What the session must do; null when it just waits. */
  request: PresenterRequest | null;
  /** Per `${model} ${kind}`, the step of the last event seen: bursts are judged from it. */
  lastEvent: Readonly<Record<string, number>>;
  repeatGap: number;
}

export type PresenterAction =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'forward' }
  | { type: 'stepBack' }
  | { type: 'reached'; step: number; events: readonly SessionEvent[] };

export const REPEAT_GAP = 10;

/** Paused before step 0 is judged: the session reports `reached` for step 0 (with its events) first. */
export function startPresenter(beats: readonly Beat[], repeatGap = REPEAT_GAP): PresenterState {
  return { beats, step: 0, frontier: -1, stops: [], current: -1, running: false, request: null, lastEvent: {}, repeatGap };
}

/** The step at which the next beat after the judged steps appears (Infinity if none is left). */
function nextBeatStep(s: PresenterState): number {
  const i = beatAt(s.beats, s.frontier) + 1;
  return i < s.beats.length ? s.beats[i].at : Infinity;
}

function goTo(s: PresenterState, index: number): PresenterState {
  const stop = s.stops[index];
  return { ...s, current: index, running: false, request: stop.step === s.step ? null : { type: 'seek', step: stop.step } };
}

export function presenterReducer(s: PresenterState, a: PresenterAction): PresenterState {
  switch (a.type) {
    case 'next': {
      // Space while running: stop where the session is.
      if (s.running) return { ...s, running: false, request: null, current: s.stops.findIndex((x) => x.step === s.step) };
      const ahead = s.stops.findIndex((x) => x.step > s.step);
      if (ahead >= 0) return goTo(s, ahead);
      // From wherever the session is: steps up to the frontier are known ground, judged already.
      return { ...s, running: true, request: { type: 'run', until: nextBeatStep(s) } };
    }
    case 'back': {
      let i = s.stops.length - 1;
      while (i >= 0 && s.stops[i].step >= s.step) i--;
      return i >= 0 ? goTo(s, i) : s;
    }
    case 'forward': {
      // A clicker's → past the stops seen so far means what space means: on to the next stop.
      // While running there it is not a stop-here, as space is: it changes nothing.
      if (s.running) return s;
      const i = s.stops.findIndex((x) => x.step > s.step);
      return i >= 0 ? goTo(s, i) : presenterReducer(s, { type: 'next' });
    }
    case 'stepBack': {
      if (s.step === 0) return s;
      const step = s.step - 1;
      return { ...s, running: false, current: s.stops.findIndex((x) => x.step === step), request: { type: 'seek', step } };
    }
    case 'reached':
      return reached(s, a.step, a.events);
  }
}

function reached(s: PresenterState, step: number, events: readonly SessionEvent[]): PresenterState {
  let next: PresenterState = { ...s, step };
  if (s.request?.type === 'seek' && s.request.step === step) next.request = null;
  if (step <= s.frontier) {
    // Known ground (a seek, or running up to the frontier again): judged already.
    if (s.running && s.request?.type === 'run' && step >= s.request.until) next = { ...next, running: false, request: null };
    return next;
  }
  // New ground. The session reports every step with events and the run's `until`, so the steps
  // skipped since the frontier had neither events nor a beat.
  const lastEvent = { ...s.lastEvent };
  let stops = false;
  for (const e of events) {
    const key = `${e.model} ${e.kind}`;
    const before = lastEvent[key];
    if (before === undefined || e.step - before >= s.repeatGap) stops = true;
    lastEvent[key] = e.step;
  }
  const b = beatAt(s.beats, step);
  const beat = b >= 0 && s.beats[b].at === step ? s.beats[b] : null;
  next = { ...next, frontier: step, lastEvent };
  if (!(stops || beat !== null || step === 0)) return next;
  // A stop: the first beat is on screen at step 0 even when it starts later.
  const stop: Stop = { step, beat: beat ?? (step === 0 && s.beats.length > 0 && s.beats[0].at === 0 ? s.beats[0] : null), events };
  const list = [...s.stops, stop];
  return { ...next, stops: list, current: list.length - 1, running: false, request: null };
}

/** The pair and its detector at a step: what the session shows and goes on from. */
export interface Rebuilt {
  pair: Pair;
  detector: EventDetector;
  /** Every event from step 0 to the step. */
  events: SessionEvent[];
}

/**
 * A scenario's run at step t, from step 0: the same numbers, to the bit, as any other run to t
 * (training is deterministic, and reading events does not change it). Used for every step back.
 */
export function rebuildAt(scenario: Scenario, t: number): Rebuilt {
  const pair = new Pair(scenario);
  const detector = new EventDetector(scenario);
  const events = eventsOfRun(pair, t, detector);
  return { pair, detector, events };
}

/** Moves a run to step t: forward by running on (its events returned), backward by rebuildAt. */
export function seekRun(scenario: Scenario, run: { pair: Pair; detector: EventDetector }, t: number): Rebuilt {
  if (t < run.pair.step) return rebuildAt(scenario, t);
  const events = eventsOfRun(run.pair, t, run.detector);
  return { pair: run.pair, detector: run.detector, events };
}

/** The header's words for where the presenter is: "stop 3 of 5 · step 87", "running to the next stop", … */
export function presenterStatus(s: PresenterState): string {
  if (s.running) return `step ${s.step} · running to the next stop`;
  if (s.request?.type === 'seek') return `going to step ${s.request.step}`;
  const seen = `${s.stops.length} seen`;
  if (s.current >= 0 && s.stops[s.current].step === s.step) return `stop ${s.current + 1} of ${seen} · step ${s.step}`;
  return `step ${s.step}, between stops (${seen})`;
}
