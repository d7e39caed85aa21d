import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/engine/data.js';
import { CentredLinearLoss } from '../../src/engine/full-set.js';
import { Network } from '../../src/engine/model.js';
import { trainingSpec } from '../../src/session/pair.js';
import { scenario } from '../session/helpers.js';

/*
 * The closed form against the passes it stands in for (Network.forwardBatch, Network.evalLoss):
 * the pass's value is always within the margin, and the margin is small enough to decide with.
 */
describe('CentredLinearLoss: the full-set loss of a centred linear network in closed form', () => {
  it('the passes land within the margin, which is a small fraction of the loss', () => {
    const arb = fc.record({
      dims: fc.constantFrom(1, 2, 3),
      affine: fc.boolean(),
      n: fc.constantFrom(5, 16, 128),
      seed: fc.nat(1000),
      w: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
      b: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      gamma: fc.double({ min: -3, max: 3, noNaN: true }),
      beta: fc.double({ min: -3, max: 3, noNaN: true }),
      lag: fc.double({ min: -10, max: 10, noNaN: true }),
    });
    let worst = 0;
    fc.assert(
      fc.property(arb, (g) => {
        const s = scenario(
          `seed: ${g.seed}\ndata: {n: ${g.n}, dims: ${g.dims}, u: {dist: normal, mean: 0.5, std: 2}, y: {slope: 1, intercept: 1, noise: 0.3}}\n` +
            `model: {normalize: center, affine: ${g.affine}}\ntraining: {batch: 4, runningMomentum: 0.1}`,
        );
        const spec = trainingSpec(s);
        const data = makeDataset(s.data, s.seed);
        const net = new Network(spec.arch, spec.init, data.n);
        net.params.w.set(g.w.slice(0, g.dims));
        net.params.b = g.b;
        net.params.gamma = g.gamma;
        net.params.beta = g.beta;
        const all = Int32Array.from({ length: data.n }, (_, i) => i);
        const pass = net.forwardBatch(data.u, data.y, data.n);
        const runningMean = net.stats.meanX + g.lag;
        const evalPass = net.evalLoss(data, all, data.n, runningMean, 1);
        const cf = new CentredLinearLoss(data, spec.arch);
        cf.estimate(net.params, { runningMean });
        expect(cf.safe).toBe(true);
        expect(Math.abs(pass - cf.loss)).toBeLessThanOrEqual(cf.lossMargin);
        expect(Math.abs(evalPass - cf.evalLoss)).toBeLessThanOrEqual(cf.evalMargin);
        worst = Math.max(worst, cf.lossMargin / Math.max(pass, 1e-3));
      }),
      { numRuns: 300, seed: 16 },
    );
    // |b| up to 10⁶ costs x̂ about 10⁻¹⁰ of its precision: the margins stay far below the
    // differences the event rules look at (factors of 2, gaps of 0.25).
    expect(worst).toBeLessThan(1e-6);
  });

  it('says nothing (safe = false) where a pass could overflow', () => {
    const s = scenario('data: {n: 8}\nmodel: {normalize: center}\ntraining: {batch: 4}');
    const spec = trainingSpec(s);
    const data = makeDataset(s.data, s.seed);
    const cf = new CentredLinearLoss(data, spec.arch);
    cf.estimate({ w: Float64Array.of(1), b: 1e200, gamma: 1, beta: 0 }, null);
    expect(cf.safe).toBe(false);
  });
});
