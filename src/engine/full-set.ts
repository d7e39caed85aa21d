import type { Dataset } from './data.js';
import type { Architecture, Parameters } from './model.js';

/**
 * The full-set loss of a centred linear network (θ = identity, centring, with or without γ, β)
 * in closed form, with a bound on how far Network.forwardBatch's and Network.evalLoss's rounded
 * passes can be from it. What the event detector reads at every step of a minibatch run, where
 * the passes would cost two sweeps over the data per model per step (events.ts).
 *
 * With x = w·u + b and x̂ = x − E[x] = w·(u − ū), b drops out: every residual is
 * rᵢ = γ·w·ũᵢ + c − yᵢ with ũ = u − ū, c = β in train mode and c = γ·(w·ū + b − μ_run) + β in eval
 * mode, so
 *
 *     Σr² = γ²·wᵀSᵤᵤw − 2γ·wᵀSᵤᵧ + Sᵧᵧ + n·(ȳ − c)²,   L = Σr²/2n,
 *
 * with the centred moments Sᵤᵤ = Σũũᵀ, Sᵤᵧ = Σũ(y − ȳ), Sᵧᵧ = Σ(y − ȳ)² taken once.
 *
 * The bound (a margin m with |pass − estimate| ≤ m) is a forward error analysis with slack
 * (SLACK×): a pass rounds xᵢ = b + w·uᵢ, E[x] and x̂ᵢ with an error below (2n + 2·dims + 8)·ε·X,
 * X = |b| + Σ|wₖ|·max|uₖ|; a residual off by δ moves L by at most δ·√(2L) + δ²/2; summing n
 * squares adds (n + 4)·ε·L; the closed form itself is off by (n + 10)·ε times the size of its
 * terms. A caller that needs the pass's bits where a decision is close runs the pass.
 */
const EPS = Number.EPSILON;
const SLACK = 8;
/** Beyond this |x| a pass could overflow; the estimate then says nothing (safe = false). */
const SAFE_MAGNITUDE = 1e100;

export function closedFormFits(arch: Architecture): boolean {
  return arch.activation === 'identity' && arch.normalize === 'center';
}

export class CentredLinearLoss {
  /** The estimate of the pass's full-set loss and the margin around it. */
  loss = NaN;
  lossMargin = NaN;
  /** The same for the eval-mode loss (running statistics); NaN when not asked for. */
  evalLoss = NaN;
  evalMargin = NaN;
  /** Whether every number a pass computes is certainly finite at these parameters. */
  safe = false;

  private readonly n: number;
  private readonly dims: number;
  private readonly affine: boolean;
  private readonly uMean: Float64Array;
  private readonly uMax: Float64Array;
  /** Sᵤᵤ, dims×dims row-major. */
  private readonly suu: Float64Array;
  private readonly suy: Float64Array;
  private readonly yMean: number;
  private readonly syy: number;
  private readonly yMax: number;

