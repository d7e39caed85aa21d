import type { GradientRule } from '../engine/normalize.js';
import type { StepState, Trainer } from '../engine/trainer.js';
import { seriesValue, type SeriesKey } from './history.js';
import { RULES, type Pair } from './pair.js';
import { QuantityStore, type MinMaxPyramid } from './series.js';

/**
 * Both models' charted quantities over the whole run (series.ts's stores), fed at every step, not
 * only at samples, through Pair.advance's per-step hook.
 *
 * What "every step" covers. The values a step has anyway, once its gradient is prepared, are read
 * at every step: b, w (or ‖w‖), γ, β and ∂L/∂b always; and with a full batch, whose training
 * forward pass is the full-set one, the loss, E[x] and Var[x]. The rest (x̂ of the probe and its
 * spread, the eval loss, and the loss and statistics of a minibatch scenario, where the batch's
 * values are not the full set's) costs a full-set pass, so it is taken at samples only, as
 * history.ts does. A diverged model stops preparing; its stale loss and statistics are not read.
 */

/**
 * Which quantities are read at every step (see above). A parameter the scenario does not learn is
 * constant, and its samples already say so: it is left to them.
 */
export function everyStepKeys(t: Trainer): ReadonlySet<SeriesKey> {
  const { spec, data } = t;
  const keys: SeriesKey[] = ['gradB'];
  if (spec.learn.b) keys.push('bias');
  if (spec.learn.w) keys.push('weight');
  if (spec.arch.affine) keys.push('gamma', 'beta');
  if (spec.batch === 'full' || spec.batch >= data.n) keys.push('loss', 'meanX', 'varX');
  return new Set(keys);
}

/** The pyramids one trainer writes at every step, resolved once so the step loop does no lookups. */
interface Tap {
  bias: MinMaxPyramid | null;
  weight: MinMaxPyramid | null;
  gamma: MinMaxPyramid | null;
  beta: MinMaxPyramid | null;
  gradB: MinMaxPyramid | null;
  loss: MinMaxPyramid | null;
  meanX: MinMaxPyramid | null;
  varX: MinMaxPyramid | null;
}

export class WholeRun {
  readonly keys: readonly SeriesKey[];
  private readonly stores: Record<GradientRule, Map<SeriesKey, QuantityStore>>;
  private readonly taps: Record<GradientRule, Tap>;
  private lastSampled = -1;

  /** `keys`: the quantities charted (rows.ts's rowSpecs); `pair`: the models they come from. */
  constructor(keys: readonly SeriesKey[], pair: Pair, o: { recentCapacity?: number; pyramidCapacity?: number } = {}) {
    this.keys = keys;
    const make = () => new Map(keys.map((k) => [k, new QuantityStore(o.recentCapacity, o.pyramidCapacity)] as const));
    this.stores = { naive: make(), backprop: make() };
    const every = everyStepKeys(pair.naive);
    const tap = (rule: GradientRule): Tap => {
      const s = (k: SeriesKey) => (every.has(k) ? (this.stores[rule].get(k)?.run ?? null) : null);
      return {
        bias: s('bias'),
        weight: s('weight'),
        gamma: s('gamma'),
        beta: s('beta'),
        gradB: s('gradB'),
        loss: s('loss'),
        meanX: s('meanX'),
        varX: s('varX'),
      };
    };
    this.taps = { naive: tap('naive'), backprop: tap('backprop') };
    const tn = this.taps.naive;
    const tb = this.taps.backprop;
    this.observeStep = (n, b) => {
      // The step a sample just took is in that sample's column already.
      if (n.t === this.lastSampled) return;
      observe(n, tn);
      observe(b, tb);
    };
  }

  store(rule: GradientRule, key: SeriesKey): QuantityStore {
    const s = this.stores[rule].get(key);
    if (!s) throw new RangeError(`no whole-run store for ${key}`);
    return s;
  }

  /** A sampled step (as History.record): every charted quantity, into the window and the run. */
  sample(step: number, states: Record<GradientRule, StepState>): void {
    this.lastSampled = step;
    for (const rule of RULES) for (const [key, s] of this.stores[rule]) s.sample(step, seriesValue(states[rule], key));
  }

  /** Pair.advance(k), reading each step's values on the way (O(1) per step, no allocation). */
  advance(pair: Pair, k: number): void {
    pair.advance(k, this.observeStep);
  }

  /** Pair.advance's hook (made once, in the constructor): both trainers prepared at the step about to be taken. */
  private readonly observeStep: (n: Trainer, b: Trainer) => void;

  /**
   * A seek (the presenter's re-run from step 0 to t, steps never going back otherwise): the
   * stores are emptied and filled again from `pair`, fresh at step 0, run to `to` and sampled
   * every `sampleEvery` steps and at `to`, as the live run samples. `onSample` gets each sampled
   * step's states (for the session's history and recording). The one call a session makes on a
   * seek; `pair` ends at step `to`.
   */
  rebuild(pair: Pair, to: number, sampleEvery: number, onSample?: (step: number, states: Record<GradientRule, StepState>) => void): void {
    this.clear();
    const k = Math.max(1, Math.floor(sampleEvery));
    const first = pair.states();
    this.sample(pair.step, first);
    onSample?.(pair.step, first);
    while (pair.step < to) {
      this.advance(pair, Math.min(to - pair.step, k - (pair.step % k)));
      if (pair.step % k === 0 || pair.step === to) {
        const states = pair.states();
        this.sample(pair.step, states);
        onSample?.(pair.step, states);
      }
    }
  }

  clear(): void {
    this.lastSampled = -1;
    for (const rule of RULES) for (const s of this.stores[rule].values()) s.clear();
  }
}

/** A prepared trainer's step-t values: the same numbers Trainer.state() reports for step t. */
function observe(t: Trainer, tap: Tap): void {
  const step = t.t;
  const { params, grads, stats } = t.net;
  tap.bias?.add(step, params.b);
  if (tap.weight) {
    const w = params.w;
    let v: number;
    if (w.length === 1) v = w[0];
    else {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k] * w[k];
      v = Math.sqrt(s);
    }
    tap.weight.add(step, v);
  }
  tap.gamma?.add(step, params.gamma);
  tap.beta?.add(step, params.beta);
  tap.gradB?.add(step, grads.b);
  if (t.diverged) return;
  tap.loss?.add(step, t.net.loss);
  tap.meanX?.add(step, stats.meanX);
  tap.varX?.add(step, stats.varX);
}
