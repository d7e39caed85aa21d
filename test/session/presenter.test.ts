import { describe, expect, it } from 'vitest';
import type { StepState } from '../../src/engine/trainer.js';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { beatsOf } from '../../src/session/beats.js';
import { eventsOfRun, type SessionEvent } from '../../src/session/events.js';
import { Pair } from '../../src/session/pair.js';
import {
  presenterReducer,
  presenterStatus,
  rebuildAt,
  REPEAT_GAP,
  seekRun,
  startPresenter,
  type PresenterAction,
  type PresenterState,
  type Rebuilt,
} from '../../src/session/presenter.js';
import { builtin } from '../scenarios/helpers.js';
import { scenario } from './helpers.js';

/** A session as the live wiring will be: it carries out the presenter's requests, step by step. */
class FakeSession {
  run: Rebuilt;
  state: PresenterState;
  constructor(readonly s: Scenario) {
    this.run = rebuildAt(s, 0);
    this.state = startPresenter(beatsOf(s.captions));
    this.dispatch({ type: 'reached', step: 0, events: this.run.events });
  }

  dispatch(a: PresenterAction): void {
    this.state = presenterReducer(this.state, a);
    const r = this.state.request;
    if (r?.type === 'seek') {
      this.run = seekRun(this.s, this.run, r.step);
      this.dispatch({ type: 'reached', step: r.step, events: [] });
    } else if (r?.type === 'run') {
      const { pair, detector } = this.run;
      for (let guard = 0; this.state.running && guard < 1e5; guard++) {
        pair.naive.step();
        pair.backprop.step();
        const events = detector.observePair(pair);
        if (events.length > 0 || pair.step >= r.until) this.dispatch({ type: 'reached', step: pair.step, events: [...events] });
      }
    }
  }

  press(type: 'next' | 'back' | 'forward' | 'stepBack'): void {
    this.dispatch({ type });
  }
}

/** Where the stops should be, from the beats and a plain run's events, by the rule as stated. */
function expectedStops(s: Scenario, upTo: number): number[] {
  const events = eventsOfRun(new Pair(s), upTo);
  const steps = new Set<number>([0, ...beatsOf(s.captions).map((b) => b.at).filter((t) => t <= upTo)]);
  const last = new Map<string, number>();
  for (const e of events) {
    const k = e.model + e.kind;
    const before = last.get(k);
    if (before === undefined || e.step - before >= REPEAT_GAP) steps.add(e.step);
    last.set(k, e.step);
  }
  return [...steps].sort((a, b) => a - b);
}

/** Every number a step line reports, and the trainer's own clock and running statistics. */
function fingerprint(pair: Pair): unknown[] {
  const st = pair.states();
  const out: unknown[] = [];
  for (const x of [st.naive, st.backprop] as StepState[]) {
    for (const v of Object.values(x)) out.push(...(Array.isArray(v) ? v : [v]));
  }
  for (const t of [pair.naive, pair.backprop]) out.push(t.t, t.divergedAt, t.runningMean, t.runningVar);
  return out;
}

/** Bit for bit: Object.is tells 0 from −0 and NaN from NaN. */
function expectSameBits(a: unknown[], b: unknown[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Object.is(x, b[i]), `value ${i}: ${String(x)} vs ${String(b[i])}`).toBe(true));
}

function freshAt(s: Scenario, t: number): Pair {
  const p = new Pair(s);
  p.advance(t);
  return p;
}

