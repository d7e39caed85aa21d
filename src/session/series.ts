import { Ring } from './history.js';

/**
 * One quantity of one model over the whole run, in bounded memory, for charts: the recent window
 * of samples (what history.ts keeps) and a min/max pyramid of every value ever added, so that any
 * column of a chart W cells wide is drawn from the min and max over its step range and a one-step
 * spike is never skipped, however long the run.
 *
 * The pyramid keeps the START of the run at fine resolution and the rest at the coarsest: level k
 * holds buckets of 2^k steps from step 0. Only the top level is written; when the run outgrows it,
 * a level twice as coarse is built from it (pairs merged: O(C) once per doubling of the run, so
 * O(1) amortised per step) and the old level is frozen, keeping its first C/4 buckets. A linear
 * step axis reads the top level (C/2..C buckets for the whole run); a log-step axis reads early
 * columns from the fine frozen levels, whose first C/4 buckets are exactly the early steps a log
 * axis spreads out. Memory: C + (levels−1)·C/4 buckets of two float64, levels ≈ log2(run/C) + 1.
 */

/** Non-finite values are no value: a diverged model's NaN leaves a gap, not a spike. */
const EMPTY_MIN = Infinity;
const EMPTY_MAX = -Infinity;

interface Level {
  /** Bucket size in steps, 2^k. */
  readonly size: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

function makeLevel(size: number, n: number): Level {
  const min = new Float64Array(n).fill(EMPTY_MIN);
  const max = new Float64Array(n).fill(EMPTY_MAX);
  return { size, min, max };
}

/** A chart column: the steps [from, to) it stands for, and the min and max of the values added there. */
export interface Column {
  from: number;
  to: number;
  /** +Infinity/−Infinity when no finite value was added in [from, to): draw a gap. */
  min: number;
  max: number;
}

export type StepAxis = 'linear' | 'log';

/** Where column boundary c of w falls on a step axis over [0, end): linear, or even in log(step+1). */
export function axisStep(axis: StepAxis, c: number, w: number, end: number): number {
  if (c <= 0) return 0;
  if (c >= w) return end;
  if (axis === 'linear') return (c * end) / w; // exact for integers, so w = end gives one step per column
  return Math.expm1((c / w) * Math.log1p(end));
}

/** The column of w that step s falls in (the inverse of axisStep), for markers. */
export function stepColumn(axis: StepAxis, s: number, w: number, end: number): number {
  if (!(end > 0) || s <= 0) return 0;
  const t = axis === 'linear' ? s / end : Math.log1p(s) / Math.log1p(end);
  return Math.max(0, Math.min(w - 1, Math.floor(t * w)));
}

export class MinMaxPyramid {
  /** Buckets in the top (written) level; a power of two ≥ 8. */
  readonly capacity: number;
  private readonly frozenKeep: number;
  private readonly levels: Level[] = [];
  private top: Level;
  /**
   * The bucket being filled, kept apart so that a step costs two compares and no index
   * arithmetic: [first step, one past its last step, min, max, one past the largest step added,
   * and the min and max since the last takeSince(), for the recent window's samples].
   */
  private readonly acc = new Float64Array([0, 0, EMPTY_MIN, EMPTY_MAX, 0, EMPTY_MIN, EMPTY_MAX]);
  /** The first step whose value was not finite, or −1. */
  firstNonFinite = -1;
  /** The first step added, or −1. */
  firstStep = -1;

  constructor(capacity = 1024) {
    if (!Number.isInteger(Math.log2(capacity)) || capacity < 8) throw new RangeError(`pyramid capacity must be a power of two ≥ 8 (got ${capacity})`);
    this.capacity = capacity;
    this.frozenKeep = capacity / 4;
    this.top = makeLevel(1, capacity);
    this.levels.push(this.top);
  }

  /** Steps [0, length) are covered (some may have had no value added). */
  get length(): number {
    return this.acc[4];
  }

  /**
   * The value at `step`. Steps never go back (a step may come twice: a sample on a step the
   * every-step path took); gaps are allowed and stay empty. The hot path: two compares, no
   * allocation except when the run doubles past the top level.
   */
  add(step: number, v: number): void {
    const a = this.acc;
    if (step >= a[1]) this.open(step);
    a[4] = step + 1;
    // NaN and ±∞ alike (v − v is 0 only for finite v): no value, remembered once.
    if (v - v !== 0) {
      if (this.firstNonFinite < 0) this.firstNonFinite = step;
      return;
    }
    if (v < a[2]) a[2] = v;
    if (v > a[3]) a[3] = v;
    if (v < a[5]) a[5] = v;
    if (v > a[6]) a[6] = v;
  }

