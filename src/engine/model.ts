import type { Dataset } from './data.js';
import {
  normalizeBackward,
  normalizeForward,
  type BatchStatistics,
  type GradientRule,
  type Normalization,
} from './normalize.js';

export type Activation = 'identity' | 'tanh' | 'relu';

export interface Architecture {
  dims: number;
  activation: Activation;
  normalize: Normalization;
  epsilon: number;
  affine: boolean;
}

export interface Parameters {
  w: Float64Array;
  b: number;
  gamma: number;
  beta: number;
}

export interface Gradients {
  w: Float64Array;
  b: number;
  gamma: number;
  beta: number;
}

/**
 * One tiny network: zᵢ = w·uᵢ + b, xᵢ = θ(zᵢ), x̂ = normalize(x), outᵢ = γ·x̂ᵢ + β (or x̂ᵢ),
 * L = (1/m) Σ ½(outᵢ − yᵢ)² over a batch of m examples.
 *
 * Work arrays are allocated once for the largest batch so a training step allocates nothing:
 * fast-forwarding a million steps a second depends on it.
 */
export class Network {
  readonly arch: Architecture;
  readonly params: Parameters;
  readonly grads: Gradients;
  readonly stats: BatchStatistics = { meanX: 0, varX: 0, scale: 1 };
  /** Forward-pass values of the last batch, indexed by position in the batch. */
  readonly z: Float64Array;
  readonly x: Float64Array;
  readonly xhat: Float64Array;
  readonly out: Float64Array;
  private readonly g: Float64Array;
  private readonly dx: Float64Array;

  constructor(arch: Architecture, init: { w: ArrayLike<number>; b: number }, capacity: number) {
    this.arch = arch;
    this.params = { w: Float64Array.from(init.w), b: init.b, gamma: 1, beta: 0 };
    this.grads = { w: new Float64Array(arch.dims), b: 0, gamma: 0, beta: 0 };
    this.z = new Float64Array(capacity);
    this.x = new Float64Array(capacity);
    this.xhat = new Float64Array(capacity);
    this.out = new Float64Array(capacity);
    this.g = new Float64Array(capacity);
    this.dx = new Float64Array(capacity);
  }

  /** Forward pass over data examples idx[0..m); returns the batch loss. */
  forward(data: Dataset, idx: Int32Array, m: number): number {
    const { dims, activation, normalize, epsilon, affine } = this.arch;
    const { w, b, gamma, beta } = this.params;
    const { u, y } = data;
    const { z, x, xhat, out } = this;
    for (let i = 0; i < m; i++) {
      const row = idx[i] * dims;
      let s = b;
      for (let k = 0; k < dims; k++) s += w[k] * u[row + k];
      z[i] = s;
      x[i] = activation === 'identity' ? s : activation === 'tanh' ? Math.tanh(s) : s > 0 ? s : 0;
    }
    normalizeForward(normalize, epsilon, x, m, xhat, this.stats);
    let loss = 0;
    for (let i = 0; i < m; i++) {
      const o = affine ? gamma * xhat[i] + beta : xhat[i];
      out[i] = o;
      const r = o - y[idx[i]];
      loss += 0.5 * r * r;
    }
    return loss / m;
  }

  /** Gradients of the last forward pass's loss, by the given rule, into this.grads. */
  backward(data: Dataset, idx: Int32Array, m: number, rule: GradientRule): void {
    const { dims, activation, normalize, affine } = this.arch;
    const { gamma } = this.params;
    const { u, y } = data;
    const { z, x, xhat, out, g, dx, grads } = this;
    let gGamma = 0;
    let gBeta = 0;
    for (let i = 0; i < m; i++) {
      const dOut = (out[i] - y[idx[i]]) / m;
      gGamma += dOut * xhat[i];
      gBeta += dOut;
      g[i] = affine ? gamma * dOut : dOut;
    }
    grads.gamma = affine ? gGamma : 0;
    grads.beta = affine ? gBeta : 0;
    normalizeBackward(rule, normalize, g, xhat, m, this.stats, dx);
    const gw = grads.w;
    gw.fill(0);
    let gb = 0;
    for (let i = 0; i < m; i++) {
      const slope =
        activation === 'identity' ? 1 : activation === 'tanh' ? 1 - x[i] * x[i] : z[i] > 0 ? 1 : 0;
      const dz = dx[i] * slope;
      gb += dz;
      const row = idx[i] * dims;
      for (let k = 0; k < dims; k++) gw[k] += dz * u[row + k];
    }
    grads.b = gb;
  }

  /**
   * Eval-mode loss: normalize with given (running) statistics instead of the batch's, as a
   * deployed Batch Normalization layer does.
   */
  evalLoss(data: Dataset, idx: Int32Array, m: number, meanX: number, varX: number): number {
    const { dims, activation, normalize, epsilon, affine } = this.arch;
    const { w, b, gamma, beta } = this.params;
    const scale = normalize === 'standardize' ? Math.sqrt(varX + epsilon) : 1;
    let loss = 0;
    for (let i = 0; i < m; i++) {
      const row = idx[i] * dims;
      let s = b;
      for (let k = 0; k < dims; k++) s += w[k] * data.u[row + k];
      const xi = activation === 'identity' ? s : activation === 'tanh' ? Math.tanh(s) : s > 0 ? s : 0;
      const xh = (xi - meanX) / scale;
      const r = (affine ? gamma * xh + beta : xh) - data.y[idx[i]];
      loss += 0.5 * r * r;
    }
    return loss / m;
  }
}
