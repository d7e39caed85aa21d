import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/engine/model.js';
import { SCENARIO_DIR } from '../../src/scenario/builtins.js';
import { loadScenarioFile, parseScenario } from '../../src/scenario/load.js';
import { Pair } from '../../src/session/pair.js';

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

function scenario(body: string) {
  return parseScenario(`title: test\nsummary: test\n${body}`, 'inline.yaml');
}

describe("the paper's example: x = u + b, x̂ = x − E[x] (§2)", () => {
  const s = loadScenarioFile(join(SCENARIO_DIR, 'paper-bias.yaml'));
  const pair = new Pair(s);
  const eta = s.training.learningRate;
  const ybar = mean(pair.data.y);
  const b0 = s.model.bias.init;
  const first = pair.states();

  it('has targets with a non-zero mean (otherwise nothing would drift)', () => {
    expect(Math.abs(ybar)).toBeGreaterThan(0.1);
  });

  it('naive b_t = b_0 + t·η·ȳ, backprop ∂L/∂b = 0, and neither loss moves, for 1000 steps', () => {
    for (let t = 0; t <= 1000; t++) {
      const { naive, backprop } = pair.states();
      expect(naive.step).toBe(t);
      expect(rel(naive.b, b0 + t * eta * ybar)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(backprop.gradB)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(backprop.b - b0)).toBeLessThanOrEqual(1e-12);
      expect(rel(naive.loss, first.naive.loss)).toBeLessThanOrEqual(1e-12);
      expect(rel(backprop.loss, first.backprop.loss)).toBeLessThanOrEqual(1e-12);
      pair.advance(1);
    }
  });

  it('the naive gradient for b is −ȳ: the push the re-centring cancels', () => {
    expect(rel(first.naive.gradB, -ybar)).toBeLessThanOrEqual(1e-12);
  });
});

describe('x = w·u + b with ū ≠ 0, centred: where each rule sends w', () => {
  const s = scenario(`
seed: 5
data: {n: 48, u: {dist: normal, mean: 1.5, std: 1}, y: {slope: 0.8, intercept: 1.2, noise: 0.3}}
model: {weight: {init: 0.1, learn: true}, bias: {init: 0, learn: true}, normalize: center}
training: {learningRate: 0.3, steps: 400}`);
  const pair = new Pair(s);
  const u = Array.from(pair.data.u);
  const y = Array.from(pair.data.y);
  const ubar = mean(u);
  const ybar = mean(y);
  const varU = mean(u.map((v) => (v - ubar) ** 2));
  const eUY = mean(u.map((v, i) => v * y[i]));
  const covUY = eUY - ubar * ybar;
  pair.advance(400);
  const { naive, backprop } = pair.states();

  it('naive w → E[uy]/Var(u)', () => {
    expect(rel(naive.w[0], eUY / varU)).toBeLessThanOrEqual(1e-9);
  });
  it('backprop w → Cov(u,y)/Var(u)', () => {
    expect(rel(backprop.w[0], covUY / varU)).toBeLessThanOrEqual(1e-9);
  });
  it('the naive loss plateaus above backprop’s by ½(ū·ȳ)²/Var(u)', () => {
    expect(rel(naive.loss - backprop.loss, (0.5 * (ubar * ybar) ** 2) / varU)).toBeLessThanOrEqual(1e-9);
  });
});