  /** The min and max of the values added since the last call (±∞ when none were finite). */
  takeSince(): [number, number] {
    const a = this.acc;
    const r: [number, number] = [a[5], a[6]];
    a[5] = EMPTY_MIN;
    a[6] = EMPTY_MAX;
    return r;
  }

  /** Write the open bucket into the top level (idempotent: a min of mins). */
  private fold(): void {
    const a = this.acc;
    const top = this.top;
    const j = a[0] / top.size;
    if (a[2] < top.min[j]) top.min[j] = a[2];
    if (a[3] > top.max[j]) top.max[j] = a[3];
  }

  /** Close the open bucket and open the one holding `step`, growing a level if the run outgrew the top. */
  private open(step: number): void {
    if (this.firstStep < 0) this.firstStep = step;
    this.fold();
    if (step >= this.top.size * this.capacity) this.grow(step);
    const size = this.top.size;
    const a = this.acc;
    a[0] = Math.floor(step / size) * size;
    a[1] = a[0] + size;
    a[2] = EMPTY_MIN;
    a[3] = EMPTY_MAX;
  }

  private grow(step: number): Level {
    while (step >= this.top.size * this.capacity) {
      const old = this.top;
      const next = makeLevel(old.size * 2, this.capacity);
      for (let j = 0; j < this.capacity / 2; j++) {
        next.min[j] = Math.min(old.min[2 * j], old.min[2 * j + 1]);
        next.max[j] = Math.max(old.max[2 * j], old.max[2 * j + 1]);
      }
      // The frozen level keeps the early steps a log axis spreads out; the rest is in `next`.
      this.levels[this.levels.length - 1] = {
        size: old.size,
        min: old.min.slice(0, this.frozenKeep),
        max: old.max.slice(0, this.frozenKeep),
      };
      this.levels.push(next);
      this.top = next;
    }
    return this.top;
  }

  /** Float64 values held (for memory accounting). */
  get footprint(): number {
    let n = 0;
    for (const l of this.levels) n += l.min.length + l.max.length;
    return n;
  }

  /** The finest level that still holds bucket ⌊(s−1)/size⌋, i.e. steps up to s. */
  private levelFor(s: number): number {
    for (let k = 0; k < this.levels.length; k++) {
      const l = this.levels[k];
      if (s <= l.size * l.min.length) return k;
    }
    return this.levels.length - 1;
  }

  /**
   * `w` columns over steps [0, length) on a linear or log(step+1) axis. Column boundaries are
   * snapped down to the bucket grid of the level that can draw them, so non-empty columns
   * partition [0, length) exactly and each one's min/max is over exactly its [from, to). A column
   * narrower than a bucket (a log axis's first steps, or fewer steps than columns) is a copy of
   * the column after it.
   */
  columns(w: number, axis: StepAxis = 'linear'): Column[] {
    this.fold();
    const end = this.acc[4];
    if (end === 0 || w < 1) return [];
    const out = new Array<Column>(w);
    // Boundaries, each snapped to the grid of the level its right-hand column needs.
    const bounds = new Array<number>(w + 1);
    const levelOf = new Array<number>(w);
    bounds[w] = end;
    for (let c = w - 1; c >= 0; c--) {
      const hi = Math.min(bounds[c + 1], Math.ceil(axisStep(axis, c + 1, w, end)));
      const k = this.levelFor(Math.max(1, hi));
      levelOf[c] = k;
      const size = this.levels[k].size;
      const raw = Math.floor(axisStep(axis, c, w, end));
      bounds[c] = Math.min(bounds[c + 1], Math.floor(raw / size) * size);
    }
    bounds[0] = 0;
    for (let c = w - 1; c >= 0; c--) {
      const from = bounds[c];
      const to = bounds[c + 1];
      // Narrower than a bucket (a log axis's first steps, fewer steps than columns): the column
      // lies within the first bucket of the next, and a step's value holds until the next step.
      if (to <= from) {
        out[c] = { ...out[c + 1] };
        continue;
      }
      const l = this.levels[levelOf[c]];
      let lo = EMPTY_MIN;
      let hi = EMPTY_MAX;
      for (let j = from / l.size; j * l.size < to; j++) {
        if (l.min[j] < lo) lo = l.min[j];
        if (l.max[j] > hi) hi = l.max[j];
      }
      out[c] = { from, to, min: lo, max: hi };
    }
    return out;
  }

