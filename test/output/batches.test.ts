import { describe, expect, it } from 'vitest';
import { BatchSampler } from '../../src/engine/batches.js';
import { withBatch, withData } from '../../src/output/batches.js';
import { Pair } from '../../src/session/pair.js';
import { builtin, mean } from '../scenarios/helpers.js';

describe('--json --batches: each step line carries the batch its update t+1 uses', () => {
  it('minibatch: the batches are the sampler\'s, in order, and update t+1 is made from that batch', () => {
    const s = builtin('minibatch');
    const pair = new Pair(s);
    const sampler = new BatchSampler(pair.data.n, s.training.batch, s.training.sampling, s.seed);
    const idx = new Int32Array(pair.data.n);
    for (let t = 0; t < 40; t++) {
      const rec = withBatch({ type: 'step', step: t }, pair.naive);
      expect(withBatch({}, pair.backprop).batch).toEqual(rec.batch);
      expect(rec.batch).toEqual(Array.from(idx.subarray(0, sampler.next(idx))));
      // The naive b moves by η·ȳ_B for exactly this batch (the paper's step, minibatch form).
      const b = pair.naive.net.params.b;
      pair.advance(1);
      const yB = mean(rec.batch.map((i) => pair.data.y[i]));
      expect(pair.naive.net.params.b - b).toBeCloseTo(s.training.learningRate * yB, 12);
    }
  });

  it('a full batch is every example in order; asking twice draws nothing new', () => {
    const pair = new Pair(builtin('paper-bias'));
    const a = withBatch({}, pair.naive).batch;
    expect(a).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(withBatch({}, pair.naive).batch).toEqual(a);
  });

  it('withData writes the training set as rows of inputs and targets', () => {
    const pair = new Pair(builtin('batchnorm-2d'));
    const rec = withData({ type: 'scenario' }, pair.data);
    expect(rec.data.u).toHaveLength(64);
    expect(rec.data.u[5]).toEqual([pair.data.u[10], pair.data.u[11]]);
    expect(rec.data.y[5]).toBe(pair.data.y[5]);
  });
});
