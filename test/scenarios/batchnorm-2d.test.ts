import { describe, expect, it } from 'vitest';
import { builtin, dot, mean, run } from './helpers.js';

/**
 * Two inputs, z = w·u + b standardized, out = γ·x̂ + β. The loss is unchanged by w → c·w, so
 * (Euler) w·∇w L = 0: backprop's gradient is perpendicular to w and each step only lengthens
 * it, ‖w_{t+1}‖² = ‖w_t‖² + η²‖g_t‖². Holding E[z] and σ constant instead, with r = out − y:
 *   naive ∇w = (γ/σ)·mean(r·u),   w·∇w = γ·mean(r·x̂) + γ·(w·ū/σ)·mean(r) = γ·∂L/∂γ + γ·(w·ū/σ)·∂L/∂β,
 * positive while γ is larger than the targets want: the naive step shrinks w too, and the
 * standardization undoes it, until ‖w‖ is near 0 and the 1/σ step throws it far away.
 */
describe('batchnorm-2d', () => {
  const s = builtin('batchnorm-2d');
  const eta = s.training.learningRate;
  const steps = 300;
  const r = run(s, steps);
  const { u, y } = r;
  const norm = (v: readonly number[]) => Math.sqrt(dot(v, v));
  const uBar = [0, 1].map((k) => mean(u.map((row) => row[k])));

  /** The forward pass and the naive gradients at a state, from the data alone. */
  function byHand(st: { w: number[]; b: number; gamma: number; beta: number }) {
    const z = u.map((row) => dot(st.w, row) + st.b);
    const mu = mean(z);
    const sigma = Math.sqrt(mean(z.map((v) => (v - mu) ** 2)));
    const xhat = z.map((v) => (v - mu) / sigma);
    const res = xhat.map((v, i) => st.gamma * v + st.beta - y[i]);
    const gradGamma = mean(res.map((v, i) => v * xhat[i]));
    const gradBeta = mean(res);
    const naiveW = [0, 1].map((k) => (st.gamma / sigma) * mean(res.map((v, i) => v * u[i][k])));
    return { sigma, gradGamma, gradBeta, naiveW, loss: mean(res.map((v) => 0.5 * v * v)) };
  }

  it('is two inputs, standardized, with γ and β', () => {
    expect(s.data.dims).toBe(2);
    expect(s.model.normalize).toBe('standardize');
    expect(s.model.affine).toBe(true);
    expect(s.model.epsilon).toBe(0);
  });

  it("backprop's gradient is perpendicular to w at every step: w·g = 0 to 1e-9 of ‖w‖·‖g‖", () => {
    for (const st of r.backprop) {
      const scale = norm(st.w) * norm(st.gradW);
      expect(Math.abs(dot(st.w, st.gradW))).toBeLessThanOrEqual(1e-9 * scale);
      expect(Math.abs(st.gradB)).toBeLessThan(1e-12);
    }
  });

  it("so backprop's ‖w‖² never decreases: ‖w_{t+1}‖² = ‖w_t‖² + η²‖g_t‖²", () => {
    for (let t = 0; t < steps; t++) {
      const before = dot(r.backprop[t].w, r.backprop[t].w);
      const after = dot(r.backprop[t + 1].w, r.backprop[t + 1].w);
      const g2 = dot(r.backprop[t].gradW, r.backprop[t].gradW);
      expect(after).toBeGreaterThanOrEqual(before);
      expect(Math.abs(after - before - eta * eta * g2)).toBeLessThanOrEqual(1e-12 * before);
    }
  });

  it('naive gradients are the hand formulas, and w·∇w = γ·∂L/∂γ + γ(w·ū/σ)·∂L/∂β (1e-9)', () => {
    for (const st of r.naive) {
      const h = byHand(st);
      expect(Math.abs(st.loss - h.loss)).toBeLessThan(1e-9);
      expect(Math.abs(st.gradGamma - h.gradGamma)).toBeLessThan(1e-9);
      expect(Math.abs(st.gradBeta - h.gradBeta)).toBeLessThan(1e-9);
      for (const k of [0, 1]) expect(Math.abs(st.gradW[k] - h.naiveW[k])).toBeLessThan(1e-9 * Math.max(1, norm(h.naiveW)));
      const radial = st.gamma * h.gradGamma + ((st.gamma * dot(st.w, uBar)) / h.sigma) * h.gradBeta;
      expect(Math.abs(dot(st.w, st.gradW) - radial)).toBeLessThan(1e-9 * Math.max(1, norm(st.w) * norm(st.gradW)));
    }
  });

  it('naive ‖w‖ collapses: it shrinks every step while γ is too large, to under 5% of its start', () => {
    const lengths = r.naive.map((st) => norm(st.w));
    const collapse = lengths.findIndex((l) => l < 0.05 * lengths[0]);
    expect(collapse).toBeGreaterThan(0);
    expect(collapse).toBeLessThan(120);
    for (let t = 1; t < 60; t++) expect(lengths[t]).toBeLessThan(lengths[t - 1]);
    // Meanwhile backprop's, from the same start, has not shrunk at all.
    expect(norm(r.backprop[collapse].w)).toBeGreaterThanOrEqual(lengths[0]);
  });

  it('with loss spikes: near ‖w‖ = 0 a naive step throws w out, the loss jumps ≥ 10× backprop\'s', () => {
    const spike = r.naive.findIndex((st, t) => t > 0 && st.loss > 10 * r.backprop[t].loss && st.loss > 5 * r.naive[t - 1].loss);
    expect(spike).toBeGreaterThan(0);
    expect(spike).toBeLessThan(150);
    // Afterwards it is left far from where it should be: still several times backprop's loss.
    expect(r.naive[steps].loss).toBeGreaterThan(3 * r.backprop[steps].loss);
  });
});
