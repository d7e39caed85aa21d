import { describe, expect, it } from 'vitest';
import { builtin, covariance, mean, run, variance, worst } from './helpers.js';

/**
 * x = w·u + b, centred, ū ≠ 0. Holding E[x] constant, ∂L/∂w = mean((x̂ − y)·u) = w·Var u − E[uy];
 * through E[x] it is mean((x̂ − y)·(u − ū)) = w·Var u − Cov(u, y). So the naive w settles at
 * E[uy]/Var u, backprop's at Cov(u, y)/Var u, and since L(w) = ½(w²·Var u − 2w·Cov + E[y²]) is
 * a parabola around backprop's optimum, the naive loss stays ½·Var u·(ū·ȳ/Var u)² above it.
 */
describe('weight-and-bias', () => {
  const s = builtin('weight-and-bias');
  const eta = s.training.learningRate;
  // The file's own numbers, straight from the YAML lists.
  const u = s.data.u as number[];
  const y = s.data.y as number[];
  const uBar = mean(u);
  const yBar = mean(y);
  const varU = variance(u);
  const Euy = mean(u.map((ui, i) => ui * y[i]));
  const cov = covariance(u, y);
  const Ey2 = mean(y.map((v) => v * v));
  const loss = (w: number) => 0.5 * (w * w * varU - 2 * w * cov + Ey2);
  const steps = 2000; // |1 − η·Var u|^2000 = 0.9^2000: converged far below 1e-9
  const r = run(s, steps);
  const last = { naive: r.naive[steps], backprop: r.backprop[steps] };

  it('the summary\'s worked example is right: ū = 3, ȳ = 4, Var u = 2, E[uy] = 13.8, Cov = 1.8', () => {
    expect(uBar).toBe(3);
    expect(yBar).toBe(4);
    expect(varU).toBe(2);
    expect(Euy).toBeCloseTo(13.8, 12);
    expect(cov).toBeCloseTo(1.8, 12);
    expect(loss(Euy / varU)).toBeCloseTo(44.19, 12);
    expect(loss(cov / varU)).toBeCloseTo(8.19, 12);
  });

  it('naive w converges to E[uy]/Var u = 6.9, backprop w to Cov(u,y)/Var u = 0.9 (1e-9)', () => {
    expect(Math.abs(last.naive.w[0] - Euy / varU)).toBeLessThan(1e-9);
    expect(Math.abs(last.backprop.w[0] - cov / varU)).toBeLessThan(1e-9);
  });

  it('the naive loss plateaus ½(ū·ȳ)²/Var u = 36 above backprop\'s (1e-9)', () => {
    const gap = (0.5 * (uBar * yBar) ** 2) / varU;
    expect(gap).toBeCloseTo(36, 12);
    expect(Math.abs(last.naive.loss - last.backprop.loss - gap)).toBeLessThan(1e-9);
    expect(Math.abs(last.backprop.loss - loss(cov / varU))).toBeLessThan(1e-9);
  });

  it('every step, each loss is the closed form L(w) at that step\'s w (b drops out)', () => {
    for (const side of [r.naive, r.backprop]) {
      const w = worst(side.map((st) => ({ got: st.loss, want: loss(st.w[0]) })));
      expect(w.error, `worst at step ${w.at}`).toBeLessThan(1e-9);
    }
  });

  it('naive b still climbs by η·ȳ a step, whatever w does; backprop b stays 0', () => {
    const w = worst(r.naive.map((st, t) => ({ got: st.b, want: t * eta * yBar })));
    expect(w.error, `worst at step ${w.at}`).toBeLessThan(1e-9);
    for (const st of r.backprop) expect(Math.abs(st.b)).toBeLessThan(1e-12);
  });

  it('is visible within 300 steps: naive w within 1e-6 of 6.9, the loss gap within 1e-6 of 36', () => {
    expect(Math.abs(r.naive[300].w[0] - 6.9)).toBeLessThan(1e-6);
    expect(Math.abs(r.naive[300].loss - r.backprop[300].loss - 36)).toBeLessThan(1e-6);
  });
});
