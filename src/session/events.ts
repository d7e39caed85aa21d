import { CentredLinearLoss, closedFormFits } from '../engine/full-set.js';
import { Network } from '../engine/model.js';
import type { GradientRule } from '../engine/normalize.js';
import type { StepState, Trainer } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { formatNumber } from './format.js';
import { RULES, type Pair } from './pair.js';

/**
 * Events found in the numbers: things a lecturer would stop on, recognized from each model's
 * state at every step, never from a scenario's step numbers. The rules, all judged on the
 * numbers a step line of the NDJSON reports for that step (so anyone can check them from
 * `--json --every 1`):
 *
 * - divergence: the first step whose state says `diverged`. A diverged model has stopped:
 *   nothing after it is news, so it reports no further events.
 * - sign-flip: w points the other way than one step before, w(t)·w(t−1) < 0 (against the last
 *   w that was not exactly 0). With one input this is w changing sign; with several it is w
 *   turning by more than a right angle in one step (batchnorm-2d's naive jumps), which does not
 *   depend on the axes. A component drifting slowly through 0 is not a flip of w.
 * - loss-spike: loss(t) > 2 × the median of the model's own last 20 losses (steps t−20..t−1,
 *   judged from step 5 on with the steps there are), AND loss(t) > 2 × the other model's loss at
 *   t (unless that model has diverged), AND loss(t) ≥ 10⁻⁶ × its loss at step 0 (round-off near
 *   a loss of 0 is not a spike). One event when the condition starts to hold, none while it
 *   goes on holding.
 * - relu-dead: with a ReLU, the first step where x = 0 for every training example (E[x] = 0
 *   exactly: x ≥ 0, so a zero mean means every x is 0). Then θ′(z) = 0 for every example, every
 *   gradient is 0, and nothing can move w or b again.
 * - bias-power: |b| reaches the next power of ten, 10ᵏ with k ≥ 0, that it had not reached at
 *   step 0 or since: 1, 10, 100, … One event per step, naming the largest power passed.
 * - eval-gap: with running statistics, |evalLoss − loss| / loss goes above 0.5 after having been
 *   at most 0.5; once parted, it must come back to 0.25 or less before it can part again.
 *
 * The detector is O(dims) per step with a full batch (the median of 20 is sorted only when a
 * loss is already twice the other model's) and allocates nothing unless it reports an
 * event. With minibatches the NDJSON's loss is on the full training set, which the engine does
 * not compute to train: reading it costs one forward pass over the data (and one eval pass with
 * running statistics) per model per step. For a centred linear network (θ = identity, centring)
 * observePair() reads instead an estimate in closed form with a margin around the pass's value
 * (engine/full-set.ts), and runs the passes only at steps where a rule's decision, or an event's
 * text, could depend on where in its margin the pass would land: the same events, to the bit,
 * at a few sums a step. Losses remembered from estimates are recomputed from the parameters
 * kept with them when the spike rule needs its median.
 */

export type EventKind = 'divergence' | 'sign-flip' | 'loss-spike' | 'relu-dead' | 'bias-power' | 'eval-gap';

export interface SessionEvent {
  step: number;
  model: GradientRule;
  kind: EventKind;
  /** One line in plain words. */
  text: string;
}

/** The rules' constants, as the comment above states them. */
export const EVENT_RULES = {
  spikeFactor: 2,
  spikeWindow: 20,
  spikeMinHistory: 5,
  spikeFloor: 1e-6,
  evalGapPart: 0.5,
  evalGapRearm: 0.25,
} as const;

/** What the rules read of one model at one step: a subset of StepState. */
export interface Reading {
  step: number;
  diverged: boolean;
  loss: number;
  w: ArrayLike<number>;
  b: number;
  meanX: number;
  /** Present with running statistics. */
  evalLoss?: number;
  /**
   * Set when loss is an estimate within ±lossMargin of the pass's value (observePair only); the
   * parameters it was read at then come along, to recompute it when needed.
   */
  lossMargin?: number;
  gamma?: number;
  beta?: number;
}

const NO_EVENTS: readonly SessionEvent[] = Object.freeze([]);

