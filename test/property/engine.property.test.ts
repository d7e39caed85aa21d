import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { Pair } from '../../src/session/pair.js';
import {
  finiteDifferences,
  oracleLoss,
  preNormalize,
  relativeError,
  statistics,
  type OracleParams,
} from '../engine/oracle.js';
import { compareRun } from '../engine/compare.js';

/** Random valid scenarios, built as a user would write them and passed through the real schema. */
const scenarios = fc
  .record({
    seed: fc.integer({ min: 0, max: 1e6 }),
    n: fc.integer({ min: 3, max: 24 }),
    dims: fc.integer({ min: 1, max: 4 }),
    mean: fc.double({ min: -3, max: 3, noNaN: true }),
    std: fc.double({ min: 0.2, max: 3, noNaN: true }),
    slope: fc.double({ min: -3, max: 3, noNaN: true }),
    intercept: fc.double({ min: -3, max: 3, noNaN: true }),
    noise: fc.double({ min: 0, max: 1, noNaN: true }),
    weight: fc.double({ min: -2, max: 2, noNaN: true }),
    bias: fc.double({ min: -2, max: 2, noNaN: true }),
    learnW: fc.boolean(),
    learnB: fc.boolean(),
    activation: fc.constantFrom('identity', 'tanh', 'relu'),
    normalize: fc.constantFrom('center', 'standardize'),
    epsilon: fc.constantFrom(0, 1e-5, 0.01),
    affine: fc.boolean(),
    learningRate: fc.double({ min: 1e-3, max: 50, noNaN: true }),
    batch: fc.option(fc.integer({ min: 2, max: 24 }), { nil: undefined }),
    sampling: fc.constantFrom('shuffle', 'replacement'),
    momentum: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map((r) =>
    scenarioSchema.parse({
      title: 'property',
      summary: 'generated',
      seed: r.seed,
      data: { n: r.n, dims: r.dims, u: { dist: 'normal', mean: r.mean, std: r.std }, y: { slope: r.slope, intercept: r.intercept, noise: r.noise } },
      model: {
        weight: { init: r.weight, learn: r.learnW },
        bias: { init: r.bias, learn: r.learnB },
        activation: r.activation,
        normalize: r.normalize,
        epsilon: r.epsilon,
        affine: r.affine,
      },
      training: {
        learningRate: r.learningRate,
        batch: r.batch !== undefined && r.batch <= r.n ? r.batch : 'full',
        sampling: r.sampling,
        runningMomentum: r.momentum,
      },
    }),
  );

describe('random valid scenarios (fast-check)', () => {
  it('never crash the engine: every state is finite or its model is marked diverged', () => {
    fc.assert(
      fc.property(scenarios, fc.integer({ min: 1, max: 300 }), (s, steps) => {
        const pair = new Pair(s);
        pair.advance(steps);
        for (const trainer of [pair.naive, pair.backprop]) {
          const st = trainer.state();
          expect(st.step).toBe(steps);
          const values = [st.loss, st.b, ...st.w, st.gamma, st.beta];
          if (!st.diverged) for (const v of values) expect(Number.isFinite(v)).toBe(true);
          // A model that has stopped training says so in every state it reports.
          if (trainer.divergedAt !== null) expect(st.diverged).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('recording changes nothing: states taken every k steps leave training, divergedAt included, as it was', () => {
    fc.assert(
      fc.property(scenarios, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 50 }), (s, steps, k) => {
        const quiet = new Pair(s);
        quiet.advance(steps);
        const recorded = new Pair(s);
        for (let t = 0; t < steps; t += k) {
          recorded.states();
          recorded.advance(Math.min(k, steps - t));
        }
        expect(JSON.stringify(recorded.states())).toBe(JSON.stringify(quiet.states()));
        expect(recorded.naive.divergedAt).toBe(quiet.naive.divergedAt);
        expect(recorded.backprop.divergedAt).toBe(quiet.backprop.divergedAt);
      }),
      { numRuns: 150 },
    );
  });

  it('every gradient matches finite differences (full batch, any step)', () => {
    fc.assert(
      fc.property(scenarios, fc.integer({ min: 0, max: 20 }), (s0, steps) => {
        const s = { ...s0, training: { ...s0.training, batch: 'full' as const, learningRate: Math.min(s0.training.learningRate, 0.5) } };
        const pair = new Pair(s);
        pair.advance(steps);
        const n = pair.data.n;
        const dims = pair.data.dims;
        const u = Array.from({ length: n }, (_, i) => Array.from(pair.data.u.subarray(i * dims, (i + 1) * dims)));
        const y = Array.from(pair.data.y);
        const cfg = { activation: s.model.activation, normalize: s.model.normalize, epsilon: s.model.epsilon, affine: s.model.affine };
        for (const trainer of [pair.naive, pair.backprop]) {
          const st = trainer.state();
          if (st.diverged) continue;
          const p: OracleParams = { w: st.w, b: st.b, gamma: st.gamma, beta: st.beta };
          const z = u.map((row) => row.reduce((acc, v, k) => acc + p.w[k] * v, p.b));
          const x = preNormalize(cfg, p, u);
          const stats = statistics(x);
          // Skip what finite differences cannot judge: relu's kink, tanh so saturated that its
          // curvature (∝ w²) is sharper than any usable step, and a spread near zero.
          fc.pre(!(cfg.activation === 'relu' && z.some((zi) => Math.abs(zi) < 1e-3)));
          fc.pre(!(cfg.activation === 'tanh' && Math.max(...p.w.map(Math.abs)) > 20));
          fc.pre(stats.variance > 1e-3 && Math.abs(stats.mean) < 1e4 && Math.max(...p.w.map(Math.abs)) < 1e4);
          const fd = finiteDifferences(
            (q) => oracleLoss(cfg, q, u, y, trainer.rule === 'naive' ? stats : undefined),
            p,
            cfg.affine,
          );
          const g = [...st.gradW, st.gradB, ...(cfg.affine ? [st.gradGamma, st.gradBeta] : [])];
          expect(relativeError(g, fd, 1e-3 * Math.max(1, st.loss))).toBeLessThanOrEqual(1e-6);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the readable step (step.ts) and the fast kernel agree on every step to 1e-12 relative', () => {
    fc.assert(
      fc.property(scenarios, fc.integer({ min: 1, max: 60 }), (s, steps) => {
        const w = compareRun(s, steps);
        expect(w.loss).toBeLessThanOrEqual(1e-12);
        expect(w.grad).toBeLessThanOrEqual(1e-12);
        expect(w.params).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 150 },
    );
  });
});
