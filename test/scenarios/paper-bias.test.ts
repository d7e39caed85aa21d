import { describe, expect, it } from 'vitest';
import { builtin, mean, run, worst } from './helpers.js';

/**
 * The paper's example (§2): x = u + b, x̂ = x − E[x]. With E[x] held constant the gradient for b
 * is mean(x̂ − y) = −ȳ, so the naive b follows b_t = b_0 + t·η·ȳ exactly, while x̂ (and so the
 * loss) never changes. Through E[x] the gradient is mean(g − mean g) = 0.
 */
describe('paper-bias', () => {
  const s = builtin('paper-bias');
  const steps = s.training.steps;
  const r = run(s, steps);
  const eta = s.training.learningRate;
  const yBar = mean(r.y);
  const b0 = s.model.bias.init as number;
  const u = r.u.map((row) => row[0]);
  const uBar = mean(u);
  // w = 1 and x̂ = u − ū whatever b is: the loss every step should have.
  const frozenLoss = mean(u.map((ui, i) => 0.5 * (ui - uBar - r.y[i]) ** 2));

  it('is the paper\'s set-up: w fixed at 1, centring, targets with ȳ ≠ 0', () => {
    expect(s.model.weight).toEqual({ init: 1, learn: false });
    expect(s.model.normalize).toBe('center');
    expect(s.model.activation).toBe('identity');
    expect(Math.abs(yBar)).toBeGreaterThan(0.5);
  });

  it('naive b climbs linearly: b_t = b_0 + t·η·ȳ to 1e-9', () => {
    const w = worst(r.naive.map((st, t) => ({ got: st.b, want: b0 + t * eta * yBar })));
    expect(w.error, `worst at step ${w.at}`).toBeLessThan(1e-9);
  });

  it('naive x̂ and loss are frozen at their step-0 values', () => {
    const w = worst(r.naive.map((st) => ({ got: st.loss, want: frozenLoss })));
    expect(w.error, `worst at step ${w.at}`).toBeLessThan(1e-9);
    const xhat = worst(r.naive.map((st) => ({ got: st.xhatProbe, want: r.naive[0].xhatProbe })));
    expect(xhat.error).toBeLessThan(1e-9);
  });

  it("backprop's gradient for b is exactly 0 (to rounding), so b stays at b_0", () => {
    for (const st of r.backprop) {
      expect(Math.abs(st.gradB)).toBeLessThan(1e-12);
      expect(Math.abs(st.b - b0)).toBeLessThan(1e-12);
    }
  });

  it('is visible within 300 steps: naive b has moved by more than 20', () => {
    expect(r.naive[300].b - b0).toBeGreaterThan(20);
  });
});