/** 10⁰ … 10³⁰⁸ as the literals parse (10 ** k is not always the nearest double). */
const POWERS: readonly number[] = Array.from({ length: 309 }, (_, k) => Number(`1e${k}`));

/**
 * Plain words for a power of ten: 1,000 up to a million, 10^7 beyond. The commas by hand:
 * toLocaleString would load ICU's number formatting, 8 ms of CPU for a headless run's first event.
 */
function powerText(k: number): string {
  return k <= 6 ? String(POWERS[k]).replace(/\B(?=(\d{3})+$)/g, ',') : `10^${k}`;
}

const fmt = (v: number): string => formatNumber(v, Math.abs(v));

function vecText(w: ArrayLike<number>): string {
  if (w.length === 1) return fmt(w[0]);
  const parts: string[] = [];
  for (let k = 0; k < w.length; k++) parts.push(fmt(w[k]));
  return `(${parts.join(', ')})`;
}

/** One model's memory between steps: fixed-size arrays, filled in place. */
class ModelTrack {
  readonly rule: GradientRule;
  readonly lastW: Float64Array;
  hasLastW = false;
  stopped = false;
  dead = false;
  /** Index into POWERS of the next power of ten |b| has to reach. */
  nextPower = -1;
  loss0 = NaN;
  /** The last spikeWindow losses, oldest overwritten first; `scratch` sorts a copy when needed. */
  readonly ring: Float64Array;
  /**
   * Per ring slot: 1 when its loss is an estimate, and the parameters it was estimated at
   * (w, then b, γ, β) to recompute the pass's value from.
   */
  readonly estimated: Uint8Array;
  readonly kept: Float64Array;
  readonly scratch: Float64Array;
  count = 0;
  head = 0;
  spiking = false;
  /** eval-gap: may part (it has been close), has parted (and not come back to rearm). */
  gapArmed = false;
  gapParted = false;

  constructor(rule: GradientRule, dims: number) {
    this.rule = rule;
    this.lastW = new Float64Array(dims);
    this.ring = new Float64Array(EVENT_RULES.spikeWindow);
    this.scratch = new Float64Array(EVENT_RULES.spikeWindow);
    this.estimated = new Uint8Array(EVENT_RULES.spikeWindow);
    this.kept = new Float64Array(EVENT_RULES.spikeWindow * (dims + 3));
  }

  /**
   * The lower median of the losses held, sorted[⌊(count − 1)/2⌋]: an insertion sort of at most
   * 20 numbers, done only on the rare steps where the other tests of a spike already pass.
   */
  median(): number {
    const { ring, scratch } = this;
    const n = this.count;
    for (let i = 0; i < n; i++) {
      const v = ring[i];
      let j = i;
      while (j > 0 && scratch[j - 1] > v) {
        scratch[j] = scratch[j - 1];
        j--;
      }
      scratch[j] = v;
    }
    return scratch[(n - 1) >> 1];
  }

  remember(s: Reading): void {
    const at = this.head;
    this.ring[at] = s.loss;
    if (s.lossMargin) {
      this.estimated[at] = 1;
      const w = s.w;
      const dims = w.length;
      const kept = this.kept;
      const base = at * (dims + 3);
      for (let k = 0; k < dims; k++) kept[base + k] = w[k];
      kept[base + dims] = s.b;
      kept[base + dims + 1] = s.gamma ?? NaN;
      kept[base + dims + 2] = s.beta ?? NaN;
    } else this.estimated[at] = 0;
    this.head = (at + 1) % this.ring.length;
    if (this.count < this.ring.length) this.count++;
  }

  /** Replaces the estimates in the ring by the pass's values, computed on `net` (a spare). */
  settleRing(net: Network, u: Float64Array, y: Float64Array, n: number): void {
    const p = net.params;
    const dims = p.w.length;
    for (let i = 0; i < this.count; i++) {
      if (!this.estimated[i]) continue;
      const base = i * (dims + 3);
      for (let k = 0; k < dims; k++) p.w[k] = this.kept[base + k];
      p.b = this.kept[base + dims];
      p.gamma = this.kept[base + dims + 1];
      p.beta = this.kept[base + dims + 2];
      net.lossPasses(u, y, n);
      this.ring[i] = net.loss;
      this.estimated[i] = 0;
    }
  }
}

