import { describe, expect, it } from 'vitest';
import { builtin, covariance, mean, run, variance } from './helpers.js';

/**
 * x = w·u standardized, targets weakly correlated with u: c = E[uy]/σᵤ has |c| < 1. The loss
 * takes two values, L± = ½(1 ∓ 2·Cov(u,y)/σᵤ + E[y²]) for sign(w) = ±1, and the naive step is
 * w ← w − η·(1 − sign(w)·c)/w: always toward 0, and past it when |w| is small, since the step
 * grows like 1/w. "The model blows up" (§2): collapses, jumps, sign flips, a loss that toggles.
 */
describe('scale-blowup', () => {
  const s = builtin('scale-blowup');
  const eta = s.training.learningRate;
  const steps = s.training.steps;
  const r = run(s, steps);
  const u = r.u.map((row) => row[0]);
  const { y } = r;
  const sigma = Math.sqrt(variance(u));
  const c = mean(u.map((ui, i) => ui * y[i])) / sigma;
  const Ey2 = mean(y.map((v) => v * v));
  const level = (sign: number) => 0.5 * (1 - (2 * sign * covariance(u, y)) / sigma + Ey2);
  const naiveW = r.naive.map((st) => st.w[0]);
  const flips = naiveW.slice(1).filter((w, t) => Math.sign(w) !== Math.sign(naiveW[t])).length;

  it('has weakly correlated targets: |E[uy]|/σ < 1, so every naive step points toward 0', () => {
    expect(Math.abs(c)).toBeLessThan(1);
    expect(Math.abs(c)).toBeGreaterThan(0.2); // and the two loss levels are far apart
  });

  it('naive: w_{t+1} = w_t − η(1 − sign(w_t)·E[uy]/σ)/w_t every step (1e-9 of the terms)', () => {
    let worstErr = 0;
    for (let t = 0; t < steps; t++) {
      const w = naiveW[t];
      const step = (eta * (1 - Math.sign(w) * c)) / w;
      // Relative to the larger term: near w = 0 the two nearly cancel, and only they are exact.
      const err = Math.abs(naiveW[t + 1] - (w - step)) / Math.max(Math.abs(w), Math.abs(step));
      worstErr = Math.max(worstErr, err);
    }
    expect(worstErr).toBeLessThan(1e-9);
  });

  it('the naive loss is always one of the two levels L±, chosen by sign(w)', () => {
    for (let t = 0; t <= steps; t++)
      expect(Math.abs(r.naive[t].loss - level(Math.sign(naiveW[t])))).toBeLessThan(1e-9);
    expect(level(-1) - level(1)).toBeGreaterThan(0.5);
  });

  it('is visible within 300 steps: the first flip before step 60, ten flips, a jump past |w| = 3', () => {
    const first = naiveW.findIndex((w) => w < 0);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(60);
    const flips300 = naiveW.slice(1, 301).filter((w, t) => Math.sign(w) !== Math.sign(naiveW[t])).length;
    expect(flips300).toBeGreaterThanOrEqual(10);
    expect(Math.max(...naiveW.slice(0, 301).map(Math.abs))).toBeGreaterThan(3);
    expect(flips).toBeGreaterThanOrEqual(flips300);
  });

  it("backprop's gradient for w is 0: w stays at 2 and the loss at the lower level", () => {
    for (const st of r.backprop) {
      expect(Math.abs(st.gradW[0])).toBeLessThan(1e-12);
      expect(Math.abs(st.w[0] - 2)).toBeLessThan(1e-12);
      expect(Math.abs(st.loss - level(1))).toBeLessThan(1e-9);
    }
  });
});