describe('presenter', () => {
  it('starts paused on step 0 with the first beat', () => {
    const session = new FakeSession(builtin('paper-bias'));
    const st = session.state;
    expect(st.running).toBe(false);
    expect(st.step).toBe(0);
    expect(st.stops).toHaveLength(1);
    expect(st.stops[0].beat?.text).toBe(builtin('paper-bias').captions[0].text);
  });

  for (const name of BUILTIN_ORDER) {
    it(`${name}: next stops at each beat and each event, in order`, () => {
      const s = builtin(name);
      const upTo = 600;
      const session = new FakeSession(s);
      const seen: number[] = [session.state.step];
      while (session.state.step < upTo) {
        const before = session.state.stops.length;
        session.press('next');
        if (session.state.stops.length === before) break; // past the last beat, no event came within 10⁵ steps
        seen.push(session.state.step);
        expect(session.state.running).toBe(false);
        expect(session.state.stops.at(-1)!.step).toBe(session.state.step);
      }
      const want = expectedStops(s, upTo);
      expect(seen.filter((t) => t <= upTo)).toEqual(want);
      // Each stop carries its beat and every event of its step.
      const events = eventsOfRun(new Pair(s), upTo);
      for (const stop of session.state.stops.filter((x) => x.step <= upTo)) {
        expect(stop.events).toEqual(events.filter((e: SessionEvent) => e.step === stop.step));
        expect(stop.beat?.at ?? null).toBe(beatsOf(s.captions).find((b) => b.at === stop.step)?.at ?? null);
      }
    });
  }

  it('→ past the stops seen so far goes on to the next stop, as space does; while running it changes nothing', () => {
    const s = builtin('paper-bias');
    const bySpace = new FakeSession(s);
    const byArrow = new FakeSession(s);
    for (let i = 0; i < 3; i++) {
      bySpace.press('next');
      byArrow.press('forward');
      expect(byArrow.state.step).toBeGreaterThan(0);
      expect(byArrow.state.step).toBe(bySpace.state.step);
      expect(byArrow.state.stops).toEqual(bySpace.state.stops);
      expectSameBits(fingerprint(byArrow.run.pair), fingerprint(bySpace.run.pair));
    }
    const running = { ...startPresenter(beatsOf(s.captions)), frontier: 5, step: 5, running: true, request: { type: 'run' as const, until: 12 } };
    expect(presenterReducer(running, { type: 'forward' })).toBe(running);
  });

  it('scale-blowup stops at the first sign flip and at the loss jumping, and goes back to them bit for bit', () => {
    const s = builtin('scale-blowup');
    const session = new FakeSession(s);
    while (!session.state.stops.some((x) => x.events.some((e) => e.kind === 'sign-flip'))) session.press('next');
    const flip = session.state.stops.at(-1)!;
    expect(flip.step).toBe(39);
    expect(flip.events.map((e) => e.kind)).toEqual(['sign-flip', 'loss-spike']);
    for (let i = 0; i < 6; i++) session.press('next');
    const far = session.state.step;
    expect(far).toBeGreaterThan(90);
    // Back through the stops, each one a re-run, identical to a fresh run to its step.
    const stops = session.state.stops.map((x) => x.step);
    for (let i = stops.length - 2; i >= 0; i--) {
      session.press('back');
      expect(session.state.step).toBe(stops[i]);
      expect(session.state.current).toBe(i);
      expectSameBits(fingerprint(session.run.pair), fingerprint(freshAt(s, stops[i])));
    }
    session.press('back'); // at the first stop: nothing before it
    expect(session.state.step).toBe(0);
    // Forward again through the stops already seen: no new ones.
    for (let i = 1; i < stops.length; i++) {
      session.press('forward');
      expect(session.state.step).toBe(stops[i]);
      expectSameBits(fingerprint(session.run.pair), fingerprint(freshAt(s, stops[i])));
    }
    expect(session.state.stops.map((x) => x.step)).toEqual(stops);
  });

  for (const name of ['minibatch', 'batchnorm-2d', 'nonlinearity-relu']) {
    it(`${name}: a step back is the same state, bit for bit, as a fresh run to that step, and goes on the same`, () => {
      const s = builtin(name);
      const session = new FakeSession(s);
      for (let i = 0; i < 3; i++) session.press('next');
      const at = session.state.step;
      session.press('stepBack');
      session.press('stepBack');
      expect(session.state.step).toBe(at - 2);
      const fresh = freshAt(s, at - 2);
      expectSameBits(fingerprint(session.run.pair), fingerprint(fresh));
      // The batch order and running statistics go on identically too.
      session.run.pair.advance(57);
      fresh.advance(57);
      expectSameBits(fingerprint(session.run.pair), fingerprint(fresh));
    });
  }

  it('next after a step back goes to the stop already seen, and on from there runs again', () => {
    const s = builtin('paper-bias');
    const session = new FakeSession(s);
    session.press('next'); // 12: naive b passed 1
    session.press('next'); // 40: the second beat
    expect(session.state.step).toBe(40);
    session.press('stepBack');
    expect(session.state.current).toBe(-1);
    session.press('next');
    expect(session.state.step).toBe(40);
    expect(session.state.stops).toHaveLength(3);
    session.press('next');
    expect(session.state.step).toBe(118); // naive b passed 10
    expect(session.state.stops.map((x) => x.step)).toEqual([0, 12, 40, 118]);
    expect(presenterStatus(session.state)).toBe('stop 4 of 4 seen · step 118');
    session.press('stepBack');
    expect(presenterStatus(session.state)).toBe('step 117, between stops (4 seen)');
    expect(presenterStatus(presenterReducer(session.state, { type: 'back' }))).toBe('going to step 40');
  });

  it('a burst of the same event stops once; a quiet gap of 10 steps makes the next one stop again', () => {
    let st = startPresenter([]);
    const ev = (step: number): SessionEvent => ({ step, model: 'naive', kind: 'sign-flip', text: '' });
    st = presenterReducer(st, { type: 'reached', step: 0, events: [] });
    st = presenterReducer(st, { type: 'next' });
    for (const t of [5, 8, 17, 27, 40]) st = presenterReducer({ ...st, running: true }, { type: 'reached', step: t, events: [ev(t)] });
    expect(st.stops.map((x) => x.step)).toEqual([0, 5, 27, 40]);
  });

  it('pause: space while running stops where the session is', () => {
    const session = new FakeSession(scenario('captions: [{at: 0, text: a}]'));
    let st = presenterReducer(session.state, { type: 'next' });
    expect(st.running).toBe(true);
    expect(st.request).toEqual({ type: 'run', until: Infinity });
    st = presenterReducer({ ...st, step: 33 }, { type: 'next' });
    expect(st.running).toBe(false);
    expect(st.request).toBeNull();
  });
});
