import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleGradient } from '../../src/engine/rule-gradient.js';
import { step, type StepInput } from '../../src/engine/step.js';
import type { Trainer } from '../../src/engine/trainer.js';
import { builtinNames } from '../../src/scenario/builtins.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { Pair } from '../../src/session/pair.js';
import { ViewPair } from '../../src/session/view-pair.js';
import { builtin } from '../scenarios/helpers.js';
import { scenario } from '../session/helpers.js';
import { inputOf } from './compare.js';
import { finiteDifferences, oracleLoss, type OracleConfig } from './oracle.js';

/**
 * The true gradient the live view shows at the naive model's parameters (engine/rule-gradient.ts)
 * against two oracles: the readable step's backprop rule (step.ts) at the same parameters and
 * batch, and central finite differences of the loss over that batch, statistics and all.
 */

/** Below this a number has too few digits to compare (near float64's subnormal range). */
const TINY = 1e-290;

interface Check {
  /** Worst |kernel − step.ts| against the size of the terms summed (as test/engine/compare.ts measures). */
  step: number;
  /** Worst |kernel − finite differences| relative to the gradient (floor 1e-3 per unit of loss). */
  fd: number;
  checked: number;
  fdChecked: number;
}

/**
 * Standardizing an x whose spread is within 1e-6 of its size divides round-off by round-off: s
 * (and x̂) then differ between any two summation orders. Not comparable (compare.ts skips it too).
 */
function illConditioned(input: StepInput): boolean {
  const f = step(input).forward;
  return input.arch.normalize === 'standardize' && !(Math.sqrt(f.sigma2) >= 1e-6 * Math.max(...f.x.map(Math.abs)) && f.sigma2 > TINY);
}

/** Finite differences do not mean much across relu's kink, or where the variance is nearly 0. */
function differentiable(input: StepInput): boolean {
  const f = step(input).forward;
  if (input.arch.activation === 'relu' && f.z.some((z) => Math.abs(z) < 1e-3 * Math.max(1, Math.abs(input.params.b)))) return false;
  return !(input.arch.normalize === 'standardize' && f.sigma2 < 1e-8 * Math.max(1, ...f.x.map((x) => x * x)));
}

/** Compares the naive trainer's true gradient with both oracles, at its current step. */
function check(s: Scenario, naive: Trainer, truth: RuleGradient, worst: Check, withFd: boolean): void {
  const input = inputOf(s, naive); // prepares the step: a diverged model is known after it
  if (naive.diverged || illConditioned(input)) return;
  const got = truth.at('backprop');
  const st = step(input);
  const f = st.forward;
  const want = st.backprop.grad;
  const m = input.u.length;
  const { arch, params } = input;
  // The size of one term of the sum ∂L/∂b = Σ ∂L/∂zᵢ, before backprop's terms cancel: x̂ is known
  // to ε·|x|/s at best, the residual to |out| + |y|, and each term is θ′ᵢ·γ·rᵢ/(m·s).
  const gamma = arch.affine ? Math.abs(params.gamma) : 1;
  const xs = f.x.map((x, i) => Math.max(Math.abs(f.xhat[i]), Math.abs(x) / f.s));
  const rs = xs.map((x, i) => gamma * x + (arch.affine ? Math.abs(params.beta) : 0) + Math.abs(input.y[i]));
  const dz = Math.max(...rs.map((r, i) => (Math.abs(st.backprop.slope[i]) * gamma * r) / (m * f.s)));
  const uMax = Math.max(1, ...input.u.flat().map(Math.abs));
  const rel = (a: number, b: number, scale: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), scale, TINY);
  worst.step = Math.max(worst.step, rel(got.b, want.b, dz), ...want.w.map((g, k) => rel(got.w[k], g, dz * uMax)));
  worst.checked++;
  if (!withFd || !differentiable(input)) return;
  const cfg: OracleConfig = { activation: arch.activation, normalize: arch.normalize, epsilon: arch.epsilon, affine: arch.affine };
  const fd = finiteDifferences((p) => oracleLoss(cfg, p, input.u, input.y), params, false);
  // fd is [∂L/∂w…, ∂L/∂b]: the five-point stencil's error is far below 1e-6 of the gradient.
  const mine = [...got.w, got.b];
  const L = Math.max(f.L, 1e-3);
  worst.fd = Math.max(worst.fd, ...mine.map((g, k) => Math.abs(g - fd[k]) / Math.max(Math.abs(fd[k]), 1e-3 * L)));
  worst.fdChecked++;
}