  /** Steps per bucket in the top level: how far a linear column's edges may be from even. */
  get topBucket(): number {
    return this.top.size;
  }

  clear(): void {
    this.levels.length = 0;
    this.top = makeLevel(1, this.capacity);
    this.levels.push(this.top);
    this.acc.set([0, 0, EMPTY_MIN, EMPTY_MAX, 0, EMPTY_MIN, EMPTY_MAX]);
    this.firstStep = -1;
    this.firstNonFinite = -1;
  }
}

/**
 * The recent window, as history.ts keeps it (the last `capacity` samples, one per sample stride),
 * plus, per sample, the min and max of every value observed since the sample before it: at
 * --speed max a sample lands every ~10⁵ steps, and the steps between are drawn too.
 */
export class RecentWindow {
  readonly steps: Ring;
  readonly values: Ring;
  readonly mins: Ring;
  readonly maxs: Ring;
  /** The first step each sample's min/max covers: the step after the sample before it. */
  readonly froms: Ring;

  constructor(capacity = 512) {
    this.steps = new Ring(capacity);
    this.values = new Ring(capacity);
    this.mins = new Ring(capacity);
    this.maxs = new Ring(capacity);
    this.froms = new Ring(capacity);
  }

  get length(): number {
    return this.steps.length;
  }

  /** The newest sample step, or -1 when empty. */
  get lastStep(): number {
    return this.steps.length === 0 ? -1 : this.steps.at(this.steps.length - 1);
  }

  /**
   * A sample: its value, and the min/max of every value in steps [from, step] (±∞ when none was
   * finite); `from` is the step after the previous sample.
   */
  sample(step: number, v: number, from: number, min: number, max: number): void {
    this.steps.push(step);
    this.values.push(Number.isFinite(v) ? v : NaN);
    this.froms.push(from);
    this.mins.push(min);
    this.maxs.push(max);
  }

  /**
   * The window in at most `w` columns, by sample: column c holds samples [⌊cN/w⌋, ⌊(c+1)N/w⌋) of
   * the newest N held (all of them, or the `last` newest), from the first step its oldest sample covers to its last sample (fewer columns
   * than w when fewer samples are held). Columns partition the steps the held samples cover.
   */
  columns(w: number, last = Infinity): Column[] {
    const n = Math.min(this.steps.length, last);
    const skip = this.steps.length - n;
    const k = Math.min(w, n);
    const out: Column[] = [];
    for (let c = 0; c < k; c++) {
      const i0 = skip + Math.floor((c * n) / k);
      const i1 = skip + Math.floor(((c + 1) * n) / k);
      let lo = EMPTY_MIN;
      let hi = EMPTY_MAX;
      for (let i = i0; i < i1; i++) {
        if (this.mins.at(i) < lo) lo = this.mins.at(i);
        if (this.maxs.at(i) > hi) hi = this.maxs.at(i);
      }
      out.push({ from: this.froms.at(i0), to: this.steps.at(i1 - 1) + 1, min: lo, max: hi });
    }
    return out;
  }

  clear(): void {
    this.steps.clear();
    this.values.clear();
    this.mins.clear();
    this.maxs.clear();
    this.froms.clear();
  }
}

/** One quantity of one model: the recent window and the whole run. */
export class QuantityStore {
  readonly recent: RecentWindow;
  readonly run: MinMaxPyramid;

  constructor(recentCapacity = 512, pyramidCapacity = 1024) {
    this.recent = new RecentWindow(recentCapacity);
    this.run = new MinMaxPyramid(pyramidCapacity);
  }

  /** A step's value that is not a sample (the every-step path): one call, two compares per bucket. */
  observe(step: number, v: number): void {
    this.run.add(step, v);
  }

  /** A sampled step: into the run, and into the window with the min/max since the last sample. */
  sample(step: number, v: number): void {
    this.run.add(step, v);
    const [min, max] = this.run.takeSince();
    const last = this.recent.lastStep;
    this.recent.sample(step, v, last < 0 ? this.run.firstStep : last + 1, min, max);
  }

  clear(): void {
    this.recent.clear();
    this.run.clear();
  }
}
