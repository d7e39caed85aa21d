import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUS } from '../../src/session/format.js';
import { seriesValue, type SeriesKey } from '../../src/session/history.js';
import { Pair, RULES } from '../../src/session/pair.js';
import { inheritedRoundOff } from '../../src/session/rows.js';
import {
  formatTick,
  LABEL_WIDTH,
  minimumSpan,
  niceTicks,
  position,
  symexp,
  tickLabels,
  symlog,
  yScale,
  yTicks,
  type Range,
} from '../../src/session/scale.js';
import { builtin } from '../scenarios/helpers.js';

/** Run a built-in, sampling every `every` steps, and return both models' values of `key` and the states seen. */
function trace(name: string, steps: number, every: number, key: SeriesKey) {
  const pair = new Pair(builtin(name));
  const values = { naive: [] as number[], backprop: [] as number[] };
  const states = [];
  for (let t = 0; t <= steps; t += every) {
    if (t > 0) pair.advance(every);
    const st = pair.states();
    states.push(st.naive, st.backprop);
    for (const r of RULES) values[r].push(seriesValue(st[r], key));
  }
  return { values, states, scenario: pair.scenario };
}

const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
const magnitudeOf = (...xs: number[][]) => Math.max(...xs.flat().map(Math.abs));
/** The fraction of the chart height a panel's own data spans. */
const filled = (r: Range | null, d: [number, number]) => (r ? (d[1] - d[0]) / (r.hi - r.lo) : NaN);

