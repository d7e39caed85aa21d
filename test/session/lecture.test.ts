import { describe, expect, it } from 'vitest';
import type { StepState } from '../../src/engine/trainer.js';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { beatAt, beatsOf } from '../../src/session/beats.js';
import { TICK_MS } from '../../src/session/clock.js';
import { eventsOfRun } from '../../src/session/events.js';
import type { LiveSession } from '../../src/session/live.js';
import { Pair } from '../../src/session/pair.js';
import { ViewPair } from '../../src/session/view-pair.js';
import { builtin } from '../scenarios/helpers.js';
import { FakeClock, scenario, session, source } from './helpers.js';

/**
 * The lecture wired into the live session, on a fake clock: beats that hold the clock while they
 * are read, presenter mode that stops at every beat and event and goes back by re-running, the
 * pause points, the help's pause, the end that stays, the recording's chapters.
 */

const live = (s: Scenario, o: Parameters<typeof session>[0] = {}) =>
  session({ scenario: s, source: source({ 'paper-bias': s }), ...o });

/** Ticks every TICK_MS until `until` says so (or a guard runs out). */
function runUntil(s: LiveSession, clock: FakeClock, until: () => boolean, maxTicks = 200_000): void {
  for (let i = 0; i < maxTicks && !until(); i++) s.tick(clock.advance(TICK_MS));
}

/** Where presenter mode must stop, by the rule as presenter.ts states it, from a plain run's events. */
function expectedStops(s: Scenario, upTo: number): number[] {
  const steps = new Set<number>([0, ...beatsOf(s.captions).map((b) => b.at).filter((t) => t <= upTo)]);
  const last = new Map<string, number>();
  for (const e of eventsOfRun(new Pair(s), upTo)) {
    const k = `${e.model} ${e.kind}`;
    const before = last.get(k);
    if (before === undefined || e.step - before >= 10) steps.add(e.step);
    last.set(k, e.step);
  }
  return [...steps].sort((a, b) => a - b);
}

/** The numbers of the session's current step, as the NDJSON would report them. */
const latest = (s: LiveSession): StepState[] => s.exportRows().slice(-2);

describe('beats in the live session', () => {
  // Every built-in, at speeds from 1 to 1,000,000 steps/s (all below max): each beat stays on
  // screen for at least its reading time before the next one replaces it.
  const speeds = [1, 10, 60, 1000, 1_000_000];
  it.each(BUILTIN_ORDER.map((n) => [n]))('%s: every beat is up for its reading time at every speed below max', (name) => {
    const sc = builtin(name);
    const beats = beatsOf(sc.captions);
    const last = beats[beats.length - 1].at;
    for (const speed of speeds) {
      const clock = new FakeClock();
      const s = live(sc, { clock: clock.now, speed });
      const appeared: number[] = [];
      appeared[beatAt(beats, 0)] = clock.t;
      runUntil(s, clock, () => s.step >= last);
      // Re-run, noting when each beat appeared (the step it is on, tick by tick).
      const clock2 = new FakeClock();
      const s2 = live(sc, { clock: clock2.now, speed });
      const seen: number[] = [];
      for (let i = 0; i < 1_000_000 && s2.step < last; i++) {
        s2.tick(clock2.advance(TICK_MS));
        const b = beatAt(beats, s2.step);
        if (b >= 0 && seen[b] === undefined) seen[b] = clock2.t;
      }
      if (beats[0].at === 0) seen[0] = 0;
      for (let i = 0; i + 1 < beats.length; i++) {
        const up = seen[i + 1] - seen[i];
        expect(up, `${name} at ${speed} steps/s: beat ${i} (step ${beats[i].at}) was up ${up} ms`).toBeGreaterThanOrEqual(beats[i].readingMs);
      }
      expect(s.step).toBeGreaterThanOrEqual(last);
    }
  });

  it('the header says the clock is holding for the caption, and for how long', () => {
    const clock = new FakeClock();
    const s = live(builtin('paper-bias'), { clock: clock.now, speed: 1000 });
    runUntil(s, clock, () => s.statusText !== null);
    expect(s.statusText).toMatch(/^holding for the caption · \d+ s$/);
    expect(s.step).toBe(39);
    expect(s.getSnapshot().status).toBe(s.statusText);
  });

  it('at --speed max nothing holds for reading', () => {
    const clock = new FakeClock();
    clock.costPerRead = 0.01; // steps take time: the tick's budget ends the run
    const s = live(builtin('paper-bias'), { clock: clock.now, speed: Infinity });
    // Three ticks' budgets (TICK_BUDGET_MS each) of steps: past the beats' reading times.
    for (let i = 0; i < 3; i++) s.tick(clock.advance(TICK_MS));
    expect(s.step).toBeGreaterThan(240);
    expect(s.statusText).toBeNull();
  });

  it('a `pause: true` caption stops the run where it appears, at any speed; space goes on', () => {
    const sc = scenario(`captions:\n  - {at: 0, text: "start"}\n  - {at: 25, text: "stop here", pause: true}\n  - {at: 30, text: "after"}`);
    const clock = new FakeClock();
    clock.costPerRead = 0.01; // steps take time: at --speed max the tick's budget ends each run
    const s = live(sc, { clock: clock.now, speed: Infinity });
    runUntil(s, clock, () => s.isPaused);
    expect(s.step).toBe(25);
    expect(s.statusText).toBe('paused at the caption · space goes on');
    for (let i = 0; i < 10; i++) s.tick(clock.advance(TICK_MS));
    expect(s.step).toBe(25);
    s.dispatch('togglePause');
    expect(s.statusText).toBeNull();
    s.tick(clock.advance(TICK_MS));
    s.tick(clock.advance(TICK_MS));
    expect(s.step).toBeGreaterThan(30);
  });
});

