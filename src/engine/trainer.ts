import { SharedBatches, type Sampling } from './batches.js';
import type { Dataset } from './data.js';
import { Network, type Architecture } from './model.js';
import type { GradientRule } from './normalize.js';

export interface TrainingSpec {
  arch: Architecture;
  init: { w: number[]; b: number };
  learn: { w: boolean; b: boolean };
  learningRate: number;
  batch: 'full' | number;
  sampling: Sampling;
  /** Momentum of the running mean/variance (eval-mode statistics); null: not tracked. */
  runningMomentum: number | null;
  /** The example whose x̂ the dashboard follows. */
  probe: number;
}

/** One model's state after `step` updates, as NDJSON and the dashboard report it. */
export interface StepState {
  step: number;
  model: GradientRule;
  /**
   * True when the model has diverged (Trainer.divergedAt ≤ step: it has stopped updating), and
   * also when any number this state reports is not finite, so that a line showing null says
   * diverged. The second can happen alone: divergedAt is decided by training only (the batch's
   * loss and gradients, the parameters after an update), never by the full-set evaluation a
   * recorded state makes, or `--every` would change training. So with a minibatch the full set
   * can give a non-finite loss (its variance 0, or underflowing, with ε = 0) while every batch
   * trains on; such a state is diverged with divergedAt still null.
   */
  diverged: boolean;
  /** Loss on the full training set, normalized with the full set's statistics. */
  loss: number;
  w: number[];
  b: number;
  gamma: number;
  beta: number;
  /** The gradient this model's rule computes at these parameters: the one update step+1 uses. */
  gradW: number[];
  gradB: number;
  gradGamma: number;
  gradBeta: number;
  /** The update to b step+1 makes: Δb = −η·∂L/∂b, 0 when b is not learned or the model has diverged. */
  deltaB: number;
  /**
   * The true gradient at these parameters, on the same batch as gradW and gradB: the backprop
   * rule's, through the statistics (engine/rule-gradient.ts). Set on the naive model's states by
   * the live view, where it samples and draws (session/view-pair.ts), beside the naive rule's
   * estimate; never in headless output. A backprop state's own gradient is the true one.
   */
  trueGradW?: number[];
  trueGradB?: number;
  /** E[x] and Var[x] over the full training set. */
  meanX: number;
  varX: number;
  /** x̂ of the probe example, and the range of x̂ over all examples. */
  xhatProbe: number;
  xhatMin: number;
  xhatMax: number;
  /** Present when running statistics are tracked. */
  runningMean?: number;
  runningVar?: number;
  evalLoss?: number;
}

/**
 * SGD for one network under one gradient rule. A step is split in two so that the state at step
 * t can report the gradient that update t+1 will use: prepare() draws batch t+1 and computes the
 * gradient at θₜ, advance() applies it.
 */
export class Trainer {
  readonly rule: GradientRule;
  readonly spec: TrainingSpec;
  readonly data: Dataset;
  readonly net: Network;
  /** Updates applied so far (a diverged model stops updating but its clock keeps time). */
  t = 0;
  divergedAt: number | null = null;
  runningMean = 0;
  runningVar = 1;

  /** The batch sequence, perhaps shared with the other rule's trainer (Pair). */
  private batches: SharedBatches;
  /** Batches this trainer has taken (one per prepare()). */
  private taken = 0;
  private readonly seed: number;
  private readonly all: Int32Array;
  private m = 0;
  private prepared = false;
  private batchLoss = NaN;
  /** The step whose batch forward pass the network's work arrays hold, if any. */
  private forwardedAt = -1;
  private batchMean = 0;
  private batchVar = 0;
  private readonly isFullBatch: boolean;