/**
 * Feed it both models' state at steps 0, 1, 2, … in order (every step: the rules compare a step
 * with the one before). observe() takes StepStates (or any Reading); observePair() reads the
 * trainers of a Pair directly, without building states, for fast-forwarding. Both give the same
 * events.
 */
export class EventDetector {
  readonly scenario: Scenario;
  private readonly tracks: Record<GradientRule, ModelTrack>;
  private readonly relu: boolean;
  private readonly standardize: boolean;
  private readonly identity: boolean;
  private readonly centredIdentity: boolean;
  private readings: Record<GradientRule, TrainerReading> | null = null;
  private lastStep = -1;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    const dims = scenario.data.dims;
    this.tracks = { naive: new ModelTrack('naive', dims), backprop: new ModelTrack('backprop', dims) };
    this.relu = scenario.model.activation === 'relu';
    this.standardize = scenario.model.normalize === 'standardize';
    this.identity = scenario.model.activation === 'identity';
    this.centredIdentity = this.identity && !this.standardize;
  }

  /** The step last observed (−1 before any). */
  get step(): number {
    return this.lastStep;
  }

  /** Both models' state at the next step. Returns the events found (a shared empty array when none). */
  observe(naive: Reading | StepState, backprop: Reading | StepState): readonly SessionEvent[] {
    if (naive.step !== this.lastStep + 1 || backprop.step !== naive.step)
      throw new Error(`events must be observed at every step in order: got step ${naive.step} after ${this.lastStep}`);
    this.lastStep = naive.step;
    this.found = null;
    this.judge(this.tracks.naive, naive, backprop);
    this.judge(this.tracks.backprop, backprop, naive);
    return this.found ?? NO_EVENTS;
  }

  /**
   * The pair's current step, read from its trainers (prepares their next gradient, as training
   * would). One detector per run: it keeps reading the scenario it was made for.
   */
  observePair(pair: Pair): readonly SessionEvent[] {
    const r = (this.readings ??= { naive: new TrainerReading(pair.naive), backprop: new TrainerReading(pair.backprop) });
    const estimating = r.naive.estimates && this.lastStep >= 0;
    r.naive.read(pair.naive, estimating);
    r.backprop.read(pair.backprop, estimating);
    if (estimating && !(this.settled(this.tracks.naive, r.naive, r.backprop) && this.settled(this.tracks.backprop, r.backprop, r.naive))) {
      // Close to a decision: the passes' own values, now and in the spike rule's memory.
      r.naive.read(pair.naive, false);
      r.backprop.read(pair.backprop, false);
      const data = pair.data;
      for (const rule of RULES) this.tracks[rule].settleRing(r[rule].spare(pair[rule]), data.u, data.y, data.n);
    }
    return this.observe(r.naive, r.backprop);
  }

  /**
   * Whether, with s's loss (and eval loss) anywhere within their margins, every rule that reads
   * them decides as it would on the passes' values and no event that quotes them can fire: then
   * the estimates may stand in for the passes. Anything else (a margin that is not finite, a
   * diverged model, the spike rule's comparison with the other model possible) says no.
   */
  private settled(tr: ModelTrack, s: TrainerReading, other: TrainerReading): boolean {
    if (tr.stopped) return true;
    if (s.diverged || other.diverged || !(s.lossMargin >= 0) || !(other.lossMargin >= 0)) return false;
    // A relative slack, so that the rules' own rounded comparisons of the estimates agree too.
    const up = 1 + 1e-9;
    const lo = s.loss - s.lossMargin;
    const hi = s.loss + s.lossMargin;
    if (!(lo > 0)) return false;
    // loss-spike: only when loss > 2 × the other's can the median matter, or an event fire.
    if (tr.count >= EVENT_RULES.spikeMinHistory && !(hi * up < EVENT_RULES.spikeFactor * (other.loss - other.lossMargin))) return false;
    if (s.evalLoss === undefined) return true;
    if (!(s.evalMargin >= 0)) return false;
    const diff = Math.abs(s.evalLoss - s.loss);
    const spread = s.evalMargin + s.lossMargin;
    const gapHi = ((diff + spread) / lo) * up;
    const gapLo = (Math.max(0, diff - spread) / hi) / up;
    const { evalGapPart: part, evalGapRearm: rearm } = EVENT_RULES;
    const above = (t: number) => gapLo > t;
    const atMost = (t: number) => gapHi < t;
    if (tr.gapArmed) return atMost(part); // above it, an event quoting both losses
    if (above(part)) return true;
    if (!atMost(part)) return false;
    return !tr.gapParted || atMost(rearm) || above(rearm);
  }

  /** Events of the step being judged; null until there is one (nothing allocated on most steps). */
  private found: SessionEvent[] | null = null;

  private emit(step: number, model: GradientRule, kind: EventKind, text: string): void {
    (this.found ??= []).push({ step, model, kind, text });
  }

  private judge(tr: ModelTrack, s: Reading, other: Reading): void {
    if (tr.stopped) return;
    const model = tr.rule;
    const step = s.step;
    if (s.diverged) {
      tr.stopped = true;
      const what = !Number.isFinite(s.loss) ? `its loss is ${fmt(s.loss)}` : 'a number it computes is no longer finite';
      const rest = other.diverged ? '' : `, ${otherName(model)} goes on`;
      this.emit(step, model, 'divergence', `${model} diverged: ${what}, so it stops here${rest}`);
      return;
    }
    const w = s.w;
    const dims = w.length;

    // sign-flip
    let dot = 0;
    let nonzero = false;
    for (let k = 0; k < dims; k++) {
      dot += w[k] * tr.lastW[k];
      if (w[k] !== 0) nonzero = true;
    }
    if (tr.hasLastW && dot < 0) {
      const norm = dims === 1 ? '|w|' : '‖w‖';
      const why = this.standardize && this.identity ? `: near 0 its step, ∝ 1/${norm}, overshoots` : '';
      const move = `${vecText(tr.lastW)} → ${vecText(w)}`;
      this.emit(step, model, 'sign-flip', dims === 1 ? `${model} w flipped sign, ${move}${why}` : `${model} w turned around, ${move}${why}`);
    }
    if (nonzero) {
      for (let k = 0; k < dims; k++) tr.lastW[k] = w[k];
      tr.hasLastW = true;
    }

    // loss-spike
    const loss = s.loss;
    if (step === 0) tr.loss0 = loss;
    const { spikeFactor, spikeMinHistory, spikeFloor } = EVENT_RULES;
    if (tr.count >= spikeMinHistory) {
      // Against a diverged model there is no comparison to make: the run's own level decides.
      const aboveOther = other.diverged || loss > spikeFactor * other.loss;
      const median = aboveOther && loss >= spikeFloor * tr.loss0 ? tr.median() : Infinity;
      const spike = loss > spikeFactor * median;
      if (spike && !tr.spiking) {
        const vsOther = other.diverged ? '' : ` and ${times(loss, other.loss)} ${otherName(model)}'s`;
        this.emit(step, model, 'loss-spike', `${model} loss jumped to ${fmt(loss)}: ${times(loss, median)} its recent level${vsOther}`);
      }
      tr.spiking = spike;
    }
    tr.remember(s);

    // relu-dead
    if (this.relu && !tr.dead && s.meanX === 0) {
      tr.dead = true;
      this.emit(step, model,
        'relu-dead',
        `${model} ReLU died: z ≤ 0 for every example, so x = 0, every gradient is 0 and nothing can move it again`,
      );
    }

    // bias-power
    const ab = Math.abs(s.b);
    if (tr.nextPower < 0) {
      let k = 0;
      while (k < POWERS.length && POWERS[k] <= ab) k++;
      tr.nextPower = k;
    } else if (tr.nextPower < POWERS.length && ab >= POWERS[tr.nextPower]) {
      let k = tr.nextPower;
      while (k + 1 < POWERS.length && POWERS[k + 1] <= ab) k++;
      tr.nextPower = k + 1;
      const why =
        model === 'naive' && this.centredIdentity
          ? ': the re-centring cancels every step, so it never stops'
          : '';
      this.emit(step, model, 'bias-power', `${model} b passed ${s.b < 0 ? '−' : ''}${powerText(k)}${why}`);
    }

    // eval-gap
    const evalLoss = s.evalLoss;
    if (evalLoss !== undefined) {
      const gap = loss > 0 ? Math.abs(evalLoss - loss) / loss : evalLoss === loss ? 0 : Infinity;
      if (gap > EVENT_RULES.evalGapPart) {
        if (tr.gapArmed) {
          tr.gapArmed = false;
          tr.gapParted = true;
          this.emit(step, model,
            'eval-gap',
            `${model} eval loss parted from train loss, ${fmt(evalLoss)} against ${fmt(loss)}: the running averages it normalizes with lag behind`,
          );
        }
      } else if (!tr.gapParted || gap <= EVENT_RULES.evalGapRearm) {
        tr.gapArmed = true;
        tr.gapParted = false;
      }
    }
  }
}