  constructor(data: Dataset, arch: Architecture) {
    if (!closedFormFits(arch)) throw new Error('CentredLinearLoss: needs θ = identity and centring');
    const { n, dims, u, y } = data;
    this.n = n;
    this.dims = dims;
    this.affine = arch.affine === true;
    this.uMean = new Float64Array(dims);
    this.uMax = new Float64Array(dims);
    this.suu = new Float64Array(dims * dims);
    this.suy = new Float64Array(dims);
    let ySum = 0;
    let yMax = 0;
    for (let i = 0; i < n; i++) {
      ySum += y[i];
      yMax = Math.max(yMax, Math.abs(y[i]));
      for (let k = 0; k < dims; k++) {
        this.uMean[k] += u[i * dims + k];
        this.uMax[k] = Math.max(this.uMax[k], Math.abs(u[i * dims + k]));
      }
    }
    for (let k = 0; k < dims; k++) this.uMean[k] /= n;
    const yMean = ySum / n;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const dy = y[i] - yMean;
      syy += dy * dy;
      for (let k = 0; k < dims; k++) {
        const dk = u[i * dims + k] - this.uMean[k];
        this.suy[k] += dk * dy;
        for (let l = 0; l < dims; l++) this.suu[k * dims + l] += dk * (u[i * dims + l] - this.uMean[l]);
      }
    }
    this.yMean = yMean;
    this.syy = syy;
    this.yMax = yMax;
  }

  /**
   * Estimates and margins at these parameters; the eval-mode loss too when `running` is given
   * (centring: the running variance is not used, s = 1). An object, not a number: a fraction
   * passed to a call V8 does not inline is boxed, garbage at every step.
   */
  estimate(p: Parameters, running: { readonly runningMean: number } | null): void {
    const { n, dims, suu, suy, uMean, uMax } = this;
    const w = p.w;
    const gamma = this.affine ? p.gamma : 1;
    const beta = this.affine ? p.beta : 0;
    let x = Math.abs(p.b);
    let wSuuW = 0;
    let wSuy = 0;
    let wMean = 0;
    let wMeanAbs = 0;
    for (let k = 0; k < dims; k++) {
      x += Math.abs(w[k]) * uMax[k];
      wSuy += w[k] * suy[k];
      wMean += w[k] * uMean[k];
      wMeanAbs += Math.abs(w[k] * uMean[k]);
      for (let l = 0; l < dims; l++) wSuuW += w[k] * suu[k * dims + l] * w[l];
    }
    const t1 = gamma * gamma * wSuuW;
    const t2 = 2 * gamma * wSuy;
    const g = Math.abs(gamma);
    const rm = running === null ? 0 : running.runningMean;
    this.safe =
      x <= SAFE_MAGNITUDE &&
      Math.abs(rm) <= SAFE_MAGNITUDE &&
      g <= SAFE_MAGNITUDE &&
      Math.abs(beta) <= SAFE_MAGNITUDE &&
      Number.isFinite(t1 + t2);
    if (!this.safe) {
      this.loss = this.lossMargin = this.evalLoss = this.evalMargin = NaN;
      return;
    }
    const Y = this.yMax;
    // Train mode: c = β.
    const dTrain = g * (2 * n + 2 * dims + 8) * EPS * x + 4 * EPS * (g * 2 * x + Math.abs(beta) + Y);
    this.estimateInto(t1, t2, beta, 0, dTrain, false);
    if (running === null) {
      this.evalLoss = this.evalMargin = NaN;
      return;
    }
    const c = gamma * (wMean + p.b - rm) + beta;
    const dc = 4 * EPS * (2 * g * (wMeanAbs + Math.abs(p.b) + Math.abs(rm)) + Math.abs(beta));
    const xe = x + Math.abs(rm);
    const dEval = g * (dims + 3) * EPS * xe + 4 * EPS * (g * xe + Math.abs(beta) + Y);
    this.estimateInto(t1, t2, c, dc, dEval, true);
  }

  /** L = Σr²/2n for residual offset c (known to ±dc), passes rounding each residual by up to d. */
  private estimateInto(t1: number, t2: number, c: number, dc: number, d: number, evalMode: boolean): void {
    const n = this.n;
    const off = this.yMean - c;
    const t3 = this.syy + n * off * off;
    const loss = (t1 - t2 + t3) / (2 * n);
    let margin = ((n + 10) * EPS * (Math.abs(t1) + Math.abs(t2) + t3)) / (2 * n);
    margin += (2 * n * Math.abs(off) * dc + n * dc * dc) / (2 * n);
    const top = Math.max(loss, 0) + margin;
    margin += d * Math.sqrt(2 * top) + (d * d) / 2 + (n + 4) * EPS * top;
    margin *= SLACK;
    if (evalMode) {
      this.evalLoss = loss;
      this.evalMargin = margin;
    } else {
      this.loss = loss;
      this.lossMargin = margin;
    }
  }
}
