import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Activation } from '../../src/engine/model.js';
import type { Normalization } from '../../src/engine/normalize.js';
import { step, type StepInput, type StepParams } from '../../src/engine/step.js';
import { builtinNames } from '../../src/scenario/builtins.js';
import { builtin } from '../scenarios/helpers.js';
import { Pair } from '../../src/session/pair.js';
import { compareRun, inputOf } from './compare.js';
import {
  finiteDifferences,
  oracleLoss,
  preNormalize,
  relativeError,
  statistics,
  type OracleConfig,
} from './oracle.js';

/** The readable step (src/engine/step.ts) against two oracles: finite differences, and the fast kernel. */

const flat = (g: { w: number[]; b: number; gamma: number; beta: number }, affine: boolean): number[] =>
  affine ? [...g.w, g.b, g.gamma, g.beta] : [...g.w, g.b];

function randomCases(count: number) {
  const rand = seedrandom('step-fd');
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const cases: Array<{ name: string; input: StepInput; cfg: OracleConfig }> = [];
  for (const activation of ['identity', 'tanh', 'relu'] as Activation[])
    for (const normalize of ['center', 'standardize'] as Normalization[])
      for (const affine of [false, true])
        for (let draw = 0; draw < count; draw++) {
          const dims = 1 + Math.floor(rand() * 8);
          const n = 3 + Math.floor(rand() * 14);
          const epsilon = draw % 2 === 0 ? 0 : 1e-3 * rand();
          for (;;) {
            const u = Array.from({ length: n }, () => Array.from({ length: dims }, () => 0.5 + 1.5 * gauss()));
            const y = Array.from({ length: n }, () => 0.4 + gauss());
            const params: StepParams = { w: Array.from({ length: dims }, gauss), b: 0.3 * gauss(), gamma: 0.5 + rand(), beta: gauss() };
            const cfg: OracleConfig = { activation, normalize, epsilon, affine };
            const z = u.map((row) => row.reduce((s, ui, k) => s + params.w[k] * ui, params.b));
            if (activation === 'relu' && z.some((zi) => Math.abs(zi) < 1e-3)) continue; // FD across the kink
            if (statistics(preNormalize(cfg, params, u)).variance < 1e-2) continue;
            cases.push({
              name: `${activation}/${normalize}/${affine ? 'affine' : 'plain'}/dims${dims}/#${draw}`,
              cfg,
              input: { arch: { dims, ...cfg }, params, u, y, learningRate: 0.1, learn: { w: true, b: true } },
            });
            break;
          }
        }
  return cases;
}

describe('step.ts against central finite differences of the loss', () => {
  const cases = randomCases(4);

  it.each(cases.map((c) => [c.name, c] as const))('backprop = FD of the true loss, naive = FD with μ, σ² frozen: %s', (_n, c) => {
    const { cfg, input } = c;
    const st = step(input);
    expect(st.forward.L).toBeCloseTo(oracleLoss(cfg, input.params, input.u, input.y), 12);
    const fdTrue = finiteDifferences((p) => oracleLoss(cfg, p, input.u, input.y), input.params, cfg.affine);
    expect(relativeError(flat(st.backprop.grad, cfg.affine), fdTrue)).toBeLessThanOrEqual(1e-6);
    const frozen = statistics(preNormalize(cfg, input.params, input.u));
    const fdFrozen = finiteDifferences((p) => oracleLoss(cfg, p, input.u, input.y, frozen), input.params, cfg.affine);
    expect(relativeError(flat(st.naive.grad, cfg.affine), fdFrozen)).toBeLessThanOrEqual(1e-6);
    // The next forward pass is the loss at the updated parameters.
    for (const rule of ['naive', 'backprop'] as const)
      expect(st[rule].next.L).toBeCloseTo(oracleLoss(cfg, st[rule].params, input.u, input.y), 12);
  });

  it('the two rules really differ on most cases (the check is not vacuous)', () => {
    const differing = cases.filter((c) => {
      const st = step(c.input);
      return relativeError(flat(st.naive.grad, c.cfg.affine), flat(st.backprop.grad, c.cfg.affine)) > 1e-3;
    });
    expect(differing.length).toBeGreaterThan(cases.length / 2);
  });
});

describe('step.ts against the fast kernel (model.ts via trainer.ts)', () => {
  it.each(builtinNames().map((n) => [n] as const))('%s: every step of the run, both rules, to 1e-12', (name) => {
    const s = builtin(name);
    const w = compareRun(s, s.training.steps);
    expect(w.checked).toBeGreaterThan(s.training.steps);
    expect(w.loss).toBeLessThanOrEqual(1e-12);
    expect(w.grad).toBeLessThanOrEqual(1e-12);
    expect(w.params).toBeLessThanOrEqual(1e-12);
  });
});

describe("the paper's identity, at every step of paper-bias", () => {
  it('u + (b + Δb) − E[u + (b + Δb)] = u + b − E[u + b] to round-off for 500 naive steps, with Δb ≠ 0', () => {
    const s = builtin('paper-bias');
    const pair = new Pair(s);
    let worst = 0;
    let smallestStep = Infinity;
    for (let t = 0; t < 500; t++) {
      const st = step(inputOf(s, pair.naive));
      const { delta, next } = st.naive;
      const before = st.forward;
      smallestStep = Math.min(smallestStep, Math.abs(delta.b));
      // Both sides carry the round-off of x = u + b − E[x], a few ulps of |b| + |u|.
      const ulp = Number.EPSILON * (Math.abs(st.params.b) + Math.abs(delta.b) + Math.max(...before.z.map(Math.abs)));
      before.xhat.forEach((xh, i) => (worst = Math.max(worst, Math.abs(next.xhat[i] - xh) / ulp)));
      // And E[x + Δb] = E[x] + Δb, the reason the two sides agree.
      expect(Math.abs(next.mu - (before.mu + delta.b))).toBeLessThanOrEqual(4 * ulp);
      pair.advance(1);
    }
    expect(smallestStep).toBeGreaterThan(0.05); // b really moved every step
    expect(worst).toBeLessThanOrEqual(8);
  });
});
