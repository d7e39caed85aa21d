import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '../../src/session/history.js';
import { seriesValue } from '../../src/session/history.js';
import { Pair, RULES } from '../../src/session/pair.js';
import { everyStepKeys, WholeRun } from '../../src/session/whole-run.js';
import { builtin } from '../scenarios/helpers.js';
import { NAIVE_DIVERGES, scenario } from './helpers.js';
import type { Scenario } from '../../src/scenario/schema.js';

const KEYS: SeriesKey[] = ['bias', 'meanX', 'varX', 'xhatProbe', 'loss', 'gradB', 'weight', 'gamma', 'beta'];
const N = 300;

/**
 * Oracle: a second pair stepped one update at a time, with Trainer.state() at every step; the
 * store's level-0 columns (capacity ≥ the run, one column per step) must hold those values.
 */
function check(s: Scenario): void {
  const pair = new Pair(s);
  const ref = new Pair(s);
  const run = new WholeRun(KEYS, pair, { pyramidCapacity: 512 });
  run.sample(0, pair.states());
  const expected = new Map<string, number[]>();
  for (let t = 0; t <= N; t++) {
    const st = ref.states();
    for (const rule of RULES) for (const k of KEYS) expected.set(`${rule}.${k}`, [...(expected.get(`${rule}.${k}`) ?? []), seriesValue(st[rule], k)]);
    if (t < N) ref.advance(1);
  }
  // Chunks of odd sizes with samples between, as the live session's run loop does.
  let t = 0;
  for (const k of [1, 7, 50, 3, 100, 139]) {
    run.advance(pair, k);
    t += k;
    if (k !== 139) run.sample(t, pair.states());
  }
  run.sample(N, pair.states());
  expect(pair.step).toBe(N);
  // Advancing through the store trains exactly as Pair.advance does.
  expect(pair.states()).toEqual(ref.states());
  const every = everyStepKeys(pair.naive);
  for (const rule of RULES)
    for (const key of KEYS) {
      const cols = run.store(rule, key).run.columns(N + 1);
      const want = expected.get(`${rule}.${key}`)!;
      const sampled = new Set([0, 1, 8, 58, 61, 161, N]);
      cols.forEach((c, step) => {
        expect(c).toMatchObject({ from: step, to: step + 1 });
        const v = want[step];
        // A diverged model no longer prepares: its stale loss and statistics are not read.
        const stale = ['loss', 'meanX', 'varX'].includes(key) && (ref[rule].divergedAt ?? Infinity) <= step;
        if (sampled.has(step) || (every.has(key) && !stale)) {
          if (Number.isFinite(v)) expect([c.min, c.max], `${rule} ${key} step ${step}`).toEqual([v, v]);
        } else expect([c.min, c.max], `${rule} ${key} step ${step}: not covered, a gap`).toEqual([Infinity, -Infinity]);
      });
    }
}

describe('WholeRun: every step, not only samples', () => {
  it('full batch (paper-bias): b, w, γ, β, ∂L/∂b, loss, E[x], Var[x] at every step equal Trainer.state()', () => {
    check(builtin('paper-bias'));
    expect([...everyStepKeys(new Pair(builtin('paper-bias')).naive)].sort()).toEqual(['bias', 'gradB', 'loss', 'meanX', 'varX']);
  });

  it('minibatch: the parameters and the gradient at every step; the full-set loss and statistics at samples', () => {
    check(builtin('minibatch'));
    expect([...everyStepKeys(new Pair(builtin('minibatch')).naive)].sort()).toEqual(['bias', 'gradB']);
  });

  it('a model that diverges: the stored steps still equal Trainer.state(), non-finite ones are gaps', () => {
    const s = scenario(NAIVE_DIVERGES);
    check(s);
    check(builtin('batchnorm-2d'));
    const pair = new Pair(s);
    const run = new WholeRun(['loss'], pair);
    run.advance(pair, 20);
    run.sample(20, pair.states());
    expect(run.store('naive', 'loss').run.firstNonFinite).toBeGreaterThanOrEqual(0);
  });

  it('the recent window spans what was observed between samples', () => {
    const pair = new Pair(builtin('paper-bias'));
    const run = new WholeRun(['bias'], pair);
    run.sample(0, pair.states());
    run.advance(pair, 1000);
    run.sample(1000, pair.states());
    const [a, b] = run.store('naive', 'bias').recent.columns(10);
    expect(a).toMatchObject({ from: 0, to: 1 });
    expect(b.from).toBe(1);
    expect(b.to).toBe(1001);
    // b climbs: the column's min is step 1's b, not the sample's.
    expect(b.min).toBeLessThan(b.max);
    expect(b.max).toBe(pair.naive.state().b);
  });
});

describe('WholeRun.rebuild (a seek: re-run from step 0 to t)', () => {
  it('holds what a run that went straight to t holds, whatever it held before, and leaves the pair at t', () => {
    const s = builtin('scale-blowup');
    const straight = new Pair(s);
    const a = new WholeRun(['loss', 'weight', 'xhatProbe'], straight);
    a.sample(0, straight.states());
    for (let t = 0; t < 250; t += 10) {
      a.advance(straight, 10);
      a.sample(straight.step, straight.states());
    }
    // Another run went on to 400 first, then seeks back to 250.
    const other = new Pair(s);
    const b = new WholeRun(['loss', 'weight', 'xhatProbe'], other);
    b.sample(0, other.states());
    b.advance(other, 400);
    b.sample(400, other.states());
    const fresh = new Pair(s);
    const seen: number[] = [];
    b.rebuild(fresh, 250, 10, (step) => seen.push(step));
    expect(fresh.step).toBe(250);
    expect(fresh.states()).toEqual(straight.states());
    expect(seen).toEqual(Array.from({ length: 26 }, (_, i) => i * 10));
    for (const rule of RULES)
      for (const k of ['loss', 'weight', 'xhatProbe'] as const) {
        expect(b.store(rule, k).run.columns(100), `${rule}.${k}`).toEqual(a.store(rule, k).run.columns(100));
        expect(b.store(rule, k).recent.columns(50), `${rule}.${k}`).toEqual(a.store(rule, k).recent.columns(50));
      }
  });
});
