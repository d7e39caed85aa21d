import type { StepState } from '../engine/trainer.js';
import type { GradientRule } from '../engine/normalize.js';

/**
 * Fixed-capacity ring buffer of float64 samples. The live view can run for hours at a million
 * steps a second; memory must not grow with the step count, so the oldest sample is overwritten.
 */
export class Ring {
  readonly capacity: number;
  private readonly buf: Float64Array;
  private start = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer (got ${capacity})`);
    this.capacity = capacity;
    this.buf = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(v: number): void {
    const end = (this.start + this.count) % this.capacity;
    this.buf[end] = v;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The i-th oldest retained sample (0 ≤ i < length). */
  at(i: number): number {
    return this.buf[(this.start + i) % this.capacity];
  }

  /** The newest `n` samples, oldest first (fewer when fewer are held). */
  last(n: number): number[] {
    const k = Math.max(0, Math.min(n, this.count));
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = this.at(this.count - k + i);
    return out;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }
}

/** The quantities the dashboard plots, named as in the paper. */
export const SERIES = [
  'bias',
  'meanX',
  'varX',
  'xhatProbe',
  'xhatSpread',
  'loss',
  'evalLoss',
  'gradB',
  'trueGradB',
  'deltaB',
  'weight',
  'gradW',
  'trueGradW',
  'radialGradW',
  'trueRadialGradW',
  'gamma',
  'beta',
] as const;
export type SeriesKey = (typeof SERIES)[number];

function norm(v: number[]): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

/** w·g: the part of a gradient g along w, which is what changes ‖w‖. */
function along(w: number[], g: number[]): number {
  let d = 0;
  for (let k = 0; k < w.length; k++) d += w[k] * g[k];
  return d;
}

/**
 * The true gradient at a state's parameters (the backprop rule's): a backprop state's own, a
 * naive state's as the view computed it (StepState.trueGradB), NaN where it was not.
 */
function trueGrad(s: StepState): { b: number; w: number[] | undefined } {
  return s.model === 'backprop' ? { b: s.gradB, w: s.gradW } : { b: s.trueGradB ?? NaN, w: s.trueGradW };
}

/**
 * One number per series from a model's state. A non-finite value is kept as NaN so a diverged
 * step is recorded, and later skipped by whatever draws it.
 */
export function seriesValue(s: StepState, key: SeriesKey): number {
  let v: number;
  switch (key) {
    case 'bias':
      v = s.b;
      break;
    case 'meanX':
      v = s.meanX;
      break;
    case 'varX':
      v = s.varX;
      break;
    case 'xhatProbe':
      v = s.xhatProbe;
      break;
    case 'xhatSpread':
      v = s.xhatMax - s.xhatMin;
      break;
    case 'loss':
      v = s.loss;
      break;
    case 'evalLoss':
      v = s.evalLoss ?? NaN;
      break;
    case 'gradB':
      v = s.gradB;
      break;
    case 'weight':
      // One input: the weight itself (its sign matters); several: ‖w‖, the scale that drifts.
      v = s.w.length === 1 ? s.w[0] : norm(s.w);
      break;
    case 'deltaB':
      v = s.deltaB;
      break;
    case 'gradW':
      // As for w: the gradient itself with one input, its norm ‖∂L/∂w‖ with several.
      v = s.gradW.length === 1 ? s.gradW[0] : norm(s.gradW);
      break;
    case 'radialGradW':
      // w·∂L/∂w: the part of the gradient along w, which is what changes ‖w‖ (0 for backprop
      // when standardizing with ε = 0: scaling w changes nothing).
      v = along(s.w, s.gradW);
      break;
    case 'trueGradB':
      v = trueGrad(s).b;
      break;
    case 'trueGradW': {
      const g = trueGrad(s).w;
      v = g === undefined ? NaN : g.length === 1 ? g[0] : norm(g);
      break;
    }
    case 'trueRadialGradW': {
      const g = trueGrad(s).w;
      v = g === undefined ? NaN : along(s.w, g);
      break;
    }
    case 'gamma':
      v = s.gamma;
      break;
    case 'beta':
      v = s.beta;
      break;
  }
  return Number.isFinite(v) ? v : NaN;
}

/**
 * Sampled history of both models: the step of each sample and one ring per (model, series).
 * All rings advance together, so index i of every ring is the same sample.
 */
export class History {
  readonly capacity: number;
  readonly steps: Ring;
  private readonly rings: Record<GradientRule, Record<SeriesKey, Ring>>;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.steps = new Ring(capacity);
    const make = () => Object.fromEntries(SERIES.map((k) => [k, new Ring(capacity)])) as Record<SeriesKey, Ring>;
    this.rings = { naive: make(), backprop: make() };
  }

  get length(): number {
    return this.steps.length;
  }

  /** The step of the newest sample, or -1 when empty. */
  get lastStep(): number {
    return this.steps.length === 0 ? -1 : this.steps.at(this.steps.length - 1);
  }

  record(step: number, states: Record<GradientRule, StepState>): void {
    this.steps.push(step);
    for (const rule of ['naive', 'backprop'] as const)
      for (const key of SERIES) this.rings[rule][key].push(seriesValue(states[rule], key));
  }

  series(rule: GradientRule, key: SeriesKey): Ring {
    return this.rings[rule][key];
  }

  clear(): void {
    this.steps.clear();
    for (const rule of ['naive', 'backprop'] as const) for (const key of SERIES) this.rings[rule][key].clear();
  }
}

/** Rows kept for the live view's export: 5 000 steps of both models. */
const SERIES_LOG_CAPACITY = 5_000;

/**
 * Every recorded step of both models, full state, for exporting the run so far (`e`). Memory is
 * bounded however long the view runs: when full, the grid of kept steps doubles (multiples of 2,
 * then 4, 8, …), which drops every other entry, and from then on only steps on that grid are
 * taken. Doubling keeps each grid a subset of the last, so the export stays evenly spaced. The
 * history rings hold a few numbers per sample for drawing; this holds what a CSV row needs
 * (gradients, every component of w).
 */
export class SeriesLog {
  readonly capacity: number;
  /** Kept steps are multiples of this. */
  stride = 1;
  private entries: Record<GradientRule, StepState>[] = [];

  constructor(capacity = SERIES_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`log capacity must be a positive integer (got ${capacity})`);
    this.capacity = capacity;
  }

  get length(): number {
    return this.entries.length;
  }

  /** The step of the newest entry, or -1 when empty. */
  get lastStep(): number {
    return this.entries.length === 0 ? -1 : this.entries[this.entries.length - 1].naive.step;
  }

  add(states: Record<GradientRule, StepState>): void {
    if (states.naive.step % this.stride !== 0) return;
    this.entries.push(states);
    // Terminates: once the stride passes the newest step only step 0 is left.
    while (this.entries.length > this.capacity) {
      this.stride *= 2;
      this.entries = this.entries.filter((e) => e.naive.step % this.stride === 0);
    }
  }

  /** Tidy rows: naive then backprop for each kept step, oldest first. */
  rows(): StepState[] {
    return this.entries.flatMap((e) => [e.naive, e.backprop]);
  }

  clear(): void {
    this.entries = [];
    this.stride = 1;
  }
}
