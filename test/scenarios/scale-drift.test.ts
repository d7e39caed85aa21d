import { describe, expect, it } from 'vitest';
import { builtin, covariance, mean, run, variance, worst } from './helpers.js';

/**
 * x = w·u standardized (scalar w, b fixed): x̂ = sign(w)·(u − ū)/σᵤ whatever |w| is, so the loss
 * is frozen and, through the statistics, ∂L/∂w = 0. Holding E[x], Var[x] constant (s = |w|·σᵤ)
 * the naive gradient is mean((x̂ − y)·u)/s, and w·∂L/∂w = 1 − sign(w)·E[uy]/σᵤ. Writing
 * Q = Σᵢ(∂L/∂x̂ᵢ)·x̂ᵢ = 1 − sign(w)·Cov(u,y)/σᵤ, that is Q − sign(w)·ū·ȳ/σᵤ: the paper's
 * w ← w − ηQ/w when ū·ȳ contributes nothing, and here, with ū·ȳ ≠ 0, including it.
 */
describe('scale-drift', () => {
  const s = builtin('scale-drift');
  const eta = s.training.learningRate;
  const steps = s.training.steps;
  const r = run(s, steps);
  const u = r.u.map((row) => row[0]);
  const { y } = r;
  const uBar = mean(u);
  const yBar = mean(y);
  const sigma = Math.sqrt(variance(u));
  const Euy = mean(u.map((ui, i) => ui * y[i]));
  /** x̂ and Q at weight w, from the data alone. */
  const xhat = (w: number) => u.map((ui) => (w * ui - w * uBar) / (Math.abs(w) * sigma));
  const Q = (w: number) => {
    const xh = xhat(w);
    return xh.reduce((acc, x, i) => acc + ((x - y[i]) / y.length) * x, 0);
  };
  const w0 = r.naive[0].w[0];

  it('is scalar w, standardized, b not learned, targets larger than unit scale (E[uy]/σ > 1)', () => {
    expect(s.data.dims).toBe(1);
    expect(s.model.normalize).toBe('standardize');
    expect(s.model.bias.learn).toBe(false);
    expect(Euy / sigma).toBeGreaterThan(2);
  });

  it('naive: w_{t+1} = w_t − η·(Q_t − sign(w_t)·ū·ȳ/σ)/w_t every step, Q_t computed from x̂_t (1e-9)', () => {
    const w = worst(
      r.naive.slice(0, -1).map((st, t) => {
        const wt = st.w[0];
        return { got: r.naive[t + 1].w[0], want: wt - (eta * (Q(wt) - (Math.sign(wt) * uBar * yBar) / sigma)) / wt };
      }),
    );
    expect(w.error, `worst at step ${w.at}`).toBeLessThan(1e-9);
  });

  it('so w² grows by 2η·(E[uy]/σ − 1) + (η·(E[uy]/σ − 1)/w)² a step: |w| grows without bound', () => {
    const k = Euy / sigma - 1;
    for (let t = 1; t <= steps; t++) {
      const w2 = r.naive[t].w[0] ** 2;
      expect(w2).toBeGreaterThanOrEqual(w0 * w0 + 2 * eta * k * t - 1e-9);
      expect(w2).toBeLessThanOrEqual(w0 * w0 + (2 * eta * k + (eta * k) ** 2 / (w0 * w0)) * t + 1e-9);
    }
  });

  it('naive loss is frozen while w moves: it depends on sign(w) only', () => {
    const L = 0.5 * (1 - (2 * covariance(u, y)) / sigma + mean(y.map((v) => v * v)));
    const w = worst(r.naive.map((st) => ({ got: st.loss, want: L })));
    expect(w.error, `worst at step ${w.at}`).toBeLessThan(1e-9);
  });

  it("backprop's gradient for w is 0 (scale invariance): w stays at its initial value", () => {
    for (const st of r.backprop) {
      expect(Math.abs(st.gradW[0])).toBeLessThan(1e-12);
      expect(Math.abs(st.w[0] - w0)).toBeLessThan(1e-12);
    }
  });

  it('is visible within 300 steps: naive |w| above 20 (from 1), loss unchanged', () => {
    expect(Math.abs(r.naive[300].w[0])).toBeGreaterThan(20);
    expect(Math.abs(r.naive[300].loss - r.naive[0].loss)).toBeLessThan(1e-12);
  });
});
