import { gatherBatch } from './batches.js';
import type { Dataset } from './data.js';
import {
  scaleOf,
  statisticsTerms,
  type BatchStatistics,
  type GradientRule,
  type Normalization,
  type StatisticsTerms,
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
 * Training fast-forwards a million steps a second, which shapes the code:
 * - Nothing is allocated per step: work arrays are sized once, for the largest batch.
 * - A step is two passes over the batch: x = θ(w·u + b) with Σx (→ μ), then the loss with the
 *   sums that both rules' gradients are made of (backwardBatch combines them). Standardizing
 *   adds a pass between the two for Σ(x − μ)², since s is needed before any x̂.
 * - V8 runs these loops as fast as it can issue instructions, and it checks an array again at
 *   every access and every iteration. So the passes touch few arrays, and with θ = identity and
 *   one or two inputs they take four examples per iteration, i to i + 3 (named once, or V8
 *   computes and checks i + k again for every array). A plain loop then takes the rest: the
 *   last m mod 4 examples, or all of them for the other shapes.
 * - A sum adds an iteration's four terms in pairs and then to its total, so that an iteration
 *   does not wait for the previous one's additions. The order depends only on m: a step gives
 *   the same bits on every run.
 * - Dividing costs several multiplications: x/s and r/m are x·(1/s) and r·(1/m).
 */
export class Network {
  readonly arch: Architecture;
  readonly params: Parameters;
  readonly grads: Gradients;
  /** Of the last forward pass; NaN before the first. */
  readonly stats: BatchStatistics = { meanX: NaN, varX: NaN, scale: NaN };
  /** x of the last forward pass, indexed by position in the batch. */
  readonly x: Float64Array;
  /** x̂ of the last forward() (training does not need it, see fillXhat). */
  readonly xhat: Float64Array;
  /**
   * What the gradients are made of (backwardBatch), summed over the last forward pass's batch
   * for each input uₖ, k = 1..dims, and at k = 0 for the bias, whose input is 1:
   * Σθ′·r·uₖ, Σθ′·uₖ and Σθ′·x̂·uₖ, with θ′ = θ′(zᵢ) and r = out − y.
   */
  private readonly sumsR: Float64Array;
  private readonly sumsOne: Float64Array;
  private readonly sumsXhat: Float64Array;
  /** Rows picked by forward(data, idx, m), copied so the passes read them in order. */
  private readonly rowsU: Float64Array;
  private readonly rowsY: Float64Array;
  // The architecture's choices as booleans, decided once: a name parsed from YAML need not be
  // an interned string, and comparing one costs a call.
  private readonly tanh: boolean;
  private readonly relu: boolean;
  private readonly standardize: boolean;
  private readonly affine: boolean;
  // Results of lossPasses() that backwardBatch() reads. Number fields start as NaN (here, in
  // stats and terms, and in params before its values go in), never as a small integer: V8
  // stores a field first seen holding one as an integer, and when a fraction arrives it changes
  // the object's layout and discards the code compiled for the old one. For an object literal
  // that happens again with each new network, and the recompiled loops can then be stuck at
  // half speed (V8 keeps entering them mid-loop).
  private m = NaN;
  /**
   * The last forward pass's batch loss. A field, not lossPasses()'s return value: a fraction
   * returned from a call V8 does not inline is boxed, 16 bytes a step of garbage; stored in a
   * number field it is written in place.
   */
  loss = NaN;
  private gOfR = NaN;
  private sumR = NaN;
  private sumRXhat = NaN;
  private readonly terms: StatisticsTerms = { shift: NaN, tilt: NaN };

  constructor(arch: Architecture, init: { w: ArrayLike<number>; b: number }, capacity: number) {
    this.arch = arch;
    this.params = { w: Float64Array.from(init.w), b: NaN, gamma: NaN, beta: NaN }; // NaN first: see below
    this.params.b = init.b;
    this.params.gamma = 1;
    this.params.beta = 0;
    this.grads = { w: new Float64Array(arch.dims).fill(NaN), b: NaN, gamma: NaN, beta: NaN };
    this.x = new Float64Array(capacity);
    this.xhat = new Float64Array(capacity);
    this.sumsR = new Float64Array(arch.dims + 1);
    this.sumsOne = new Float64Array(arch.dims + 1);
    this.sumsXhat = new Float64Array(arch.dims + 1);
    this.rowsU = new Float64Array(capacity * arch.dims);
    this.rowsY = new Float64Array(capacity);
    this.tanh = arch.activation === 'tanh';
    this.relu = arch.activation === 'relu';
    this.standardize = arch.normalize === 'standardize';
    this.affine = arch.affine === true;
  }

  /** Forward pass over data examples idx[0..m); returns the batch loss. */
  forward(data: Dataset, idx: Int32Array, m: number): number {
    gatherBatch(data, idx, m, this.rowsU, this.rowsY);
    return this.forwardBatch(this.rowsU, this.rowsY, m);
  }

  /**
   * Gradients of the last forward pass's loss, by the given rule, into this.grads. The batch
   * must be that forward()'s: the sums they are made of were taken there.
   */
  backward(data: Dataset, idx: Int32Array, m: number, rule: GradientRule): void {
    if (m !== this.m) throw new Error(`backward() over ${m} examples after a forward() over ${this.m}`);
    this.backwardBatch(rule);
  }

  /** forward() for a batch already laid out in order: u is m×dims row-major, y has m targets. */
  forwardBatch(u: Float64Array, y: Float64Array, m: number): number {
    this.lossPasses(u, y, m);
    this.fillXhat(m);
    return this.loss;
  }

  /** x̂ = (x − μ)/s from the last forward pass's x and statistics, for whoever inspects it. */
  fillXhat(m: number): void {
    const { x, xhat } = this;
    const { meanX, scale } = this.stats;
    const invS = 1 / scale; // as lossPasses computes x̂, to the bit
    for (let i = 0; i < m; i++) xhat[i] = (x[i] - meanX) * invS;
  }

  /**
   * The forward pass as training needs it: x, the statistics, the loss (into this.loss), and
   * the sums backwardBatch() makes the gradients of (not x̂ itself: see fillXhat).
   */
  lossPasses(u: Float64Array, y: Float64Array, m: number): void {
    const { dims, epsilon } = this.arch;
    const { w, b, gamma, beta } = this.params;
    const { x, sumsR, sumsOne, sumsXhat } = this;
    // `=== true` tells V8 these are booleans; a field's value is tested as any value could be.
    const tanh = this.tanh === true;
    const relu = this.relu === true;
    const standardize = this.standardize === true;
    const affine = this.affine === true;
    const one = dims === 1;
    // Examples [0, fast) go four at a time; the rest one at a time. A batch has fewer than 2³⁰
    // examples: the mask says so to V8, which then adds i + 1 … i + 4 without overflow checks.
    const fast = (!tanh && !relu && dims <= 2 ? m - (m % 4) : 0) & 0x3fffffff;
    const w0 = w[0];
    const w1 = one ? 0 : w[1];

    // x = θ(w·u + b) and Σx. Four at a time, also Σu, which backwardBatch needs (θ′ = 1 there).
    let sumX = 0;
    let sumU0 = 0;
    let sumU1 = 0;
    for (let i = 0; i < fast; i += 4) {
      const i1 = i + 1, i2 = i + 2, i3 = i + 3;
      let x0: number, x1: number, x2: number, x3: number;
      if (one) {
        const u0 = u[i], u1 = u[i1], u2 = u[i2], u3 = u[i3];
        x0 = b + w0 * u0;
        x1 = b + w0 * u1;
        x2 = b + w0 * u2;
        x3 = b + w0 * u3;
        sumU0 += u0 + u1 + (u2 + u3);
      } else {
        const at = 2 * i;
        const u0 = u[at], u1 = u[at + 2], u2 = u[at + 4], u3 = u[at + 6];
        const v0 = u[at + 1], v1 = u[at + 3], v2 = u[at + 5], v3 = u[at + 7];
        x0 = b + w0 * u0 + w1 * v0;
        x1 = b + w0 * u1 + w1 * v1;
        x2 = b + w0 * u2 + w1 * v2;
        x3 = b + w0 * u3 + w1 * v3;
        sumU0 += u0 + u1 + (u2 + u3);
        sumU1 += v0 + v1 + (v2 + v3);
      }
      x[i] = x0;
      x[i1] = x1;
      x[i2] = x2;
      x[i3] = x3;
      sumX += x0 + x1 + (x2 + x3);
    }
    for (let i = fast; i < m; i++) {
      let z = b;
      for (let k = 0, at = i * dims; k < dims; k++) z += w[k] * u[at + k];
      x[i] = z;
    }
    // θ in loops of their own: a call to Math.tanh in a loop makes V8 keep that loop's sums in
    // memory instead of registers.
    if (tanh) for (let i = fast; i < m; i++) x[i] = Math.tanh(x[i]);
    if (relu) for (let i = fast; i < m; i++) x[i] = x[i] > 0 ? x[i] : 0;
    for (let i = fast; i < m; i++) sumX += x[i];
    const meanX = sumX / m;

    // s = √(Σ(x − μ)²/m + ε) when standardizing. When centring s = 1, and Σ(x − μ)² is taken
    // with the loss below, for the record.
    let sq = 0;
    if (standardize) {
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const d0 = x[i] - meanX, d1 = x[i + 1] - meanX, d2 = x[i + 2] - meanX, d3 = x[i + 3] - meanX;
        sq += d0 * d0 + d1 * d1 + (d2 * d2 + d3 * d3);
      }
      for (; i < m; i++) sq += (x[i] - meanX) * (x[i] - meanX);
    }
    // scaleOf(), from the boolean: comparing the name would cost a call to compare strings.
    const scale = standardize ? Math.sqrt(sq / m + epsilon) : 1;
    const invS = 1 / scale;

    // The loss, with out = γ·x̂ + β (x̂ alone without γ, β) and r = out − y, so that ∂L/∂out is
    // r/m and g = ∂L/∂x̂ = γ·r/m; Σr and Σr·x̂, for the rule's terms (Σr·x̂ only when γ's
    // gradient or the tilt needs it); and sumsR, sumsOne, sumsXhat (Σθ′·x̂·u only when
    // standardizing: centring has no tilt). Four at a time, θ′ = 1 and the bias's sums are Σr,
    // the count and Σx̂; the inputs' are kept in registers.
    const tilted = affine || standardize;
    let loss = 0;
    let sumR = 0;
    let sumRXhat = 0;
    let sumXhat = 0;
    let sumRU0 = 0, sumXhatU0 = 0;
    let sumRU1 = 0, sumXhatU1 = 0;
    for (let i = 0; i < fast; i += 4) {
      const i1 = i + 1, i2 = i + 2, i3 = i + 3;
      let xh0 = x[i] - meanX;
      let xh1 = x[i1] - meanX;
      let xh2 = x[i2] - meanX;
      let xh3 = x[i3] - meanX;
      if (standardize) {
        xh0 *= invS;
        xh1 *= invS;
        xh2 *= invS;
        xh3 *= invS;
        sumXhat += xh0 + xh1 + (xh2 + xh3);
      } else {
        sq += xh0 * xh0 + xh1 * xh1 + (xh2 * xh2 + xh3 * xh3);
      }
      let r0 = xh0, r1 = xh1, r2 = xh2, r3 = xh3;
      if (affine) {
        r0 = gamma * xh0 + beta;
        r1 = gamma * xh1 + beta;
        r2 = gamma * xh2 + beta;
        r3 = gamma * xh3 + beta;
      }
      r0 -= y[i];
      r1 -= y[i1];
      r2 -= y[i2];
      r3 -= y[i3];
      loss += r0 * r0 + r1 * r1 + (r2 * r2 + r3 * r3);
      sumR += r0 + r1 + (r2 + r3);
      if (tilted) sumRXhat += r0 * xh0 + r1 * xh1 + (r2 * xh2 + r3 * xh3);
      // The rows at i..i3 read as in the first pass: indices V8 has already computed.
      let u0: number, u1: number, u2: number, u3: number;
      if (one) {
        u0 = u[i];
        u1 = u[i1];
        u2 = u[i2];
        u3 = u[i3];
      } else {
        const at = 2 * i;
        u0 = u[at];
        u1 = u[at + 2];
        u2 = u[at + 4];
        u3 = u[at + 6];
      }
      sumRU0 += r0 * u0 + r1 * u1 + (r2 * u2 + r3 * u3);
      if (standardize) sumXhatU0 += xh0 * u0 + xh1 * u1 + (xh2 * u2 + xh3 * u3);
      if (!one) {
        const at = 2 * i;
        const v0 = u[at + 1], v1 = u[at + 3], v2 = u[at + 5], v3 = u[at + 7];
        sumRU1 += r0 * v0 + r1 * v1 + (r2 * v2 + r3 * v3);
        if (standardize) sumXhatU1 += xh0 * v0 + xh1 * v1 + (xh2 * v2 + xh3 * v3);
      }
    }
    // What the four-wide loop summed (all 0 if it did not run), for the plain loop to add to.
    sumsR[0] = sumR;
    sumsOne[0] = fast;
    sumsXhat[0] = sumXhat;
    sumsR[1] = sumRU0;
    sumsOne[1] = sumU0;
    sumsXhat[1] = sumXhatU0;
    if (!one) {
      sumsR[2] = sumRU1;
      sumsOne[2] = sumU1;
      sumsXhat[2] = sumXhatU1;
    }
    for (let k = 3; k <= dims; k++) sumsR[k] = sumsOne[k] = sumsXhat[k] = 0;
    for (let i = fast; i < m; i++) {
      let xh = x[i] - meanX;
      if (standardize) xh *= invS;
      else sq += xh * xh;
      const r = (affine ? gamma * xh + beta : xh) - y[i];
      loss += r * r;
      sumR += r;
      if (tilted) sumRXhat += r * xh;
      // θ′ = 1 − x² for tanh, 1 where x > 0 for relu.
      const slope = tanh ? 1 - x[i] * x[i] : relu ? (x[i] > 0 ? 1 : 0) : 1;
      sumsR[0] += slope * r;
      sumsOne[0] += slope;
      sumsXhat[0] += slope * xh;
      for (let k = 1, at = i * dims; k <= dims; k++, at++) {
        sumsR[k] += slope * r * u[at];
        sumsOne[k] += slope * u[at];
        sumsXhat[k] += slope * xh * u[at];
      }
    }
    const stats = this.stats;
    stats.meanX = meanX;
    stats.varX = sq / m;
    stats.scale = scale;
    this.m = m;
    this.gOfR = (affine ? gamma : 1) / m;
    this.sumR = sumR;
    this.sumRXhat = sumRXhat;
    this.loss = (0.5 * loss) / m;
  }

  /**
   * The gradients of the last forward pass's loss, by the given rule. Under either rule
   * ∂L/∂xᵢ = (gᵢ − shift − x̂ᵢ·tilt)/s (normalize.ts) and ∂L/∂zᵢ = θ′ᵢ·∂L/∂xᵢ, so with
   * g = γ·r/m, for each input uₖ (1 for the bias)
   *
   *     ∂L/∂wₖ = Σᵢ ∂L/∂zᵢ·uᵢₖ = (γ/m·Σθ′·r·uₖ − shift·Σθ′·uₖ − tilt·Σθ′·x̂·uₖ) / s,
   *
   * from the sums lossPasses() took: no pass over the batch is left to do.
   */
  backwardBatch(rule: GradientRule): void {
    const { sumsR, sumsOne, sumsXhat, grads, gOfR, m } = this;
    const meanG = (gOfR * this.sumR) / m;
    const meanGXhat = (gOfR * this.sumRXhat) / m;
    const { shift, tilt } = statisticsTerms(rule, this.arch.normalize, meanG, meanGXhat, this.terms);
    const invS = 1 / this.stats.scale;
    for (let k = 0; k < sumsR.length; k++) {
      const grad = (gOfR * sumsR[k] - shift * sumsOne[k] - tilt * sumsXhat[k]) * invS;
      if (k === 0) grads.b = grad;
      else grads.w[k - 1] = grad;
    }
    // ∂L/∂γ = Σ∂L/∂out·x̂ and ∂L/∂β = Σ∂L/∂out, with ∂L/∂out = r/m.
    const affine = this.affine === true;
    grads.gamma = affine ? this.sumRXhat / m : 0;
    grads.beta = affine ? this.sumR / m : 0;
  }

  /**
   * Eval-mode loss: normalize with given (running) statistics instead of the batch's, as a
   * deployed Batch Normalization layer does.
   */
  evalLoss(data: Dataset, idx: Int32Array, m: number, meanX: number, varX: number): number {
    const { dims, normalize, epsilon } = this.arch;
    const { w, b, gamma, beta } = this.params;
    const { tanh, relu, affine } = this;
    const scale = scaleOf(normalize, varX, epsilon);
    let loss = 0;
    for (let i = 0; i < m; i++) {
      const row = idx[i] * dims;
      let s = b;
      for (let k = 0; k < dims; k++) s += w[k] * data.u[row + k];
      const xi = tanh ? Math.tanh(s) : relu ? (s > 0 ? s : 0) : s;
      const xh = (xi - meanX) / scale;
      const r = (affine ? gamma * xh + beta : xh) - data.y[idx[i]];
      loss += 0.5 * r * r;
    }
    return loss / m;
  }
}