describe('yScale', () => {
  it('rule 2: nonlinearity-relu at step 7, the loss 1.806 moved by 2.32e-4, fills an eighth of the height, not all of it', () => {
    const { values, states, scenario } = trace('nonlinearity-relu', 7, 1, 'loss');
    const naive = range(values.naive);
    // The figures of the issue, from the engine.
    expect(values.naive[7]).toBeCloseTo(1.806, 3);
    expect(values.naive[7] - values.naive[0]).toBeCloseTo(2.32e-4, 6);
    const noise = inheritedRoundOff('loss', states, scenario.model.normalize);
    const s = yScale({ data: { naive, backprop: range(values.backprop) }, magnitude: magnitudeOf(values.naive, values.backprop), noise });
    const f = filled(s.panels.naive, naive);
    expect(f).toBeLessThan(0.15);
    expect(f).toBeGreaterThan(0.1);
  });

  it('rule 2: a change of a few ulps of a large value is a flat line, never the full height', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e12, noNaN: true }), fc.integer({ min: 1, max: 64 }), (v, ulps) => {
        const w = v + ulps * v * Number.EPSILON;
        const s = yScale({ data: { naive: [v, w], backprop: null }, magnitude: w, noise: 0 });
        const r = s.panels.naive!;
        // Under one part in 10⁵ of the height: the same sub-row of any chart up to 2000 levels tall.
        expect(position(r, w) - position(r, v)).toBeLessThan(1e-5);
        expect(position(r, v)).toBeCloseTo(0.5, 4);
      }),
    );
  });

  it("rule 2: x̂'s inherited round-off (ε·|E[x]|/s) is not stretched, even when x̂ itself is small", () => {
    // b has drifted to 10⁶: x̂ of 0.1 carries ~1e-10·10⁴ of noise.
    const noise = inheritedRoundOff('xhatProbe', [{ meanX: 1e6, varX: 1, gamma: 1, loss: 0.5 } as never], 'standardize');
    expect(noise).toBeGreaterThan(1e-9);
    const s = yScale({ data: { naive: [0.1, 0.1 + noise], backprop: null }, magnitude: 0.1, noise });
    expect(filled(s.panels.naive, [0.1, 0.1 + noise])).toBeLessThanOrEqual(1 / 4);
  });

  it('rule 1: naive b after 30 s of drift (1800 steps at 60/s) climbs across its window, not a flat top of 0 → 140', () => {
    const { values } = trace('paper-bias', 1800, 10, 'bias');
    expect(values.naive.at(-1)).toBeGreaterThan(100);
    // The last 20 samples (a narrow panel's sparkline at 60 steps/s: 200 steps).
    const win = { naive: values.naive.slice(-20), backprop: values.backprop.slice(-20) };
    const naive = range(win.naive);
    const s = yScale({ data: { naive, backprop: range(win.backprop) }, magnitude: magnitudeOf(win.naive, win.backprop), noise: 0 });
    // Rule 3: backprop's b is 0, which would squash the climb into the top rows: not shared.
    expect(s.shared).toBe(false);
    expect(s.panels.naive).toEqual({ lo: naive[0], hi: naive[1] });
    expect(filled(s.panels.naive, naive)).toBe(1);
    // And the climb is a climb: the middle sample sits mid-height, not at the top.
    expect(position(s.panels.naive!, win.naive[10])).toBeGreaterThan(0.4);
    expect(position(s.panels.naive!, win.naive[10])).toBeLessThan(0.6);
    // Backprop's b, 0 up to float noise, is a flat line in the middle of its own range.
    const bp = s.panels.backprop!;
    for (const v of win.backprop) expect(position(bp, v)).toBeCloseTo(0.5, 6);
  });

  it('rule 3: a wider window of the same run (90 samples, b from ~60 to 140) shares with 0, and the climb keeps over a third of the height', () => {
    const { values } = trace('paper-bias', 1800, 10, 'bias');
    const win = { naive: values.naive.slice(-90), backprop: values.backprop.slice(-90) };
    const naive = range(win.naive);
    const s = yScale({ data: { naive, backprop: range(win.backprop) }, magnitude: magnitudeOf(win.naive, win.backprop), noise: 0 });
    expect(s.shared).toBe(true);
    expect(filled(s.panels.naive, naive)).toBeGreaterThanOrEqual(1 / 3);
    expect(position(s.panels.naive!, win.naive[0])).toBeLessThan(position(s.panels.naive!, win.naive[45]));
  });

  it('rule 3: shared at the start of the same run, when the naive climb starts from backprop\'s 0', () => {
    const { values } = trace('paper-bias', 60, 1, 'bias');
    const s = yScale({ data: { naive: range(values.naive), backprop: range(values.backprop) }, magnitude: magnitudeOf(values.naive, values.backprop), noise: 0 });
    expect(s.shared).toBe(true);
    expect(s.panels.naive).toBe(s.panels.backprop);
    expect(s.panels.naive!.lo).toBeLessThanOrEqual(0);
  });

  it('rule 3: a flat loss beside a falling one shares; two flat lines far apart do not; a diverged panel never takes part', () => {
    const flatFalling = yScale({ data: { naive: [0.5, 0.5], backprop: [0.2, 0.5] }, magnitude: 0.5, noise: 0 });
    expect(flatFalling.shared).toBe(true);
    expect(flatFalling.panels.naive!.lo).toBe(0.2);
    // The flat line's minimum span (rule 2) reaches a little above it.
    expect(flatFalling.panels.naive!.hi).toBeCloseTo(0.5 + 0.5 * 1e-3 / 2, 12);
    const apart = yScale({ data: { naive: [0.5, 0.5], backprop: [0.2, 0.2] }, magnitude: 0.5, noise: 0 });
    expect(apart.shared).toBe(false);
    const diverged = yScale({ data: { naive: null, backprop: [0.2, 0.3] }, magnitude: 0.3, noise: 0 });
    expect(diverged).toMatchObject({ shared: false, panels: { naive: null, backprop: { lo: 0.2, hi: 0.3 } } });
    // The boundary: the larger span is exactly a third of the union.
    expect(yScale({ data: { naive: [0, 1], backprop: [2, 3] }, magnitude: 3, noise: 0 }).shared).toBe(true);
    expect(yScale({ data: { naive: [0, 1], backprop: [2.5, 3.01] }, magnitude: 3.01, noise: 0 }).shared).toBe(false);
  });

  it('rule 4: symlog keeps the sign, is linear near 0 and logarithmic far out, and inverts', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.double({ min: 1e-6, max: 1e3, noNaN: true }), (y, c) => {
        const t = symlog(y, c);
        // (|y|/c can underflow to 0: then the sign is all there is to keep.)
        expect(Math.sign(t) === Math.sign(y) || (t === 0 && Math.abs(y / c) < 1e-300)).toBe(true);
        expect(symexp(t, c)).toBeCloseTo(y, Math.max(0, 6 - Math.log10(Math.abs(y) + 1)));
        expect(symlog(-y, c)).toBe(-t);
      }),
    );
    expect(symlog(1e-3, 1)).toBeCloseTo(1e-3, 6);
    expect(symlog(1e6, 1) - symlog(1e5, 1)).toBeCloseTo(Math.LN10, 4);
    // Naive b drifting to 10⁶ next to backprop's 0: on symlog both fit one range that still shows 0.
    const s = yScale({ data: { naive: [0, 1e6], backprop: [0, 0] }, magnitude: 1e6, noise: 0, transform: { kind: 'symlog', c: 1 } });
    expect(s.shared).toBe(true);
    expect(s.panels.naive!.hi).toBeCloseTo(Math.log1p(1e6), 9);
    const { ticks } = yTicks(s.panels.naive!, s.transform, 5);
    expect(ticks).toContain(0);
    expect(ticks).toContain(1e6);
    for (const v of ticks.filter((x) => x !== 0).map(Math.abs)) expect([1, 2, 5]).toContain(Math.round(v / 10 ** Math.floor(Math.log10(v))));
  });
});