describe('the true gradient at the naive parameters (engine/rule-gradient.ts)', () => {
  it.each(builtinNames().map((n) => [n] as const))(
    '%s: equals step.ts’s backprop ∂L/∂b and ∂L/∂w to 1e-12 at every step, and finite differences of the batch loss',
    (name) => {
      const s = builtin(name);
      const pair = new Pair(s);
      const truth = new RuleGradient(pair.naive);
      const worst: Check = { step: 0, fd: 0, checked: 0, fdChecked: 0 };
      for (let t = 0; t < s.training.steps; t++) {
        check(s, pair.naive, truth, worst, t % 10 === 0);
        pair.advance(1);
      }
      expect(worst.checked).toBeGreaterThan(s.training.steps / 2);
      expect(worst.fdChecked).toBeGreaterThan(5);
      expect(worst.step).toBeLessThanOrEqual(1e-12);
      expect(worst.fd).toBeLessThanOrEqual(1e-6);
    },
  );

  it('on random scenarios (fast-check): the same two oracles', () => {
    const arb = fc.record({
      seed: fc.nat(10_000),
      dims: fc.constantFrom(1, 2, 3),
      n: fc.integer({ min: 10, max: 40 }),
      activation: fc.constantFrom('identity', 'tanh', 'relu'),
      normalize: fc.constantFrom('center', 'standardize'),
      affine: fc.boolean(),
      epsilon: fc.constantFrom(0, 1e-3),
      learnW: fc.boolean(),
      learnB: fc.boolean(),
      batch: fc.oneof(fc.constant('full' as const), fc.integer({ min: 2, max: 8 })),
      sampling: fc.constantFrom('shuffle', 'replacement'),
      lr: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      bias: fc.double({ min: -3, max: 3, noNaN: true }),
      steps: fc.integer({ min: 0, max: 25 }),
    });
    const worst: Check = { step: 0, fd: 0, checked: 0, fdChecked: 0 };
    fc.assert(
      fc.property(arb, (g) => {
        const w = g.dims === 1 ? '1.3' : `[${[1.3, -0.7, 0.4].slice(0, g.dims).join(', ')}]`;
        const s = scenario(
          `seed: ${g.seed}\ndata: {n: ${g.n}, dims: ${g.dims}, u: {dist: normal, mean: 0.5, std: 1.5}, y: {slope: 1, intercept: 0.8, noise: 0.5}}\n` +
            `model: {weight: {init: ${w}, learn: ${g.learnW}}, bias: {init: ${g.bias}, learn: ${g.learnB}}, activation: ${g.activation}, ` +
            `normalize: ${g.normalize}, epsilon: ${g.epsilon}, affine: ${g.affine}}\n` +
            `training: {learningRate: ${g.lr}, batch: ${g.batch}, sampling: ${g.sampling}}`,
        );
        const pair = new Pair(s);
        const truth = new RuleGradient(pair.naive);
        for (let t = 0; t <= g.steps; t++) {
          check(s, pair.naive, truth, worst, true);
          pair.advance(1);
        }
      }),
      { numRuns: 80, seed: 13 },
    );
    expect(worst.checked).toBeGreaterThan(400);
    expect(worst.fdChecked).toBeGreaterThan(200);
    expect(worst.step).toBeLessThanOrEqual(1e-12);
    expect(worst.fd).toBeLessThanOrEqual(1e-6);
  });

  it("is each rule's own gradient, to the bit, when asked of that rule's trainer", () => {
    for (const name of ['paper-bias', 'minibatch', 'batchnorm-2d']) {
      const pair = new Pair(builtin(name));
      const own = { naive: new RuleGradient(pair.naive), backprop: new RuleGradient(pair.backprop) };
      for (let t = 0; t < 60; t++) {
        for (const rule of ['naive', 'backprop'] as const) {
          const g = own[rule].at(rule);
          pair[rule].prepare();
          expect(g.b, `${name} ${rule} step ${t}`).toBe(pair[rule].net.grads.b);
          expect(g.w).toEqual(Array.from(pair[rule].net.grads.w));
        }
        pair.advance(1);
      }
    }
  });

  it('leaves training as it was: a run whose true gradient is read at every step is the same run, to the bit', () => {
    for (const name of ['paper-bias', 'minibatch', 'nonlinearity', 'batchnorm-2d']) {
      const s = builtin(name);
      const read = new ViewPair(s);
      const plain = new Pair(s);
      for (let t = 0; t < 120; t++) {
        const a = read.states();
        const b = plain.states();
        expect(a.naive.trueGradB).toBeTypeOf('number');
        const { trueGradB: _b, trueGradW: _w, ...naive } = a.naive;
        expect(naive, `${name} step ${t}`).toEqual(b.naive);
        expect(a.backprop).toEqual(b.backprop);
        read.advance(1);
        plain.advance(1);
      }
    }
  });

  it("differs from the naive rule's estimate where the lesson is (the figures README's rows section gives)", () => {
    const at = (name: string, steps: number) => {
      const pair = new ViewPair(builtin(name));
      pair.advance(steps);
      return pair.states().naive;
    };
    // paper-bias: the estimate is −ȳ ≈ −0.854 every step, the true ∂L/∂b 0 (to round-off).
    const paper = at('paper-bias', 300);
    expect(paper.gradB).toBeCloseTo(-0.854, 3);
    expect(Math.abs(paper.trueGradB!)).toBeLessThan(1e-12);
    // nonlinearity: naive b comes to rest where its estimate is 0; the true ∂L/∂b there is 0.12.
    const tanh = at('nonlinearity', 500);
    expect(Math.abs(tanh.gradB)).toBeLessThan(1e-4);
    expect(tanh.trueGradB!).toBeCloseTo(0.12, 2);
    // weight-and-bias: the naive ∂L/∂w goes to 0, the true one is ū·ȳ = 12.
    const wb = at('weight-and-bias', 300);
    expect(Math.abs(wb.gradW[0])).toBeLessThan(1e-9);
    expect(wb.trueGradW![0]).toBeCloseTo(12, 9);
  });
});