describe('events in the live session', () => {
  it.each(BUILTIN_ORDER.map((n) => [n]))('%s: the session finds the same events as a plain run, at the max speed and step by step', (name) => {
    const sc = builtin(name);
    const want = eventsOfRun(new Pair(sc), 300);
    const clock = new FakeClock();
    const s = live(sc, { clock: clock.now, speed: Infinity, stopAt: 300 });
    runUntil(s, clock, () => s.finished);
    expect(s.events).toEqual(want);
    const byHand = live(sc, { paused: true, stopAt: 60 });
    for (let i = 0; i < 60; i++) byHand.dispatch('step');
    expect(byHand.events).toEqual(want.filter((e) => e.step <= 60));
    // The snapshot and the view model carry them (the charts mark them), and the beats' steps.
    expect(s.getSnapshot().events).toBe(s.events);
    expect(s.getSnapshot().beats).toEqual(beatsOf(sc.captions).map((b) => b.at));
    const v = s.view(40);
    expect(v.events).toBe(s.events);
    if (want.length > 0) expect(v.event).toContain(`step ${want[want.length - 1].step} · `);
  });
});

describe('presenter mode', () => {
  it.each([['paper-bias'], ['scale-blowup'], ['minibatch'], ['batchnorm-2d']])('%s: starts paused at step 0 and stops at every beat and event, in order', (name) => {
    const sc = builtin(name);
    const want = expectedStops(sc, 300);
    const clock = new FakeClock();
    const s = live(sc, { clock: clock.now, speed: 1000, present: true, stopAt: 300 });
    expect(s.isPaused).toBe(true);
    expect(s.step).toBe(0);
    expect(s.statusText).toBe(`presenter · stop 1/${want.length} · space next`);
    const got = [s.step];
    for (let k = 1; k < want.length; k++) {
      s.dispatch('togglePause');
      runUntil(s, clock, () => s.isPaused);
      got.push(s.step);
      expect(s.statusText).toBe(`presenter · stop ${k + 1}/${want.length} · space next`);
    }
    expect(got).toEqual(want);
  });

  it('scale-blowup: goes back to the first sign flip and forward to the blow-up; back is a fresh run to that step, bit for bit', () => {
    const sc = builtin('scale-blowup');
    const clock = new FakeClock();
    const s = live(sc, { clock: clock.now, speed: 60, present: true });
    const stopsTo = (step: number) => {
      while (s.step < step) {
        s.dispatch('togglePause');
        runUntil(s, clock, () => s.isPaused);
      }
    };
    stopsTo(193);
    expect(s.step).toBe(193);
    expect(s.view(40).event).toContain('step 193 · naive w flipped sign');
    const flips = s.events.filter((e) => e.kind === 'sign-flip');
    expect(flips[0].step).toBe(39);
    // Back, stop by stop, to the first flip.
    while (s.step > 39) s.dispatch('prevStop');
    expect(s.step).toBe(39);
    // The view's pair: its states carry the true gradient too, the same to the bit.
    const fresh = new ViewPair(sc);
    fresh.advance(39);
    const f = fresh.states();
    expect(latest(s)).toEqual([f.naive, f.backprop]);
    expect(s.events).toEqual(eventsOfRun(new Pair(sc), 39));
    // One step back, then forward to the blow-up again.
    s.dispatch('stepBack');
    expect(s.step).toBe(38);
    expect(s.statusText).toBe('presenter · step 38, between stops · space next');
    fresh.advance(0);
    const g = new ViewPair(sc);
    g.advance(38);
    expect(latest(s)).toEqual([g.states().naive, g.states().backprop]);
    while (s.step < 193) s.dispatch('nextStop');
    expect(s.step).toBe(193);
  });

  it('the history after going back is the one a run that came straight there has', () => {
    const sc = builtin('paper-bias');
    const clock = new FakeClock();
    const a = live(sc, { clock: clock.now, speed: 60, present: true });
    while (a.step < 118) {
      a.dispatch('togglePause');
      runUntil(a, clock, () => a.isPaused);
    }
    expect(a.step).toBe(118);
    a.dispatch('prevStop');
    a.dispatch('prevStop');
    expect(a.step).toBe(12);
    const clock2 = new FakeClock();
    const b = live(sc, { clock: clock2.now, speed: 60, present: true });
    b.dispatch('togglePause');
    runUntil(b, clock2, () => b.isPaused);
    expect(b.step).toBe(12);
    expect(a.view(64).rows).toEqual(b.view(64).rows);
  });

  it('P turns it on from where the run is, and off again', () => {
    const s = live(builtin('paper-bias'), { paused: true });
    for (let i = 0; i < 5; i++) s.dispatch('step');
    s.dispatch('present');
    expect(s.presenting).toBe(true);
    expect(s.statusText).toMatch(/^presenter · step 5, between stops · space next$/);
    s.dispatch('present');
    expect(s.presenting).toBe(false);
    s.dispatch('nextStop');
    expect(s.view(10).notice).toMatch(/press P first/);
  });
});

