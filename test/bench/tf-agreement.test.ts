/**
 * The engine benchmark compares normdrift with a TensorFlow.js implementation of the same step.
 * That comparison means something only if both compute the same thing: here, at the same
 * parameters, their losses and gradients agree to float32 precision under both rules, at the
 * initial point and after the TensorFlow.js trainer has moved away from it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Network } from '../../src/engine/model.js';
import { engineConfigs } from './configs.js';
import { relativeError } from '../engine/oracle.js';
import { TfTrainer, tfReady, type TfGradients } from './tf-step.js';

const flat = (g: Omit<TfGradients, 'loss'>, affine: boolean): number[] =>
  affine ? [...g.w, g.b, g.gamma, g.beta] : [...g.w, g.b];

beforeAll(tfReady);

describe('TensorFlow.js peer computes the same step as normdrift', () => {
  it.each(engineConfigs().map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const tfTrainer = new TfTrainer(c.rule, c.spec, c.data);
    const all = Int32Array.from({ length: c.n }, (_, i) => i);
    const affine = c.spec.arch.affine;
    try {
      for (const steps of [0, 25]) {
        for (let t = 0; t < steps; t++) tfTrainer.step();
        // normdrift at TensorFlow.js's (float32) parameters
        const p = tfTrainer.params();
        const net = new Network(c.spec.arch, { w: p.w, b: p.b }, c.n);
        net.params.gamma = p.gamma;
        net.params.beta = p.beta;
        const loss = net.forward(c.data, all, c.n);
        net.backward(c.data, all, c.n, c.rule);
        const ours = flat({ ...net.grads, w: Array.from(net.grads.w) }, affine);
        const theirs = tfTrainer.gradients();
        expect(Math.abs(theirs.loss - loss) / loss).toBeLessThan(1e-4);
        expect(relativeError(flat(theirs, affine), ours)).toBeLessThan(1e-4);
      }
    } finally {
      tfTrainer.dispose();
    }
  });

  it('tells the rules apart (so agreement above is not vacuous)', () => {
    const c = engineConfigs().find((k) => k.label === 'batchnorm-2d N=64 naive');
    if (!c) throw new Error('batchnorm-2d N=64 naive is missing from the configurations');
    const naive = new TfTrainer('naive', c.spec, c.data);
    const backprop = new TfTrainer('backprop', c.spec, c.data);
    try {
      const a = naive.gradients();
      const b = backprop.gradients();
      expect(relativeError(flat(a, true), flat(b, true))).toBeGreaterThan(1e-2);
    } finally {
      naive.dispose();
      backprop.dispose();
    }
  });
});