function otherName(model: GradientRule): GradientRule {
  return model === 'naive' ? 'backprop' : 'naive';
}

/** "23×" of a ratio, in words a room reads. */
function times(a: number, b: number): string {
  const r = a / b;
  if (!Number.isFinite(r)) return 'far above';
  return `${r >= 10 ? Math.round(r) : r.toFixed(1)}×`;
}

/**
 * A Trainer read as its step line would report it, without building a StepState: the same
 * numbers to the bit (the test compares them at every step of every built-in).
 */
class TrainerReading implements Reading {
  step = 0;
  diverged = false;
  loss = NaN;
  w: Float64Array;
  b = NaN;
  gamma = NaN;
  beta = NaN;
  meanX = NaN;
  /**
   * evalLoss, kept in a field that only ever holds numbers: one that also held undefined would
   * box every number stored in it (garbage at every step).
   */
  private evalValue = NaN;
  private hasEval = false;
  get evalLoss(): number | undefined {
    return this.hasEval ? this.evalValue : undefined;
  }
  /** 0 when loss and evalLoss are the passes' values; else the estimates' margins. */
  lossMargin = 0;
  evalMargin = 0;
  private readonly fullBatch: boolean;
  private readonly all: Int32Array;
  /** The closed form, for a minibatch run of a centred linear network; else null. */
  private readonly closedForm: CentredLinearLoss | null;
  private spareNet: Network | null = null;

