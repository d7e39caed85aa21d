import { describe, expect, it } from 'vitest';
import { BatchSampler } from '../../src/engine/batches.js';
import { builtin, mean, run } from './helpers.js';

/**
 * Centring with each minibatch's own mean, x = u + b. On a batch B the naive gradient for b is
 * mean_B(x̂ − y) = −ȳ_B, so b_{t+1} = b_t + η·ȳ_B exactly, a staircase whose steps are the batch
 * means of the targets; through the batch mean it is 0. The running mean that eval mode centres
 * with follows r ← r + m·(mean_B(x) − r), and since the naive b never stops moving it never
 * catches up: the eval-mode output (x − r) drifts away from the train-mode one (x − E[x]).
 */
describe('minibatch', () => {
  const s = builtin('minibatch');
  const eta = s.training.learningRate;
  const momentum = s.training.runningMomentum as number;
  const steps = 300;
  const r = run(s, steps);
  const { u, y } = r;
  const n = y.length;
  const w = s.model.weight.init as number;
  // The batches the trainers draw: the same sampler, seeded the same way (the lockstep contract).
  const sampler = new BatchSampler(n, s.training.batch, s.training.sampling, s.seed);
  const idx = new Int32Array(n);
  const batches = Array.from({ length: steps }, () => Array.from(idx.subarray(0, sampler.next(idx))));

  it('draws minibatches much smaller than the data, with running statistics', () => {
    expect(s.training.batch).toBe(8);
    expect(n).toBeGreaterThanOrEqual(100);
    expect(momentum).toBeGreaterThan(0);
  });

  it('naive: b_{t+1} − b_t = η·ȳ_B for the batch actually drawn, every step (1e-12)', () => {
    for (let t = 0; t < steps; t++) {
      const yB = mean(batches[t].map((i) => y[i]));
      expect(Math.abs(r.naive[t + 1].b - r.naive[t].b - eta * yB)).toBeLessThan(1e-12 * Math.max(1, r.naive[t].b));
    }
  });

  it('the staircase is noisy: the steps vary with the batch', () => {
    const stepsB = r.naive.slice(1).map((st, t) => st.b - r.naive[t].b);
    const avg = mean(stepsB);
    expect(avg).toBeGreaterThan(0);
    expect(Math.min(...stepsB)).toBeLessThan(0.5 * avg);
    expect(Math.max(...stepsB)).toBeGreaterThan(1.5 * avg);
  });

  it('running means follow r ← r + m·(mean_B(x) − r) with the batch means of x (1e-9)', () => {
    for (const side of [r.naive, r.backprop]) {
      let rm = 0; // the engine's documented start
      for (let t = 0; t < steps; t++) {
        const xB = mean(batches[t].map((i) => w * u[i][0] + side[t].b));
        rm += momentum * (xB - rm);
        expect(Math.abs((side[t + 1].runningMean as number) - rm)).toBeLessThan(1e-9 * Math.max(1, Math.abs(rm)));
      }
    }
  });

  it('eval drifts from train for naive: its running mean lags b; the train loss is frozen', () => {
    const lag = (st: (typeof r.naive)[number]) => Math.abs(st.meanX - (st.runningMean as number));
    for (let t = 120; t <= steps; t++) {
      expect(lag(r.naive[t])).toBeGreaterThan(2);
      expect(r.naive[t].evalLoss as number).toBeGreaterThan(3 * r.naive[t].loss);
      expect(Math.abs(r.naive[t].loss - r.naive[0].loss)).toBeLessThan(1e-9);
    }
  });

  it("backprop's gradient for b is 0 on every batch: b stays, eval and train agree", () => {
    for (const st of r.backprop) expect(Math.abs(st.b)).toBeLessThan(1e-12);
    for (let t = 120; t <= steps; t++) {
      const st = r.backprop[t];
      expect(Math.abs(st.meanX - (st.runningMean as number))).toBeLessThan(0.3);
      expect(Math.abs((st.evalLoss as number) - st.loss)).toBeLessThan(0.2 * st.loss);
    }
  });
});
