import type { GradientRule } from '../../src/engine/normalize.js';
import { step, type StepInput, type StepParams } from '../../src/engine/step.js';
import type { Trainer } from '../../src/engine/trainer.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { Pair } from '../../src/session/pair.js';

/** What a trainer is about to do, as step.ts's input: its parameters and the batch update t+1 uses. */
export function inputOf(s: Scenario, t: Trainer): StepInput {
  const { data, spec } = t;
  const batch = t.nextBatch();
  const row = (j: number) => Array.from(data.u.subarray(j * data.dims, (j + 1) * data.dims));
  const p = t.net.params;
  return {
    arch: spec.arch,
    params: { w: Array.from(p.w), b: p.b, gamma: p.gamma, beta: p.beta },
    u: batch.map(row),
    y: batch.map((j) => data.y[j]),
    learningRate: s.training.learningRate,
    learn: spec.learn,
  };
}

/** Below this, near float64's subnormal range, a number keeps too few digits to compare. */
const TINY = 1e-290;

const spec = (t: Trainer) => t.spec.arch;

/**
 * |a − b| against the size of what was summed: a gradient that cancels to ≈ 0 (backprop's ∂L/∂b
 * in the paper's example) is a sum of terms of size ~|∂L/∂zᵢ|, and both codes get it to within
 * a few ulps of those terms, not of the tiny result.
 */
function rel(a: number, b: number, scale: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), scale, TINY);
}

/** Runs a scenario in lockstep, comparing every step of both trainers with step.ts; the worst relative error. */
export function compareRun(s: Scenario, steps: number): { grad: number; params: number; loss: number; checked: number; illConditioned: number } {
  const pair = new Pair(s);
  const worst = { grad: 0, params: 0, loss: 0, checked: 0, illConditioned: 0 };
  for (let t = 0; t < steps; t++) {
    const made: Partial<Record<GradientRule, { params: StepParams; scale: number }>> = {};
    for (const rule of ['naive', 'backprop'] as GradientRule[]) {
      const trainer = pair[rule];
      if (trainer.diverged) continue;
      const input = inputOf(s, trainer);
      const st = step(input);
      const mine = st[rule];
      trainer.prepare();
      if (trainer.diverged) continue;
      const { grads, loss } = trainer.net;
      // Scales to measure errors against: the size of the terms before they cancel. x̂ = x − μ
      // is known to ε·|x| at best (the two codes sum μ in different orders), so an x̂ near 0 is
      // measured against |x|/s; the residual r = out − y against |out| + |y|; the gradients
      // against their summands, θ′ᵢ·γ·rᵢ/(m·s), before backprop subtracts terms of that size.
      const f = st.forward;
      const m = input.u.length;
      // Standardizing an x whose spread is within 1e-6 of its size divides round-off by
      // round-off: s (and x̂) then differ between any two summation orders; so does a variance
      // that underflowed. Not comparable.
      const spread = Math.sqrt(f.sigma2);
      if (spec(trainer).normalize === 'standardize' && !(spread >= 1e-6 * Math.max(...f.x.map(Math.abs)) && f.sigma2 > TINY)) {
        worst.illConditioned++;
        continue;
      }
      const gamma = spec(trainer).affine ? Math.abs(f.out.length ? input.params.gamma : 1) : 1;
      const xs = f.x.map((x, i) => Math.max(Math.abs(f.xhat[i]), Math.abs(x) / f.s));
      const rs = xs.map((x, i) => gamma * x + (spec(trainer).affine ? Math.abs(input.params.beta) : 0) + Math.abs(input.y[i]));
      const dz = Math.max(...rs.map((r, i) => (Math.abs(mine.slope[i]) * gamma * r) / (m * f.s)));
      const uMax = Math.max(1, ...input.u.flat().map(Math.abs));
      worst.loss = Math.max(worst.loss, rel(f.L, loss, Math.max(...rs.map((r) => 0.5 * r * r))));
      const scaleGamma = Math.max(...rs.map((r, i) => r * xs[i])) / m;
      const scaleBeta = Math.max(...rs) / m;
      worst.grad = Math.max(
        worst.grad,
        rel(mine.grad.b, grads.b, dz),
        ...mine.grad.w.map((g, k) => rel(g, grads.w[k], dz * uMax)),
        rel(mine.grad.gamma, grads.gamma, scaleGamma),
        rel(mine.grad.beta, grads.beta, scaleBeta),
      );
      // An update's error is η times its gradient's: measured against the update's scale too.
      made[rule] = { params: mine.params, scale: input.learningRate * Math.max(dz * uMax, scaleGamma, scaleBeta) };
      worst.checked++;
    }
    pair.advance(1);
    for (const rule of ['naive', 'backprop'] as GradientRule[]) {
      const trainer = pair[rule];
      const mine = made[rule];
      if (mine === undefined || trainer.diverged) continue;
      const next = mine.params;
      const p = trainer.net.params;
      // p − η·g is p + (−η·g) to the bit, so the parameters agree to η times the gradient's error.
      const got = [...p.w, p.b, p.gamma, p.beta];
      const want = [...next.w, next.b, next.gamma, next.beta];
      const scale = Math.max(mine.scale, ...got.map(Math.abs));
      worst.params = Math.max(worst.params, ...got.map((g, k) => rel(g, want[k], scale)));
    }
  }
  return worst;
}

