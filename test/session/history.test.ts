import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { History, Ring, SeriesLog, seriesValue } from '../../src/session/history.js';
import { Pair } from '../../src/session/pair.js';
import { paperBias, scenario } from './helpers.js';

describe('Ring', () => {
  it('keeps the newest `capacity` values, oldest first, whatever is pushed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.double({ noNaN: true }), { maxLength: 100 }), (cap, xs) => {
        const r = new Ring(cap);
        for (const x of xs) r.push(x);
        const kept = xs.slice(Math.max(0, xs.length - cap));
        expect(r.length).toBe(kept.length);
        expect(Array.from({ length: r.length }, (_, i) => r.at(i))).toEqual(kept);
        expect(r.last(3)).toEqual(kept.slice(Math.max(0, kept.length - 3)));
      }),
    );
  });

  it('last(n) with n beyond the length returns what there is; clear empties it', () => {
    const r = new Ring(4);
    r.push(1);
    r.push(2);
    expect(r.last(10)).toEqual([1, 2]);
    expect(r.last(0)).toEqual([]);
    r.clear();
    expect(r.length).toBe(0);
    expect(r.last(2)).toEqual([]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
    expect(() => new Ring(1.5)).toThrow(RangeError);
  });
});

describe('History', () => {
  it('records both models in lockstep and never holds more than its capacity', () => {
    const pair = new Pair(paperBias());
    const h = new History(8);
    for (let t = 0; t < 30; t++) {
      h.record(pair.step, pair.states());
      pair.advance(1);
    }
    expect(h.length).toBe(8);
    expect(h.lastStep).toBe(29);
    expect(h.steps.last(8)).toEqual([22, 23, 24, 25, 26, 27, 28, 29]);
    for (const rule of ['naive', 'backprop'] as const) expect(h.series(rule, 'bias').length).toBe(8);
    // The paper's example: naive b moves every step, backprop b does not (beyond round-off).
    const nb = h.series('naive', 'bias').last(8);
    expect(nb[7]).toBeGreaterThan(nb[0]);
    const bb = h.series('backprop', 'bias').last(8);
    expect(Math.max(...bb.map(Math.abs))).toBeLessThan(1e-12);
  });

  it('weight is w itself with one input and ‖w‖ with several', () => {
    const one = new Pair(paperBias()).states().naive;
    expect(seriesValue(one, 'weight')).toBe(1);
    const two = new Pair(scenario('data: {dims: 2}\nmodel: {weight: {init: [3, 4]}}')).states().naive;
    expect(seriesValue(two, 'weight')).toBe(5);
  });

  it('x̂ spread is max − min of x̂ over the examples; non-finite values become NaN', () => {
    const st = new Pair(paperBias()).states().naive;
    expect(seriesValue(st, 'xhatSpread')).toBe(st.xhatMax - st.xhatMin);
    expect(seriesValue({ ...st, b: Infinity }, 'bias')).toBeNaN();
    expect(seriesValue(st, 'evalLoss')).toBeNaN(); // not tracked in this scenario
  });
});

describe('SeriesLog (what e exports)', () => {
  const pair = new Pair(paperBias());
  const at = (step: number) => {
    const s = pair.states();
    return { naive: { ...s.naive, step }, backprop: { ...s.backprop, step } };
  };

  it('keeps every step until full, then doubles its grid: never more than its capacity', () => {
    const log = new SeriesLog(10);
    for (let t = 0; t <= 10; t++) log.add(at(t));
    expect(log.stride).toBe(2);
    expect(log.rows().map((r) => r.step)).toEqual([0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10]);
    for (let t = 11; t <= 100; t++) {
      log.add(at(t));
      expect(log.length).toBeLessThanOrEqual(10);
    }
    // Each grid is a subset of the last: the kept steps are evenly spaced multiples of the stride.
    const steps = log.rows().filter((r) => r.model === 'naive').map((r) => r.step);
    expect(steps.every((t, i) => t === i * log.stride)).toBe(true);
    expect(log.stride).toBe(16);
    expect(log.lastStep).toBe(96);
  });

  it('rows come in tidy pairs, naive then backprop; clear starts again on the finest grid', () => {
    const log = new SeriesLog(4);
    for (let t = 0; t < 9; t++) log.add(at(t));
    expect(log.rows().map((r) => r.model)).toEqual(['naive', 'backprop', 'naive', 'backprop', 'naive', 'backprop']);
    log.clear();
    expect(log.length).toBe(0);
    expect(log.stride).toBe(1);
    expect(log.lastStep).toBe(-1);
    expect(() => new SeriesLog(0)).toThrow(RangeError);
  });
});
