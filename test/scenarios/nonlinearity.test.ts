import { describe, expect, it } from 'vitest';
import { builtin, gradientAt, mean, run, worst } from './helpers.js';

/**
 * x = tanh(w·u + b), centred, only b learned. With g = ∂L/∂x̂ = (x̂ − y)/N and θ′ = tanh′:
 *   naive    ∂L/∂b = Σᵢ gᵢ·θ′(zᵢ)
 *   backprop ∂L/∂b = Σᵢ (gᵢ − mean g)·θ′(zᵢ)
 * and mean g = −ȳ/N (x̂ sums to 0), so naive − backprop = −ȳ·mean(θ′(z)) at any parameters: the
 * paper's −ȳ, weighted by how linear the unit still is. The cancellation is no longer exact,
 * yet the naive b still drifts, the unit saturates, and the loss rises.
 */
describe('nonlinearity (tanh)', () => {
  const s = builtin('nonlinearity');
  const steps = 300;
  const r = run(s, 1000);
  const u = r.u.map((row) => row[0]);
  const { y } = r;
  const N = y.length;
  const yBar = mean(y);
  const w = s.model.weight.init as number;
  const slope = (z: number) => 1 - Math.tanh(z) ** 2;
  /** x̂ and the loss at bias b, from the data alone. */
  const xhatAt = (b: number) => {
    const x = u.map((ui) => Math.tanh(w * ui + b));
    const m = mean(x);
    return x.map((v) => v - m);
  };
  const lossAt = (b: number) => mean(xhatAt(b).map((v, i) => 0.5 * (v - y[i]) ** 2));
  const naiveGradAt = (b: number) => xhatAt(b).reduce((acc, v, i) => acc + ((v - y[i]) / N) * slope(w * u[i] + b), 0);

  it('is tanh before centring, w fixed, ȳ ≠ 0', () => {
    expect(s.model.activation).toBe('tanh');
    expect(s.model.normalize).toBe('center');
    expect(s.model.weight.learn).toBe(false);
    expect(yBar).toBeGreaterThan(0.5);
  });

  it('the naive gradient is Σ gᵢ·tanh′(zᵢ) at every step (hand formula, 1e-9)', () => {
    const e = worst(r.naive.map((st) => ({ got: st.gradB, want: naiveGradAt(st.b) })));
    expect(e.error, `worst at step ${e.at}`).toBeLessThan(1e-9);
  });

  it('naive − backprop gradient = −ȳ·mean(tanh′(z)) at the naive parameters, every step (1e-9)', () => {
    const e = worst(
      r.naive.map((st) => {
        const bp = gradientAt(r, 'backprop', st.w, st.b).b;
        return { got: st.gradB - bp, want: -yBar * mean(u.map((ui) => slope(w * ui + st.b))) };
      }),
    );
    expect(e.error, `worst at step ${e.at}`).toBeLessThan(1e-9);
  });

  it('naive b drifts up, the unit saturates and the naive loss rises every step', () => {
    for (let t = 1; t <= steps; t++) {
      expect(r.naive[t].b).toBeGreaterThan(r.naive[t - 1].b);
      expect(r.naive[t].loss).toBeGreaterThanOrEqual(r.naive[t - 1].loss - 1e-12);
    }
    const b = r.naive[steps].b;
    expect(b).toBeGreaterThan(2);
    const saturation = (bias: number) => mean(u.map((ui) => slope(w * ui + bias)));
    expect(saturation(b)).toBeLessThan(0.2 * saturation(r.naive[0].b));
    expect(r.naive[steps].loss - r.naive[0].loss).toBeGreaterThan(0.25);
    // Toward ½E[y²], the loss of an output that no longer varies.
    expect(r.naive[steps].loss).toBeLessThan(0.5 * mean(y.map((v) => v * v)));
  });

  it('backprop settles at a minimum of the loss and stays: gradient 0, L(b ± h) ≥ L(b)', () => {
    expect(Math.abs(r.backprop[steps].gradB)).toBeLessThan(1e-6);
    const end = r.backprop.length - 1;
    const b = r.backprop[end].b;
    expect(Math.abs(r.backprop[end].gradB)).toBeLessThan(1e-12);
    expect(Math.abs(b - r.backprop[0].b)).toBeLessThan(0.1);
    for (const h of [1e-3, 0.1, 0.5, 2]) {
      expect(lossAt(b + h)).toBeGreaterThanOrEqual(lossAt(b));
      expect(lossAt(b - h)).toBeGreaterThanOrEqual(lossAt(b));
    }
    expect(Math.abs(r.backprop[end].loss - lossAt(b))).toBeLessThan(1e-12);
    // Never above where it started: it went downhill to the optimum, and the naive went uphill.
    for (const st of r.backprop) expect(st.loss).toBeLessThanOrEqual(r.backprop[0].loss + 1e-12);
  });
});