  constructor(trainer: Trainer) {
    const n = trainer.data.n;
    const batch = trainer.spec.batch;
    this.fullBatch = batch === 'full' || batch >= n;
    this.all = new Int32Array(n);
    for (let i = 0; i < n; i++) this.all[i] = i;
    this.w = trainer.net.params.w;
    this.closedForm = !this.fullBatch && closedFormFits(trainer.spec.arch) ? new CentredLinearLoss(trainer.data, trainer.spec.arch) : null;
  }

  /** Whether read() can estimate (see EventDetector.observePair). */
  get estimates(): boolean {
    return this.closedForm !== null;
  }

  /** A network of the trainer's shape for recomputing remembered losses. */
  spare(trainer: Trainer): Network {
    return (this.spareNet ??= new Network(trainer.spec.arch, trainer.spec.init, trainer.data.n));
  }

  /** The trainer's state at its step; `estimate`: from the closed form where it can. */
  read(trainer: Trainer, estimate = false): void {
    this.lossMargin = this.evalMargin = 0;
    if (estimate && this.closedForm !== null && !trainer.diverged && this.estimate(trainer)) return;
    this.readPasses(trainer);
  }

  /** read() from the closed form; false (nothing decided) when its margin says nothing. */
  private estimate(trainer: Trainer): boolean {
    trainer.prepare();
    const cf = this.closedForm!;
    const net = trainer.net;
    const { params, grads } = net;
    const runningMomentum = trainer.spec.runningMomentum;
    cf.estimate(params, runningMomentum === null ? null : trainer);
    if (!cf.safe || !Number.isFinite(cf.lossMargin)) return false;
    // Finite parameters, gradients and running statistics, with a safe estimate: every number
    // the step line reports is finite (Trainer.state's test).
    let sum = params.b + params.gamma + params.beta + grads.b + grads.gamma + grads.beta;
    for (let k = 0; k < params.w.length; k++) sum += params.w[k] + grads.w[k];
    if (runningMomentum !== null) sum += trainer.runningMean + trainer.runningVar + cf.evalMargin;
    if (!Number.isFinite(sum)) return false;
    this.step = trainer.t;
    this.w = params.w;
    this.b = params.b;
    this.gamma = params.gamma;
    this.beta = params.beta;
    this.diverged = false;
    this.loss = cf.loss;
    this.lossMargin = cf.lossMargin;
    this.meanX = NaN; // read by relu-dead only, and θ = identity here
    this.hasEval = runningMomentum !== null;
    this.evalValue = this.hasEval ? cf.evalLoss : NaN;
    this.evalMargin = this.hasEval ? cf.evalMargin : 0;
    return true;
  }