describe('standardize with ε = 0: scale invariance', () => {
  it('backprop’s gradient for a scalar w is 0', () => {
    const pair = new Pair(
      scenario(`
data: {n: 32, u: {dist: normal, mean: 0.5, std: 2}, y: {slope: 3, intercept: 0.5, noise: 0.5}}
model: {weight: {init: 0.7}, normalize: standardize}`),
    );
    for (let t = 0; t < 50; t++) {
      const st = pair.backprop.state();
      expect(Math.abs(st.gradW[0])).toBeLessThanOrEqual(1e-12);
      pair.advance(1);
    }
  });

  it('for a vector w, w·g = 0 at every step', () => {
    const pair = new Pair(
      scenario(`
data: {n: 40, dims: 3, u: {dist: normal, mean: 0.2, std: 1}, y: {slope: [1, -2, 0.5], intercept: 0.3, noise: 0.4}}
model: {weight: {init: [0.5, 1, -0.3]}, normalize: standardize}
training: {learningRate: 0.2}`),
    );
    for (let t = 0; t < 100; t++) {
      const st = pair.backprop.state();
      const dot = st.w.reduce((s, wk, k) => s + wk * st.gradW[k], 0);
      const wNorm = Math.hypot(...st.w);
      const gNorm = Math.hypot(...st.gradW);
      // g is a difference of terms the size of the loss, so its round-off is about 1e-16·L
      // however small g becomes: by step 100 ‖g‖ ≈ 2e-7·L, and w·g is round-off at 1e-9·‖w‖‖g‖.
      // The bound allows 1e-9 of ‖w‖‖g‖, or of ‖w‖·1e-4·L once g is that small.
      expect(Math.abs(dot)).toBeLessThanOrEqual(1e-9 * wNorm * Math.max(gNorm, 1e-4 * st.loss));
      if (t === 0) expect(wNorm * gNorm).toBeGreaterThan(1e-3); // g itself is not zero: only its radial part is
      pair.advance(1);
    }
  });

  it('naive scalar w follows w_{t+1} = w_t − η·Q_t/w_t, Q = Σᵢ (∂L/∂x̂ᵢ)·x̂ᵢ', () => {
    // ū = 0 exactly, and b does not learn: then ∂L/∂w = Q/w with nothing else mixed in.
    const u = [-2.5, -1.5, -1, -0.25, 0.25, 1, 1.5, 2.5];
    const y = [-4, -2.2, -1.9, -0.1, 0.8, 1.4, 3.3, 3.9];
    const eta = 0.05;
    const pair = new Pair(
      scenario(`
data: {u: [${u}], y: [${y}]}
model: {weight: {init: 1.3}, bias: {init: 0, learn: false}, normalize: standardize}
training: {learningRate: ${eta}}`),
    );
    let w = 1.3;
    for (let t = 0; t < 200; t++) {
      // x̂ computed here from u alone: standardizing w·u removes w's magnitude, keeps its sign.
      const uMean = mean(u);
      const sd = Math.sqrt(mean(u.map((v) => (v - uMean) ** 2)));
      const xhat = u.map((v) => (Math.sign(w) * (v - uMean)) / sd);
      const Q = xhat.reduce((s, xh, i) => s + ((xh - y[i]) / u.length) * xh, 0);
      w = w - (eta * Q) / w;
      pair.advance(1);
      expect(rel(pair.naive.state().w[0], w)).toBeLessThanOrEqual(1e-9);
    }
    expect(Math.abs(w)).toBeGreaterThan(1.3); // these targets are larger than unit scale: |w| grows
  });
});

describe('tanh before centring: the cancellation is no longer exact', () => {
  it('g_naive − g_backprop for b = −ȳ·mean(θ′(w·u + b)) at every step', () => {
    const s = scenario(`
data: {n: 30, u: {dist: normal, mean: 0.3, std: 1}, y: {slope: 1, intercept: 0.9, noise: 0.2}}
model: {weight: {init: 0.8}, bias: {init: 0.1}, activation: tanh, normalize: center}
training: {learningRate: 0.2}`);
    const pair = new Pair(s);
    const u = Array.from(pair.data.u);
    const ybar = mean(pair.data.y);
    const probe = new Network(pair.naive.spec.arch, { w: [0], b: 0 }, pair.data.n);
    const all = Int32Array.from({ length: pair.data.n }, (_, i) => i);
    for (let t = 0; t < 300; t++) {
      // Both rules evaluated at the naive trajectory's own parameters.
      const st = pair.naive.state();
      probe.params.w[0] = st.w[0];
      probe.params.b = st.b;
      probe.forward(pair.data, all, pair.data.n);
      probe.backward(pair.data, all, pair.data.n, 'backprop');
      const gBackprop = probe.grads.b;
      const slope = mean(u.map((ui) => 1 - Math.tanh(st.w[0] * ui + st.b) ** 2));
      expect(st.gradB - gBackprop).toBeCloseTo(-ybar * slope, 12);
      pair.advance(1);
    }
    // and the naive bias did drift, pushing the unit toward saturation
    expect(pair.naive.state().b).toBeGreaterThan(1);
  });
});
