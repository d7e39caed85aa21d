import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { axisStep, MinMaxPyramid, QuantityStore, stepColumn, type Column } from '../../src/session/series.js';

/** Brute force over the full array: min and max of the finite values at steps [from, to). */
function oracle(values: Map<number, number[]>, from: number, to: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = from; s < to; s++)
    for (const v of values.get(s) ?? []) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return [lo, hi];
}

/** Consecutive equal columns are one (a narrow column copies the next); the rest must tile [0, end). */
function distinct(cols: Column[]): Column[] {
  return cols.filter((c, i) => i === cols.length - 1 || c.from !== cols[i + 1].from || c.to !== cols[i + 1].to);
}

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);
/** Steps added in order, some repeated (a sample on a step the every-step path took), some skipped. */
const run = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), value), { minLength: 1, maxLength: 1500 });

describe('MinMaxPyramid', () => {
  it('columns tile the run, and each column is the min and max over exactly its steps (oracle: the full array)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(8, 16, 64),
        run,
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom('linear' as const, 'log' as const),
        (cap, deltas, w, axis) => {
          const p = new MinMaxPyramid(cap);
          const values = new Map<number, number[]>();
          let step = 0;
          for (const [gap, v] of deltas) {
            step += gap;
            p.add(step, v);
            values.set(step, [...(values.get(step) ?? []), v]);
          }
          expect(p.length).toBe(step + 1);
          const cols = p.columns(w, axis);
          expect(cols).toHaveLength(w);
          for (const c of cols) {
            expect(c.from).toBeLessThan(c.to);
            expect([c.min, c.max]).toEqual(oracle(values, c.from, c.to));
          }
          const tiles = distinct(cols);
          expect(tiles[0].from).toBe(0);
          expect(tiles[tiles.length - 1].to).toBe(step + 1);
          for (let i = 1; i < tiles.length; i++) expect(tiles[i].from).toBe(tiles[i - 1].to);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a one-step spike anywhere in a long run shows in the whole-run column holding it, on both axes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 10, max: 200 }), (at, w) => {
        const p = new MinMaxPyramid(64);
        for (let s = 0; s < 100_000; s++) p.add(s, s === at ? 1e9 : Math.sin(s / 1000));
        for (const axis of ['linear', 'log'] as const) {
          const cols = p.columns(w, axis);
          const holding = cols.find((c) => c.from <= at && at < c.to);
          expect(holding?.max).toBe(1e9);
          expect(cols.filter((c) => c.max === 1e9).every((c) => c.from <= at && at < c.to)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('linear columns are even to within one top-level bucket', () => {
    const p = new MinMaxPyramid(1024);
    const n = 1_234_567;
    for (let s = 0; s < n; s++) p.add(s, s);
    for (const w of [30, 90, 200]) {
      const cols = p.columns(w, 'linear');
      for (const c of cols) expect(Math.abs(c.to - c.from - n / w)).toBeLessThanOrEqual(p.topBucket);
      // The top level holds the run in C/2..C buckets, so a bucket is at most 2·n/C steps.
      expect(p.topBucket).toBeLessThanOrEqual((2 * n) / 1024);
    }
  });

  it('log columns give early steps their own columns: step 1 and step 10 are not in the column of step 10⁵', () => {
    const p = new MinMaxPyramid(256);
    for (let s = 0; s < 1_000_000; s++) p.add(s, s);
    const cols = p.columns(60, 'log');
    // Each column is min..max over its own steps: with value = step, min = from and max = to − 1.
    for (const c of cols) expect([c.min, c.max]).toEqual([c.from, c.to - 1]);
    expect(cols[0]).toMatchObject({ from: 0, to: 1 });
    const early = cols.findIndex((c) => c.from <= 10 && 10 < c.to);
    expect(cols[early].to - cols[early].from).toBeLessThanOrEqual(2);
    // Widths grow with the step (even in log(step+1)): the last column is ~ a fifth of the run.
    expect(cols[59].to - cols[59].from).toBeGreaterThan(150_000);
  });

  it('memory is C + C/4 per further level, whatever the length of the run', () => {
    const p = new MinMaxPyramid(64);
    const n = 1 << 20;
    for (let s = 0; s < n; s++) p.add(s, s % 7);
    const levels = Math.log2(n / 64) + 1;
    expect(p.footprint).toBe(2 * (64 + (levels - 1) * 16));
  });

  it('non-finite values leave gaps, and the first one is remembered', () => {
    const p = new MinMaxPyramid(8);
    p.add(0, 1);
    p.add(1, NaN);
    p.add(2, Infinity);
    p.add(3, 2);
    expect(p.firstNonFinite).toBe(1);
    expect(p.columns(4).map((c) => [c.min, c.max])).toEqual([
      [1, 1],
      [Infinity, -Infinity],
      [Infinity, -Infinity],
      [2, 2],
    ]);
    p.clear();
    expect(p.length).toBe(0);
    expect(p.columns(4)).toEqual([]);
  });
});

describe('step axes', () => {
  it('stepColumn inverts axisStep: each boundary step lands in the column it starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 1, max: 10_000_000 }), (w, end) => {
        for (const axis of ['linear', 'log'] as const)
          for (let c = 0; c < w; c++) {
            const s = axisStep(axis, c, w, end);
            const mid = axisStep(axis, c + 0.5, w, end);
            expect(stepColumn(axis, mid, w, end)).toBe(c);
            expect(s).toBeLessThanOrEqual(mid);
          }
      }),
      { numRuns: 50 },
    );
    expect(axisStep('log', 30, 60, 999)).toBeCloseTo(Math.sqrt(1000) - 1, 9);
  });
});

describe('QuantityStore: the recent window', () => {
  it("columns are min/max over every observed step, samples or not (oracle: the full array)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.boolean(), value), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 30 }),
        (cap, events, w) => {
          const q = new QuantityStore(cap, 16);
          const r = q.recent;
          const values = new Map<number, number[]>();
          events.forEach(([isSample, v], step) => {
            values.set(step, [v]);
            if (isSample) q.sample(step, v);
            else q.observe(step, v);
          });
          const cols = r.columns(w);
          expect(cols).toHaveLength(Math.min(w, r.length));
          for (const c of cols) expect([c.min, c.max]).toEqual(oracle(values, c.from, c.to));
          for (let i = 1; i < cols.length; i++) expect(cols[i].from).toBe(cols[i - 1].to);
          if (cols.length) expect(cols[cols.length - 1].to).toBe(r.steps.at(r.length - 1) + 1);
          // The newest `last` samples only: the same columns as a window that held only those.
          const last = Math.max(1, Math.floor(r.length / 2));
          const newest = r.columns(w, last);
          expect(newest).toHaveLength(Math.min(w, last, r.length));
          for (const c of newest) expect([c.min, c.max]).toEqual(oracle(values, c.from, c.to));
          if (newest.length) expect(newest[0].from).toBe(r.froms.at(r.length - last));
        },
      ),
      { numRuns: 300 },
    );
  });
});
