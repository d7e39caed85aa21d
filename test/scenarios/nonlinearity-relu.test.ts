import { describe, expect, it } from 'vitest';
import { builtin, gradientAt, mean, run } from './helpers.js';

/**
 * x = relu(u + b), centred, b learned, starting where every example is active. There the ReLU is
 * the identity and the naive step is the paper's, b_{t+1} = b_t + η·ȳ (here ȳ < 0: b falls) with
 * the loss frozen. As examples switch off, naive − backprop = −ȳ·mean(relu′(z)) = −ȳ·(active
 * fraction), the loss rises, and once z ≤ 0 for every example x ≡ 0: every gradient is 0 and the
 * unit is dead for good, at the loss ½E[y²]. Backprop's gradient for b is 0 while all are active.
 */
describe('nonlinearity-relu', () => {
  const s = builtin('nonlinearity-relu');
  const eta = s.training.learningRate;
  const steps = 400;
  const r = run(s, steps);
  const u = r.u.map((row) => row[0]);
  const { y } = r;
  const yBar = mean(y);
  const b0 = s.model.bias.init as number;
  const allActive = (b: number) => Math.min(...u) + b > 0;
  const dead = (b: number) => Math.max(...u) + b <= 0;

  it('is relu before centring, w = 1 fixed, ȳ < 0, starting with every example active', () => {
    expect(s.model.activation).toBe('relu');
    expect(s.model.weight).toEqual({ init: 1, learn: false });
    expect(yBar).toBeLessThan(-1);
    expect(allActive(b0)).toBe(true);
  });

  it('while every example is active: b_{t+1} = b_t + η·ȳ and the loss is frozen (1e-9)', () => {
    let t = 0;
    for (; allActive(r.naive[t].b); t++) {
      expect(Math.abs(r.naive[t + 1].b - (r.naive[t].b + eta * yBar))).toBeLessThan(1e-9);
      expect(Math.abs(r.naive[t].loss - r.naive[0].loss)).toBeLessThan(1e-9);
    }
    expect(t).toBeGreaterThanOrEqual(5);
  });

  it('naive − backprop gradient = −ȳ·(fraction of active examples) at every step (1e-9)', () => {
    for (const st of r.naive) {
      const bp = gradientAt(r, 'backprop', st.w, st.b).b;
      const active = mean(u.map((ui) => (ui + st.b > 0 ? 1 : 0)));
      expect(Math.abs(st.gradB - bp - -yBar * active)).toBeLessThan(1e-9);
    }
  });

  it('the naive unit dies within 200 steps and stays dead: gradient 0, loss ½E[y²]', () => {
    const diedAt = r.naive.findIndex((st) => dead(st.b));
    expect(diedAt).toBeGreaterThan(0);
    expect(diedAt).toBeLessThanOrEqual(200);
    const halfEy2 = 0.5 * mean(y.map((v) => v * v));
    for (const st of r.naive.slice(diedAt)) {
      expect(st.gradB).toBe(0);
      expect(st.b).toBe(r.naive[diedAt].b);
      expect(Math.abs(st.loss - halfEy2)).toBeLessThan(1e-12);
    }
    expect(halfEy2 - r.naive[0].loss).toBeGreaterThan(0.4);
  });

  it("backprop's gradient for b is 0: b stays where every example is active, the loss unchanged", () => {
    for (const st of r.backprop) {
      expect(Math.abs(st.gradB)).toBeLessThan(1e-12);
      expect(Math.abs(st.b - b0)).toBeLessThan(1e-12);
      expect(Math.abs(st.loss - r.backprop[0].loss)).toBeLessThan(1e-12);
    }
  });
});