  private readPasses(trainer: Trainer): void {
    // The gradient at θₜ: the next update computes it first anyway (prepare() is idempotent),
    // and it is what decides divergence at t.
    trainer.prepare();
    const net = trainer.net;
    const data = trainer.data;
    this.step = trainer.t;
    this.w = net.params.w;
    this.b = net.params.b;
    this.gamma = net.params.gamma;
    this.beta = net.params.beta;
    if (trainer.diverged) {
      // Read once, for the event's text: a diverged model reports nothing more.
      if (!this.diverged) this.loss = trainer.state().loss;
      this.diverged = true;
      return;
    }
    // A full batch's forward pass at θₜ is the full set's (Trainer.state() reuses it too); a
    // minibatch needs one over the data. The gradient is already taken: the pass only
    // overwrites the network's work arrays, which the update does not read.
    if (!this.fullBatch) net.forwardBatch(data.u, data.y, data.n);
    this.loss = net.loss; // the field, not the return value: a returned fraction can be boxed
    this.meanX = net.stats.meanX;
    const runningMomentum = trainer.spec.runningMomentum;
    this.hasEval = runningMomentum !== null;
    this.evalValue = this.hasEval ? net.evalLoss(data, this.all, data.n, trainer.runningMean, trainer.runningVar) : NaN;
    this.diverged = !this.finite(trainer);
  }

  /** Trainer.state()'s test for a reported number that is not finite (xhat is finite when the loss is). */
  private finite(trainer: Trainer): boolean {
    const { params, grads, stats } = trainer.net;
    let sum = this.loss + params.b + params.gamma + params.beta + grads.b + grads.gamma + grads.beta + stats.meanX + stats.varX;
    for (let k = 0; k < params.w.length; k++) sum += params.w[k] + grads.w[k];
    if (this.evalLoss !== undefined) sum += this.evalLoss + trainer.runningMean + trainer.runningVar;
    // A sum of finite numbers can overflow to ±∞ on its own: only then look one by one.
    if (Number.isFinite(sum)) return true;
    const each = [this.loss, params.b, params.gamma, params.beta, grads.b, grads.gamma, grads.beta, stats.meanX, stats.varX];
    for (let k = 0; k < params.w.length; k++) each.push(params.w[k], grads.w[k]);
    if (this.evalLoss !== undefined) each.push(this.evalLoss, trainer.runningMean, trainer.runningVar);
    return each.every(Number.isFinite);
  }
}

/** Every event of a scenario's run from step 0 to `steps`, with the pair left at `steps`. */
export function eventsOfRun(pair: Pair, steps: number, detector = new EventDetector(pair.scenario)): SessionEvent[] {
  const found: SessionEvent[] = [];
  const take = (e: readonly SessionEvent[]) => {
    for (const x of e) found.push(x);
  };
  if (detector.step < pair.step) take(detector.observePair(pair));
  while (pair.step < steps) {
    for (const rule of RULES) pair[rule].step();
    take(detector.observePair(pair));
  }
  return found;
}