  /**
   * `batches`: a batch sequence drawn from the same seed, shared with another trainer (Pair's
   * two see the same batches: one draw and one gather a step instead of two).
   */
  constructor(rule: GradientRule, spec: TrainingSpec, data: Dataset, seed: number, batches?: SharedBatches) {
    this.rule = rule;
    this.spec = spec;
    this.data = data;
    this.seed = seed;
    this.net = new Network(spec.arch, spec.init, data.n);
    this.batches = batches ?? new SharedBatches(data, spec.batch, spec.sampling, seed);
    this.isFullBatch = this.batches.size === data.n;
    this.all = new Int32Array(data.n);
    for (let i = 0; i < data.n; i++) this.all[i] = i;
  }

  get diverged(): boolean {
    return this.divergedAt !== null;
  }

  /** Draw the next batch and compute this rule's gradient at the current parameters. */
  prepare(): void {
    // `=== true` on boolean fields throughout: V8 then tests one value, not every falsy kind.
    if (this.prepared === true) return;
    this.prepared = true;
    // The batch is drawn even when diverged, so a restarted comparison would stay in lockstep.
    // A full batch is always 0..n−1 in order and draws no random numbers: nothing to draw.
    // Same batches whether shared or not: a shared sequence is drawn from the same seed.
    const full = this.isFullBatch === true;
    if (full) this.m = this.data.n;
    else this.m = this.takeBatch();
    if (this.divergedAt !== null) return;
    const net = this.net;
    if (full) net.lossPasses(this.data.u, this.data.y, this.m);
    else net.lossPasses(this.batches.u, this.batches.y, this.m);
    this.batchLoss = net.loss;
    this.forwardedAt = this.t;
    this.batchMean = net.stats.meanX;
    this.batchVar = net.stats.varX;
    net.backwardBatch(this.rule);
    if (!Number.isFinite(this.batchLoss) || !gradsFinite(net)) this.divergedAt = this.t;
  }

  /** The next batch of the sequence, held in this.batches; its size. */
  private takeBatch(): number {
    const k = this.taken++;
    if (!this.batches.at(k)) {
      // Left behind by the trainer it shared with (stepped on its own): replay the sequence
      // from the seed into one of its own, to batch k, and read that from now on.
      const own = new SharedBatches(this.data, this.spec.batch, this.spec.sampling, this.seed);
      for (let j = 0; j < k; j++) own.at(j, false);
      own.at(k);
      this.batches = own;
    }
    return this.batches.size;
  }

  /**
   * The example indices update t+1 uses, in the order the batch is read (prepares it): 0..n−1
   * for a full batch. What `--json --batches` publishes, so a run can be replayed elsewhere.
   */
  nextBatch(): number[] {
    this.prepare();
    return Array.from(this.isFullBatch ? this.all : this.batches.idx.subarray(0, this.m));
  }

  /** Apply the prepared update: θₜ₊₁ = θₜ − η·g for every parameter the scenario lets learn. */
  advance(): void {
    this.prepare();
    this.prepared = false;
    this.t++;
    if (this.divergedAt !== null) return;
    const { params, grads } = this.net;
    const { learn, learningRate: eta, arch, runningMomentum } = this.spec;
    if (learn.w === true) for (let k = 0; k < params.w.length; k++) params.w[k] -= eta * grads.w[k];
    if (learn.b === true) params.b -= eta * grads.b;
    if (arch.affine === true) {
      params.gamma -= eta * grads.gamma;
      params.beta -= eta * grads.beta;
    }
    if (runningMomentum !== null) {
      this.runningMean += runningMomentum * (this.batchMean - this.runningMean);
      this.runningVar += runningMomentum * (this.batchVar - this.runningVar);
    }
    if (!paramsFinite(this.net)) this.divergedAt = this.t;
  }

  step(): void {
    this.prepare();
    this.advance();
  }

  /** Run k updates without recording: the fast-forward path. */
  run(k: number): void {
    for (let i = 0; i < k; i++) {
      this.prepare();
      this.advance();
    }
  }

  /** Of the last evaluate(): the full-set loss, x̂ of the probe example, the eval-mode loss. */
  fullLoss = NaN;
  probeXhat = NaN;
  fullEvalLoss = NaN;