describe('ticks and labels', () => {
  it('niceTicks: 1-2-5 steps, inside the range, between 1 and max+1 of them', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.integer({ min: 2, max: 12 }), (lo, s, max) => {
        // Spans the scale rule allows are ≥ 10⁻³ of the values; float64 resolves ≥ 10⁻⁹ of them.
        const span = Math.max(s, Math.abs(lo) * 1e-9);
        const { step, ticks } = niceTicks(lo, lo + span, max);
        const m = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5].some((x) => Math.abs(m - x) < 1e-9)).toBe(true);
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(max + 1);
        for (const v of ticks) {
          expect(v).toBeGreaterThanOrEqual(lo - step * 1e-6);
          expect(v).toBeLessThanOrEqual(lo + span + step * 1e-6);
        }
      }),
    );
  });

  it('labels fit the label column and tell neighbouring ticks apart, for any range the scale rule allows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e15, max: 1e15, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 8 }),
        (mid, stretch, max) => {
          // A span at least the rule's minimum for this magnitude.
          const span = minimumSpan(Math.abs(mid), 0) * stretch;
          const { step, ticks } = niceTicks(mid - span / 2, mid + span / 2, max);
          const { offset, labels } = tickLabels(ticks, step);
          for (const l of labels) expect(l.length).toBeLessThanOrEqual(LABEL_WIDTH);
          expect(new Set(labels).size).toBe(labels.length);
          if (offset !== null) expect(offset).toBe(ticks[0]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a range tiny beside its values is labelled by offsets from its lowest tick', () => {
    const { step, ticks } = niceTicks(1.23456e-10, 1.23456e-10 + 1e-13, 4);
    expect(step).toBe(5e-14);
    expect(tickLabels(ticks, step)).toEqual({ offset: ticks[0], labels: ['+0', `+5e${MINUS}14`] });
    const fine = niceTicks(1.23456e-10, 1.23456e-10 + 1e-13, 8);
    expect(tickLabels(fine.ticks, fine.step).labels).toEqual(['+0', `+2e${MINUS}14`, `+4e${MINUS}14`, `+6e${MINUS}14`, `+8e${MINUS}14`]);
    expect(tickLabels([0, 0.5, 1], 0.5)).toEqual({ offset: null, labels: ['0', '0.5', '1.0'] });
  });

  it('labels read like the numbers they are', () => {
    expect(formatTick(1.8061, 1e-4)).toBe('1.8061');
    expect(formatTick(-0.5, 0.1)).toBe(`${MINUS}0.5`);
    expect(formatTick(140, 5)).toBe('140');
    expect(formatTick(1_250_000, 50_000)).toBe('1250000');
    expect(formatTick(12_500_000, 500_000)).toBe('12.5M');
    expect(formatTick(3e-7, 1e-7)).toBe(`3e${MINUS}7`);
    expect(formatTick(0, 1)).toBe('0');
  });
});
