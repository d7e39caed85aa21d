/**
 * The peer for the engine benchmark: normdrift's training step written with TensorFlow.js on its
 * CPU backend, the way one would write it there. Same network (z = w·u + b → θ → normalize →
 * γ,β), same loss, same SGD update; float32, as TensorFlow.js computes.
 *
 * backprop: tf.valueAndGrads differentiates through μ and σ² like everything else.
 * naive:    μ and σ² go through a stop-gradient, so the gradient treats them as constants: the
 *           same function whose gradient normdrift's naive rule computes.
 */
import * as tf from '@tensorflow/tfjs-core';
// The CJS build of tfjs-core registers no gradients; these are its own (the ESM sources).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Dataset } from '../../src/engine/data.js';
import type { GradientRule } from '../../src/engine/normalize.js';
import type { TrainingSpec } from '../../src/engine/trainer.js';

let ready: Promise<void> | undefined;

/** The CPU backend, loaded once, without its "install tfjs-node" banner on stderr. */
export function tfReady(): Promise<void> {
  ready ??= (async () => {
    tf.env().set('IS_TEST', true);
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
  })();
  return ready;
}

/** Identity forward, zero backward: what treating a value as a constant means to autodiff. */
const stopGradient = tf.customGrad((...inputs) => ({
  value: (inputs[0] as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as (x: tf.Tensor) => tf.Tensor;

export interface TfGradients {
  loss: number;
  w: number[];
  b: number;
  gamma: number;
  beta: number;
}

/** One network trained by SGD under one rule, on the whole data set (a full batch). */
export class TfTrainer {
  private readonly u: tf.Tensor2D;
  private readonly y: tf.Tensor1D;
  private w: tf.Tensor1D;
  private b: tf.Scalar;
  private gamma: tf.Scalar;
  private beta: tf.Scalar;
  private readonly lossAndGrads: (args: tf.Tensor[]) => { value: tf.Scalar; grads: tf.Tensor[] };

  constructor(
    readonly rule: GradientRule,
    private readonly spec: TrainingSpec,
    data: Dataset,
  ) {
    // TensorFlow.js takes no Float64Array; its CPU backend computes in float32 in any case.
    this.u = tf.tensor2d(Float32Array.from(data.u), [data.n, data.dims]);
    this.y = tf.tensor1d(Float32Array.from(data.y));
    this.w = tf.tensor1d(spec.init.w);
    this.b = tf.scalar(spec.init.b);
    this.gamma = tf.scalar(1);
    this.beta = tf.scalar(0);
    // TensorFlow.js refuses gradients for inputs the loss does not use: γ, β only when affine.
    const f = spec.arch.affine
      ? (w: tf.Tensor, b: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => this.loss(w, b, gamma, beta)
      : (w: tf.Tensor, b: tf.Tensor) => this.loss(w, b, this.gamma, this.beta);
    this.lossAndGrads = tf.valueAndGrads(f) as (args: tf.Tensor[]) => { value: tf.Scalar; grads: tf.Tensor[] };
  }

  private loss(w: tf.Tensor, b: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Scalar {
    const { activation, normalize, epsilon, affine } = this.spec.arch;
    const z = tf.add(tf.squeeze(tf.matMul(this.u, tf.reshape(w, [-1, 1])), [1]), b);
    const x = activation === 'tanh' ? tf.tanh(z) : activation === 'relu' ? tf.relu(z) : z;
    // The statistics, as constants to the naive rule's gradient.
    const asRuleSees = (t: tf.Tensor) => (this.rule === 'naive' ? stopGradient(t) : t);
    let xhat: tf.Tensor;
    if (normalize === 'standardize') {
      const { mean, variance } = tf.moments(x);
      xhat = tf.div(tf.sub(x, asRuleSees(mean)), tf.sqrt(tf.add(asRuleSees(variance), epsilon)));
    } else {
      xhat = tf.sub(x, asRuleSees(tf.mean(x)));
    }
    const out = affine ? tf.add(tf.mul(gamma, xhat), beta) : xhat;
    return tf.mean(tf.mul(0.5, tf.square(tf.sub(out, this.y))));
  }

  private args(): tf.Tensor[] {
    return this.spec.arch.affine ? [this.w, this.b, this.gamma, this.beta] : [this.w, this.b];
  }

  /** The loss and this rule's gradient at the current parameters. */
  gradients(): TfGradients {
    return tf.tidy(() => {
      const { value, grads } = this.lossAndGrads(this.args());
      const [w, b, gamma, beta] = grads.map((g) => g.dataSync());
      return {
        loss: value.dataSync()[0],
        w: Array.from(w),
        b: b[0],
        gamma: gamma ? gamma[0] : 0,
        beta: beta ? beta[0] : 0,
      };
    });
  }

  /** One training step: forward, gradient, and θ ← θ − η·g for what the scenario lets learn. */
  step(): number {
    const { learn, learningRate: eta, arch } = this.spec;
    const next = tf.tidy(() => {
      const { value, grads } = this.lossAndGrads(this.args());
      const [gw, gb, gGamma, gBeta] = grads;
      return {
        loss: value,
        w: learn.w ? tf.sub(this.w, tf.mul(eta, gw)) : this.w.clone(),
        b: learn.b ? tf.sub(this.b, tf.mul(eta, gb)) : this.b.clone(),
        gamma: arch.affine ? tf.sub(this.gamma, tf.mul(eta, gGamma)) : this.gamma.clone(),
        beta: arch.affine ? tf.sub(this.beta, tf.mul(eta, gBeta)) : this.beta.clone(),
      };
    });
    tf.dispose([this.w, this.b, this.gamma, this.beta]);
    this.w = next.w as tf.Tensor1D;
    this.b = next.b as tf.Scalar;
    this.gamma = next.gamma as tf.Scalar;
    this.beta = next.beta as tf.Scalar;
    // Reading the loss is part of a step: normdrift checks it for divergence every step.
    const loss = next.loss.dataSync()[0];
    next.loss.dispose();
    return loss;
  }

  /** The parameters, to start normdrift from the same point in the agreement test. */
  params(): { w: number[]; b: number; gamma: number; beta: number } {
    return {
      w: Array.from(this.w.dataSync()),
      b: this.b.dataSync()[0],
      gamma: this.gamma.dataSync()[0],
      beta: this.beta.dataSync()[0],
    };
  }

  dispose(): void {
    tf.dispose([this.u, this.y, this.w, this.b, this.gamma, this.beta]);
  }
}
