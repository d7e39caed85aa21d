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
 * - A step is three passes over the batch, each ending in the sum the next one needs:
 *   x = θ(w·u + b) with Σx (→ μ); the loss with g = ∂L/∂x̂ and Σg, Σg·x̂ (→ the rule's terms);
 *   ∂L/∂w and ∂L/∂b. Standardizing adds a pass for Σ(x − μ)², since s is needed before any x̂.
 * - The hot loops take two examples per iteration, i and its partner j = i + 1 (named once, or
 *   V8 checks i + 1 again for every array). V8 re-checks every typed array on every iteration,
 *   which costs more than the arithmetic; pairing examples halves that. Sums still add their
 *   terms in example order, so results are bit-for-bit those of the plain loop that follows each
 *   pair loop (it finishes an odd batch, and runs the rarer shapes).
 */
export class Network {
  readonly arch: Architecture;
  readonly params: Parameters;
  readonly grads: Gradients;
  readonly stats: BatchStatistics = { meanX: 0, varX: 0, scale: 1 };
  /** x of the last forward pass, indexed by position in the batch. */
  readonly x: Float64Array;
  /** x̂ of the last forward(); training keeps it only when standardizing (see lossPasses). */
  readonly xhat: Float64Array;
  /** g = ∂L/∂x̂ of the last forward pass; ∂L/∂z of the last backward pass (inputs beyond two). */
  private readonly g: Float64Array;
  private readonly dLdz: Float64Array;
  /** Rows picked by forward/backward(data, idx, m), copied so the passes read them in order. */
  private readonly rowsU: Float64Array;
  private readonly rowsY: Float64Array;
  // The architecture's choices as booleans, decided once: a name parsed from YAML need not be
  // an interned string, and comparing one costs a call.
  private readonly tanh: boolean;
  private readonly relu: boolean;
  private readonly standardize: boolean;
  private readonly affine: boolean;
  // Results of lossPasses() that backwardBatch() reads. NaN, not 0, to start: a field first
  // seen holding a small integer is compiled as one, and recompiled when it no longer is.
  private sumG = NaN;
  private sumGXhat = NaN;
  private gradGamma = NaN;
  private gradBeta = NaN;
  private readonly terms: StatisticsTerms = { shift: NaN, tilt: NaN };

  constructor(arch: Architecture, init: { w: ArrayLike<number>; b: number }, capacity: number) {
    this.arch = arch;
    this.params = { w: Float64Array.from(init.w), b: init.b, gamma: 1, beta: 0 };
    this.grads = { w: new Float64Array(arch.dims), b: 0, gamma: 0, beta: 0 };
    this.x = new Float64Array(capacity);
    this.xhat = new Float64Array(capacity);
    this.g = new Float64Array(capacity);
    this.dLdz = new Float64Array(arch.dims > 2 ? capacity : 0);
    this.rowsU = new Float64Array(capacity * arch.dims);
    this.rowsY = new Float64Array(capacity);
    this.tanh = arch.activation === 'tanh';
    this.relu = arch.activation === 'relu';
    this.standardize = arch.normalize === 'standardize';
    this.affine = arch.affine === true;
    this.warmUp();
  }

  /**
   * Short passes over made-up examples, before any real batch. V8 records what a function's code
   * sees (its feedback) only once the function has run a while. A first call that loops over
   * thousands of examples gets optimized halfway through, without feedback for the code around
   * its loops; on the next call that code fails its checks, and from then on V8 enters the
   * function in the middle of its loop instead, at half speed, for the rest of the run. Short
   * calls first give V8 the feedback, for this architecture's branches and both rules.
   */
  private warmUp(): void {
    const { dims } = this.arch;
    for (let round = 0; round < 16; round++) {
      // Two examples run a pair loop once; three also run the loop after it, for an odd batch.
      const m = Math.min(this.x.length, 2 + (round % 2));
      const u = Float64Array.from({ length: m * dims }, (_, k) => (k % 3) - 1);
      const y = Float64Array.from({ length: m }, (_, i) => i);
      this.forwardBatch(u, y, m);
      this.backwardBatch(u, m, round % 4 < 2 ? 'naive' : 'backprop');
      const all = Int32Array.from({ length: m }, (_, i) => i);
      this.evalLoss({ n: m, dims, u, y }, all, m, 0, 1);
    }
    // Back to the state of a network that has seen no batch.
    this.x.fill(0);
    this.xhat.fill(0);
    this.g.fill(0);
    this.stats.meanX = 0;
    this.stats.varX = 0;
    this.stats.scale = 1;
    this.grads.w.fill(0);
    this.grads.b = 0;
    this.grads.gamma = 0;
    this.grads.beta = 0;
  }

  /** Forward pass over data examples idx[0..m); returns the batch loss. */
  forward(data: Dataset, idx: Int32Array, m: number): number {
    gatherBatch(data, idx, m, this.rowsU, this.rowsY);
    return this.forwardBatch(this.rowsU, this.rowsY, m);
  }

  /** Gradients of the last forward pass's loss, by the given rule, into this.grads. */
  backward(data: Dataset, idx: Int32Array, m: number, rule: GradientRule): void {
    gatherBatch(data, idx, m, this.rowsU, this.rowsY);
    this.backwardBatch(this.rowsU, m, rule);
  }

  /** forward() for a batch already laid out in order: u is m×dims row-major, y has m targets. */
  forwardBatch(u: Float64Array, y: Float64Array, m: number): number {
    const loss = this.lossPasses(u, y, m);
    this.fillXhat(m);
    return loss;
  }

  /** x̂ = (x − μ)/s from the last forward pass's x and statistics, for whoever inspects it. */
  fillXhat(m: number): void {
    const { x, xhat } = this;
    const { meanX, scale } = this.stats;
    for (let i = 0; i < m; i++) xhat[i] = (x[i] - meanX) / scale;
  }

  /**
   * The forward pass as training needs it: x, the statistics, the loss, and g = ∂L/∂x̂ with
   * the sums backwardBatch() needs. x̂ itself is kept only when standardizing, where the
   * backprop rule's gradient uses it; centring's never does.
   */
  lossPasses(u: Float64Array, y: Float64Array, m: number): number {
    const { dims, epsilon } = this.arch;
    const { w, b, gamma, beta } = this.params;
    const { x, xhat, g, tanh, relu, standardize, affine } = this;
    const one = dims === 1;
    const w0 = w[0];
    // With several inputs, z = w·u + b goes into x first: the first two inputs in one pass, any
    // further ones a pass each, adding in the order b + w₀u₀ + w₁u₁ + … as per example. One
    // input is computed where it is used.
    if (!one) {
      const w1 = w[1];
      for (let i = 0, at = 0; i < m; i++, at += dims) x[i] = b + w0 * u[at] + w1 * u[at + 1];
      for (let k = 2; k < dims; k++) {
        const wk = w[k];
        for (let i = 0, at = k; i < m; i++, at += dims) x[i] += wk * u[at];
      }
    }
    // x = θ(z) and Σx: a loop per θ, as Math.tanh's call would push the sum out of its register.
    let sumX = 0;
    let i = 0;
    if (tanh) {
      for (; i < m; i++) sumX += x[i] = Math.tanh(one ? b + w0 * u[i] : x[i]);
    } else if (relu) {
      for (; i < m; i++) {
        const z = one ? b + w0 * u[i] : x[i];
        sumX += x[i] = z > 0 ? z : 0;
      }
    } else if (one) {
      for (; i + 1 < m; i += 2) {
        const j = i + 1;
        const x0 = b + w0 * u[i];
        const x1 = b + w0 * u[j];
        x[i] = x0;
        x[j] = x1;
        sumX += x0;
        sumX += x1;
      }
      if (i < m) sumX += x[i] = b + w0 * u[i];
    } else {
      for (; i + 1 < m; i += 2) {
        const j = i + 1;
        sumX += x[i];
        sumX += x[j];
      }
      if (i < m) sumX += x[i];
    }
    const meanX = sumX / m;
    let sq = 0;
    if (standardize) {
      for (i = 0; i + 1 < m; i += 2) {
        const j = i + 1;
        const d0 = x[i] - meanX;
        const d1 = x[j] - meanX;
        sq += d0 * d0;
        sq += d1 * d1;
      }
      if (i < m) sq += (x[i] - meanX) * (x[i] - meanX);
    }
    const scale = scaleOf(this.arch.normalize, sq / m, epsilon);
    // The loss, with out = γ·x̂ + β (x̂ alone without γ, β) and g = ∂L/∂x̂ = γ·(out − y)/m. When
    // centring, s = 1 and Σ(x − μ)² is taken here, for the record. Divisions are the slowest
    // arithmetic here, so none is done that cannot change a bit: x/1 is x, and when m is a power
    // of two, r·(1/m) is exactly r/m (invM = 0: divide).
    const invM = (m & (m - 1)) === 0 ? 1 / m : 0;
    let loss = 0;
    let gGamma = 0;
    let gBeta = 0;
    let sumG = 0;
    let sumGXhat = 0;
    for (i = 0; i + 1 < m; i += 2) {
      const j = i + 1;
      const d0 = x[i] - meanX;
      const d1 = x[j] - meanX;
      let xh0 = d0;
      let xh1 = d1;
      if (standardize) {
        xh0 = d0 / scale;
        xh1 = d1 / scale;
        xhat[i] = xh0;
        xhat[j] = xh1;
      } else {
        sq += d0 * d0;
        sq += d1 * d1;
      }
      let out0 = xh0;
      let out1 = xh1;
      if (affine) {
        out0 = gamma * xh0 + beta;
        out1 = gamma * xh1 + beta;
      }
      const r0 = out0 - y[i];
      const r1 = out1 - y[j];
      loss += 0.5 * r0 * r0;
      loss += 0.5 * r1 * r1;
      let dOut0: number;
      let dOut1: number;
      if (invM) {
        dOut0 = r0 * invM;
        dOut1 = r1 * invM;
      } else {
        dOut0 = r0 / m;
        dOut1 = r1 / m;
      }
      gGamma += dOut0 * xh0;
      gGamma += dOut1 * xh1;
      gBeta += dOut0;
      gBeta += dOut1;
      if (affine) {
        const g0 = gamma * dOut0;
        const g1 = gamma * dOut1;
        g[i] = g0;
        g[j] = g1;
        sumG += g0;
        sumG += g1;
        sumGXhat += g0 * xh0;
        sumGXhat += g1 * xh1;
      } else {
        g[i] = dOut0;
        g[j] = dOut1;
      }
    }
    for (; i < m; i++) {
      const d = x[i] - meanX;
      let xh = d;
      if (standardize) {
        xh = d / scale;
        xhat[i] = xh;
      } else {
        sq += d * d;
      }
      const r = (affine ? gamma * xh + beta : xh) - y[i];
      loss += 0.5 * r * r;
      const dOut = invM ? r * invM : r / m;
      gGamma += dOut * xh;
      gBeta += dOut;
      if (affine) {
        const gi = gamma * dOut;
        g[i] = gi;
        sumG += gi;
        sumGXhat += gi * xh;
      } else {
        g[i] = dOut;
      }
    }
    const stats = this.stats;
    stats.meanX = meanX;
    stats.varX = sq / m;
    stats.scale = scale;
    this.gradGamma = affine ? gGamma : 0;
    this.gradBeta = affine ? gBeta : 0;
    // Without γ, g is ∂L/∂out itself, so its sums are the ones just taken for γ and β.
    this.sumG = affine ? sumG : gBeta;
    this.sumGXhat = affine ? sumGXhat : gGamma;
    return loss / m;
  }

  /** backward() for the batch of the last lossPasses() (y is no longer needed: g holds it). */
  backwardBatch(u: Float64Array, m: number, rule: GradientRule): void {
    const dims = this.arch.dims;
    const { x, xhat, g, dLdz, grads, tanh, relu, standardize } = this;
    const { shift, tilt } = statisticsTerms(rule, this.arch.normalize, this.sumG / m, this.sumGXhat / m, this.terms);
    const s = this.stats.scale;
    const one = dims === 1;
    // ∂L/∂z for each example, summed into ∂L/∂b and, for the first two inputs, into ∂L/∂w in
    // registers; any further inputs take a pass each over ∂L/∂z, kept for them.
    let gw0 = 0;
    let gw1 = 0;
    let gb = 0;
    let i = 0;
    if (one && !tanh && !relu && !standardize) {
      // The paper's shape: ∂L/∂z = ∂L/∂x = g − shift (θ′ = 1, s = 1, no tilt when centring).
      for (; i + 1 < m; i += 2) {
        const j = i + 1;
        const dz0 = g[i] - shift;
        const dz1 = g[j] - shift;
        gb += dz0;
        gb += dz1;
        gw0 += dz0 * u[i];
        gw0 += dz1 * u[j];
      }
    }
    for (let at = i * dims; i < m; i++, at += dims) {
      // ∂L/∂x by this rule's terms (normalize.ts; centring has s = 1 and no tilt), then
      // through θ: θ′ = 1 − x², or 1 where x > 0.
      const dx = standardize ? (g[i] - shift - xhat[i] * tilt) / s : g[i] - shift;
      const dz = dx * (tanh ? 1 - x[i] * x[i] : relu ? (x[i] > 0 ? 1 : 0) : 1);
      gb += dz;
      gw0 += dz * u[at];
      if (!one) {
        gw1 += dz * u[at + 1];
        if (dims > 2) dLdz[i] = dz;
      }
    }
    const gw = grads.w;
    gw[0] = gw0;
    if (!one) gw[1] = gw1;
    for (let k = 2; k < dims; k++) {
      let sum = 0;
      for (let j = 0, at = k; j < m; j++, at += dims) sum += dLdz[j] * u[at];
      gw[k] = sum;
    }
    grads.b = gb;
    grads.gamma = this.gradGamma;
    grads.beta = this.gradBeta;
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
