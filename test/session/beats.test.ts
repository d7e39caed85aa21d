import { describe, expect, it } from 'vitest';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import { beatAt, beatsOf, noteBeat, pace, READING, readingMs, type Beat, type Shown } from '../../src/session/beats.js';
import { SPEEDS, TICK_MS } from '../../src/session/clock.js';
import { builtin } from '../scenarios/helpers.js';
import { FakeClock, scenario } from './helpers.js';

/**
 * The training clock as the live session runs it, on a fake clock: every TICK_MS it owes
 * speed × elapsed steps, takes as many as pace() allows, and drops what it could not take (a
 * held clock does not race to catch up). Returns when each beat appeared, in ms.
 */
function simulate(beats: Beat[], speed: number, untilStep: number, released = Infinity): { appeared: number[]; held: string[] } {
  const clock = new FakeClock();
  let step = 0;
  let owed = 0;
  let shown: Shown = noteBeat(beats, 0, null, clock.now());
  const appeared: number[] = [];
  const held = new Set<string>();
  if (shown.index >= 0) appeared[shown.index] = clock.now();
  for (let ticks = 0; step < untilStep && ticks < 1e6; ticks++) {
    const now = clock.advance(TICK_MS);
    owed += (speed * TICK_MS) / 1000;
    const p = pace(beats, { step, shown, now, speed, released });
    if (p.header !== null) held.add(p.header.replace(/\d+ s$/, 'N s'));
    const want = Math.floor(owed);
    const to = Math.max(step, Math.min(step + want, p.ceiling));
    owed = to - step < want ? 0 : owed - want;
    // The clock takes its steps one by one; a beat appears when its step is reached.
    for (; step < to; ) {
      step++;
      const next = noteBeat(beats, step, shown, now);
      if (next !== shown && next.index >= 0 && appeared[next.index] === undefined) appeared[next.index] = now;
      shown = next;
    }
  }
  return { appeared, held: [...held] };
}

describe('beats', () => {
  it('reading time: 200 words a minute, never under 3 s', () => {
    expect(READING).toEqual({ wordsPerMinute: 200, floorMs: 3000 });
    expect(readingMs('Watch b.')).toBe(3000);
    expect(readingMs(Array(20).fill('word').join(' '))).toBe(6000);
    expect(readingMs(Array(21).fill('w').join('  \n'))).toBe(6300);
  });

  it('are the captions in step order; of captions sharing a step, the last is the beat', () => {
    const s = scenario('captions: [{at: 5, text: b}, {at: 0, text: a, pause: true}, {at: 5, text: c}]');
    expect(beatsOf(s.captions).map((b) => [b.index, b.at, b.text, b.pause])).toEqual([
      [0, 0, 'a', true],
      [1, 5, 'c', false],
    ]);
    const beats = beatsOf(s.captions);
    expect([0, 4, 5, 99].map((t) => beatAt(beats, t))).toEqual([0, 0, 1, 1]);
    expect(beatAt(beatsOf(scenario('captions: [{at: 3, text: x}]').captions), 2)).toBe(-1);
  });

  for (const name of BUILTIN_ORDER) {
    it(`${name}: every beat stays on screen at least its reading time at every speed below max`, () => {
      const beats = beatsOf(builtin(name).captions);
      const last = beats[beats.length - 1].at;
      for (const speed of SPEEDS) {
        const { appeared } = simulate(beats, speed, last);
        expect(appeared.length, `speed ${speed}`).toBe(beats.length);
        for (let i = 0; i + 1 < beats.length; i++)
          expect(appeared[i + 1] - appeared[i], `${name} beat ${i} at ${speed} steps/s`).toBeGreaterThanOrEqual(beats[i].readingMs);
      }
    });
  }

  it('holds only as long as reading needs: a slow clock is never held', () => {
    const beats = beatsOf(builtin('paper-bias').captions);
    // At 1 step/s, 40 steps between the first two beats are 40 s: far more than reading takes.
    const slow = simulate(beats, 1, 130);
    expect(slow.held).toEqual([]);
    expect(slow.appeared[1]).toBeGreaterThanOrEqual(40_000);
    expect(slow.appeared[1]).toBeLessThan(40_000 + 2 * TICK_MS);
    // At 60 steps/s it is held, and the header says so.
    const fast = simulate(beats, 60, 130);
    expect(fast.held).toEqual(['holding for the caption · N s']);
    expect(fast.appeared[1] - fast.appeared[0]).toBeLessThan(beats[0].readingMs + 2 * TICK_MS);
  });

  it('--speed max shows every beat without holding', () => {
    const beats = beatsOf(builtin('paper-bias').captions);
    const p = pace(beats, { step: 39, shown: { index: 0, since: 0 }, now: 1, speed: Infinity, released: -1 });
    expect(p).toEqual({ ceiling: Infinity, holdMs: 0, paused: false, header: null });
  });

  it('while a beat is read the clock runs to the step before the next one and holds there, saying for how long', () => {
    const beats = beatsOf(builtin('paper-bias').captions); // at 0, 40, 120, 240
    // "Both networks compute x = u + b, then centre it: x̂ = x − E[x]. Watch b.": 18 words.
    expect(beats[0].readingMs).toBe(5400);
    const shown = { index: 0, since: 1000 };
    expect(pace(beats, { step: 10, shown, now: 2000, speed: 60, released: -1 })).toMatchObject({ ceiling: 39, holdMs: 0, header: null });
    const held = pace(beats, { step: 39, shown, now: 2000, speed: 60, released: -1 });
    expect(held).toEqual({ ceiling: 39, holdMs: beats[0].readingMs - 1000, paused: false, header: 'holding for the caption · 5 s' });
    // Read: the next beat may show, and the clock may run to just before the one after it.
    expect(pace(beats, { step: 39, shown, now: 1000 + beats[0].readingMs, speed: 60, released: -1 }).ceiling).toBe(117);
    // The last beat holds nothing back.
    expect(pace(beats, { step: 240, shown: { index: 3, since: 0 }, now: 0, speed: 60, released: -1 }).ceiling).toBe(Infinity);
  });

  it('pause: true stops where the caption appears, at every speed, until let go', () => {
    const beats = beatsOf(scenario('captions: [{at: 0, text: a}, {at: 10, text: stop here, pause: true}, {at: 30, text: c}]').captions);
    for (const speed of [60, 1e6, Infinity]) {
      // Far past reading time, the clock may not step over the pause beat…
      expect(pace(beats, { step: 3, shown: { index: 0, since: 0 }, now: 1e9, speed, released: -1 }).ceiling).toBe(10);
      // …and once on it, it is paused.
      const p = pace(beats, { step: 10, shown: { index: 1, since: 0 }, now: 1e9, speed, released: -1 });
      expect(p).toEqual({ ceiling: 10, holdMs: 0, paused: true, header: 'paused at the caption: space goes on' });
      // Let go, it runs on (past reading time, to the end).
      expect(pace(beats, { step: 10, shown: { index: 1, since: 0 }, now: 1e9, speed, released: 1 }).ceiling).toBe(Infinity);
    }
    const run = simulate(beats, 60, 40, -1);
    expect(run.held).toContain('paused at the caption: space goes on');
    expect(run.appeared.length).toBe(2); // stopped at the pause beat: c never appeared
  });
});