  /**
   * The full-set numbers the state after t updates reports, into the fields above and the
   * network's stats (x̂ of every example too with `allXhat`): state() without its objects, for
   * writers that format a state straight from the trainer. Prepares the next gradient first.
   */
  evaluate(allXhat: boolean): void {
    this.prepare();
    const net = this.net;
    const n = this.data.n;
    // A full batch visits every example in order, so its forward pass is the full-set one; it
    // only lacks x̂, which training does not keep.
    if (this.isFullBatch && this.forwardedAt === this.t) this.fullLoss = this.batchLoss;
    else {
      net.lossPasses(this.data.u, this.data.y, n);
      this.fullLoss = net.loss;
    }
    const probe = this.spec.probe;
    if (allXhat) {
      net.fillXhat(n);
      this.probeXhat = net.xhat[probe];
    } else this.probeXhat = (net.x[probe] - net.stats.meanX) * (1 / net.stats.scale); // as fillXhat
    this.fullEvalLoss =
      this.spec.runningMomentum === null ? NaN : net.evalLoss(this.data, this.all, n, this.runningMean, this.runningVar);
  }

  /** The state after t updates (prepares the next gradient if that has not happened yet). */
  state(): StepState {
    this.evaluate(true);
    const net = this.net;
    const { params, grads } = net;
    const gradW = Array.from(grads.w);
    const gradB = grads.b;
    const gradGamma = grads.gamma;
    const gradBeta = grads.beta;
    const loss = this.fullLoss;
    // net.x, net.xhat and net.stats now describe the full set.
    let xhatMin = Infinity;
    let xhatMax = -Infinity;
    for (let i = 0; i < this.data.n; i++) {
      const v = net.xhat[i];
      if (v < xhatMin) xhatMin = v;
      if (v > xhatMax) xhatMax = v;
    }
    if (!(xhatMin <= xhatMax)) xhatMin = xhatMax = NaN;
    const s: StepState = {
      step: this.t,
      model: this.rule,
      diverged: this.diverged,
      loss,
      w: Array.from(params.w),
      b: params.b,
      gamma: params.gamma,
      beta: params.beta,
      gradW,
      gradB,
      gradGamma,
      gradBeta,
      deltaB: this.spec.learn.b && !this.diverged ? -this.spec.learningRate * gradB : 0,
      meanX: net.stats.meanX,
      varX: net.stats.varX,
      xhatProbe: this.probeXhat,
      xhatMin,
      xhatMax,
    };
    if (this.spec.runningMomentum !== null) {
      s.runningMean = this.runningMean;
      s.runningVar = this.runningVar;
      s.evalLoss = this.fullEvalLoss;
    }
    if (!reportsFinite(s)) s.diverged = true;
    return s;
  }
}

/** Whether every number a state reports in NDJSON and CSV is finite. */
function reportsFinite(s: StepState): boolean {
  const scalars = [s.loss, s.b, s.gamma, s.beta, s.gradB, s.gradGamma, s.gradBeta];
  scalars.push(s.meanX, s.varX, s.xhatProbe);
  if (s.evalLoss !== undefined) scalars.push(s.evalLoss, s.runningMean ?? NaN, s.runningVar ?? NaN);
  return [...scalars, ...s.w, ...s.gradW].every(Number.isFinite);
}

function paramsFinite(net: Network): boolean {
  const p = net.params;
  if (!Number.isFinite(p.b) || !Number.isFinite(p.gamma) || !Number.isFinite(p.beta)) return false;
  for (let k = 0; k < p.w.length; k++) if (!Number.isFinite(p.w[k])) return false;
  return true;
}

function gradsFinite(net: Network): boolean {
  const g = net.grads;
  if (!Number.isFinite(g.b) || !Number.isFinite(g.gamma) || !Number.isFinite(g.beta)) return false;
  for (let k = 0; k < g.w.length; k++) if (!Number.isFinite(g.w[k])) return false;
  return true;
}