describe('pauses', () => {
  it('--pause-at N stops exactly at each N, in order, at any speed', () => {
    const clock = new FakeClock();
    const s = live(builtin('paper-bias'), { clock: clock.now, speed: Infinity, pauseAt: [7, 250] });
    runUntil(s, clock, () => s.isPaused);
    expect(s.step).toBe(7);
    expect(s.statusText).toBe('paused at step 7 (--pause-at) · space goes on');
    s.dispatch('togglePause');
    runUntil(s, clock, () => s.isPaused);
    expect(s.step).toBe(250);
  });

  it('--pause-on-events stops at the step of each event', () => {
    const clock = new FakeClock();
    const s = live(builtin('paper-bias'), { clock: clock.now, speed: Infinity, pauseOnEvents: true });
    runUntil(s, clock, () => s.isPaused);
    expect(s.step).toBe(12);
    s.dispatch('togglePause');
    runUntil(s, clock, () => s.isPaused);
    expect(s.step).toBe(118);
  });

  it('--paused starts paused', () => {
    expect(live(builtin('paper-bias'), { paused: true }).isPaused).toBe(true);
  });

  it('the help pauses the run while open and leaves it as it was: running stays running, paused stays paused', () => {
    const clock = new FakeClock();
    const s = live(builtin('paper-bias'), { clock: clock.now, speed: 60 });
    runUntil(s, clock, () => s.step >= 5);
    s.setHelp(true);
    const at = s.step;
    for (let i = 0; i < 50; i++) s.tick(clock.advance(TICK_MS));
    expect(s.step).toBe(at);
    s.dispatch('togglePause'); // space while the help is open does not start the run behind it
    expect(s.isPaused).toBe(true);
    s.setHelp(false);
    expect(s.isPaused).toBe(false);
    runUntil(s, clock, () => s.step > at);
    s.dispatch('togglePause');
    s.setHelp(true);
    s.setHelp(false);
    expect(s.isPaused).toBe(true);
  });
});

describe('the end that stays', () => {
  it('--steps N: holds at N and says so; r replays from step 0', () => {
    const clock = new FakeClock();
    const s = live(builtin('paper-bias'), { clock: clock.now, speed: Infinity, stopAt: 50 });
    runUntil(s, clock, () => s.finished);
    expect(s.step).toBe(50);
    expect(s.statusText).toBe('finished · r replay · q quit');
    for (let i = 0; i < 10; i++) s.tick(clock.advance(TICK_MS));
    expect(s.step).toBe(50);
    s.dispatch('reset');
    expect([s.step, s.finished, s.statusText]).toEqual([0, false, null]);
  });

  it('end() (--duration) holds where the run is', () => {
    const clock = new FakeClock();
    clock.costPerRead = 0.01; // steps take time: the tick's budget ends the run
    const s = live(builtin('paper-bias'), { clock: clock.now, speed: Infinity });
    s.tick(clock.advance(TICK_MS));
    s.tick(clock.advance(TICK_MS));
    const at = s.step;
    s.end();
    s.tick(clock.advance(TICK_MS));
    expect([s.step, s.finished]).toEqual([at, true]);
    expect(s.statusText).toBe('finished · r replay · q quit');
  });
});

describe('chapters (--record markers)', () => {
  it('one per beat and per event, in order, written once even when presenter mode goes back over them', () => {
    const sc = builtin('scale-blowup');
    const labels: string[] = [];
    const clock = new FakeClock();
    const s = live(sc, { clock: clock.now, speed: 1000, present: true, stopAt: 200, onChapter: (l) => labels.push(l) });
    while (!s.finished) {
      s.dispatch('togglePause');
      runUntil(s, clock, () => s.isPaused || s.finished);
      if (s.step === 150) {
        s.dispatch('prevStop');
        s.dispatch('prevStop');
        s.dispatch('nextStop');
      }
    }
    const beats = beatsOf(sc.captions).filter((b) => b.at <= 200);
    const events = eventsOfRun(new Pair(sc), 200);
    const want = [...beats.map((b) => ({ step: b.at, order: 0, text: b.text })), ...events.map((e, i) => ({ step: e.step, order: 1 + i, text: e.text }))]
      .sort((a, b) => a.step - b.step || a.order - b.order)
      .map((c) => `step ${c.step} · ${c.text}`);
    expect(labels).toEqual(want);
  });
});
