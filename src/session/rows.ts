import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { seriesValue, type History, type SeriesKey } from './history.js';

/**
 * What each dashboard row shows, as numbers: the window of samples, the current value, the change
 * since step 0, whether it is flat, and the y-range shared by both panels. The UI only draws this.
 */

/** Relative size of a change that is round-off, not movement (float64 has ~1e-16). */
const ROUND_OFF = 1e-9;
/**
 * The scale below which a quantity's magnitude is not trusted to set the round-off threshold:
 * backprop's b in the paper's example is 1e-17 of pure round-off around 0, not a tiny signal.
 */
const MAGNITUDE_FLOOR = 1e-6;
/**
 * How many ulps of x can reach x̂ = (x − E[x])/s. x is about E[x] in size, and x − E[x] keeps
 * its absolute error, so x̂ carries round-off of about ε·|E[x]|/s whatever its own size: once
 * b has climbed to 10⁶ that is 10⁻¹⁰, more than 1e-9 of an x̂ of 0.1. A few ulps from forming x
 * and E[x] over m examples; the margin is generous, as ROUND_OFF's is.
 */
const XHAT_ULPS = 1e4;
/** The quantities computed from x̂, which inherit its round-off. */
const FROM_XHAT: ReadonlySet<SeriesKey> = new Set(['xhatProbe', 'xhatSpread', 'loss', 'evalLoss', 'gradB', 'trueGradB']);

/**
 * Round-off a quantity computed from x̂ can show, in absolute terms, at these states (0 for
 * others): ε·|E[x]|/s in x̂, scaled for the loss and ∂L/∂b by the residual and γ they multiply.
 * The true ∂L/∂b is also a sum whose terms cancel (to exactly 0 wherever the statistics absorb
 * b): it keeps round-off of its terms' size, γ·rᵢ/(m·s) each, about γ·√(2L)/s together, which
 * neither its own size nor E[x] tells (batchnorm-2d's is 1e-13 around an E[x] of 0.02).
 */
export function inheritedRoundOff(key: SeriesKey, states: StepState[], normalize: Scenario['model']['normalize']): number {
  if (!FROM_XHAT.has(key)) return 0;
  let noise = 0;
  for (const st of states) {
    const s = normalize === 'standardize' ? Math.sqrt(st.varX) : 1;
    const gamma = Math.max(1, Math.abs(st.gamma));
    const residual = Math.sqrt(2 * Math.abs(st.loss));
    let n = (XHAT_ULPS * Number.EPSILON * Math.abs(st.meanX)) / s;
    if (key !== 'xhatProbe' && key !== 'xhatSpread') n *= gamma * Math.max(1, residual);
    if (key === 'trueGradB') n = Math.max(n, (ROUND_OFF * gamma * residual) / s);
    if (Number.isFinite(n)) noise = Math.max(noise, n);
  }
  return noise;
}

export interface RowSpec {
  key: SeriesKey;
  /** Rows with a higher number are hidden first when the terminal is short. */
  priority: number;
}

/**
 * The rows for a scenario, in order: the paper's quantities first (bias, E[x], x̂ of the probe
 * example, loss, the gradient applied to b), then what this scenario also learns or tracks.
 */
export function rowSpecs(s: Scenario): RowSpec[] {
  // Each row its own priority, so a short terminal loses one row at a time, the least telling
  // first: Δb, the parts of ∂L/∂w along w, the x̂ spread, the eval loss, Var[x], the w gradients,
  // β; then γ, x̂, the true ∂L/∂b and w, which the scenarios that learn them are about.
  const rows: RowSpec[] = [
    { key: 'bias', priority: 0 },
    { key: 'meanX', priority: 0 },
  ];
  if (s.model.normalize === 'standardize') rows.push({ key: 'varX', priority: 5 });
  rows.push({ key: 'xhatProbe', priority: 2 }, { key: 'xhatSpread', priority: 7 }, { key: 'loss', priority: 0 });
  if (s.training.runningMomentum !== undefined) rows.push({ key: 'evalLoss', priority: 6 });
  // A gradient row for each learned parameter, and none for one that is not: a ∂L/∂b row moving
  // for a b that never changes would say the opposite of what happens. Under it the true
  // gradient at the same parameters (the backprop rule's): in the naive panel, beside the
  // estimate, it is the lesson (≈0 in paper-bias, where the estimate is −ȳ); in backprop's it
  // is the gradient applied, so the two panels' lines say the same thing. Then Δb, one step's
  // update (the paper's Δ), apart from the change since step 0; the first to go on a short
  // terminal (the close-up, key c, shows it too).
  if (s.model.bias.learn) rows.push({ key: 'gradB', priority: 0 }, { key: 'trueGradB', priority: 1.5 }, { key: 'deltaB', priority: 9 });
  if (s.model.weight.learn) {
    // Its gradient after γ and β (the parameters a scenario is about go last), or core when w is
    // the only parameter learned; the true one just before it. With several inputs the true
    // gradient's part along w, which is what scale invariance makes 0 (‖∂L/∂w‖ true says less).
    const alone = !s.model.bias.learn;
    rows.push({ key: 'weight', priority: 1 }, { key: 'gradW', priority: alone ? 0 : 4.5 });
    if (s.data.dims === 1) rows.push({ key: 'trueGradW', priority: alone ? 1.5 : 4.6 });
    else rows.push({ key: 'radialGradW', priority: 8 }, { key: 'trueRadialGradW', priority: 8.5 });
  }
  if (s.model.affine) rows.push({ key: 'gamma', priority: 3 }, { key: 'beta', priority: 4 });
  return rows;
}

export type DeltaKind = 'zero' | 'roundoff' | 'moved';

export interface Cell {
  /** The window of samples, oldest first; NaN where a value was not finite. */
  values: number[];
  current: number;
  /** current − value at step 0 */
  delta: number;
  deltaKind: DeltaKind;
  /** Within round-off of constant over the window: drawn as a line and labelled `flat`. */
  flat: boolean;
}

export interface RowModel {
  key: SeriesKey;
  /** y-range shared by both panels (over both windows); null when nothing finite is left. */
  range: [number, number] | null;
  /** The quantity's magnitude in both panels: sets the number format and round-off threshold. */
  magnitude: number;
  /** Absolute round-off inherited from x̂ (0 for other quantities): changes this small are none. */
  noise: number;
  /** null for a model that has diverged: its panel says so instead of drawing. */
  cells: Record<GradientRule, Cell | null>;
}

export function isRoundOff(change: number, magnitude: number, noise = 0): boolean {
  return Math.abs(change) <= Math.max(ROUND_OFF * Math.max(magnitude, MAGNITUDE_FLOOR), noise);
}

function finiteRange(values: number[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

export interface RowInput {
  history: History;
  /** Samples to show (the sparkline width). */
  window: number;
  baseline: Record<GradientRule, StepState>;
  latest: Record<GradientRule, StepState>;
  diverged: Record<GradientRule, boolean>;
  /**
   * The clock is stopped (paused, or --steps N reached): the window ends with the current state
   * even between samples. While it runs, the window holds samples only.
   */
  still: boolean;
  /** How x̂ is formed, for the round-off of quantities computed from it (inheritedRoundOff). */
  normalize: Scenario['model']['normalize'];
}

/**
 * The window: the newest samples, and the current state when the clock is stopped and it is newer
 * than the last sample, so that a paused sparkline's last cell and the number beside it agree.
 * While the clock runs the sparkline moves only when a sample lands (about 6 a second): drawing
 * the current state as its last cell would change the line, and rescale it, on every frame,
 * for no more information than the number beside it already gives. Except just after a start or
 * a reset, when step 0 is the only sample: a single point would say nothing (and read as flat).
 */
function windowValues(inp: RowInput, rule: GradientRule, key: SeriesKey): number[] {
  const ring = inp.history.series(rule, key);
  const fresh = (inp.still || ring.length < 2) && inp.latest[rule].step !== inp.history.lastStep;
  const values = ring.last(fresh ? inp.window - 1 : inp.window);
  if (fresh || values.length === 0) values.push(seriesValue(inp.latest[rule], key));
  return values;
}

/**
 * The gradient whose terms a true gradient is summed from, before they cancel: its round-off is
 * a few ulps of those terms, not of its own tiny size (scale-drift's true ∂L/∂w is 1e-15 of
 * round-off, and would zigzag if judged against itself). The row above, the gradient each rule
 * applies, is that size: the naive estimate is the same terms without the statistics'.
 */
export const TERMS_OF: Partial<Record<SeriesKey, SeriesKey>> = { trueGradB: 'gradB', trueGradW: 'gradW', trueRadialGradW: 'radialGradW' };

export function rowModel(inp: RowInput, key: SeriesKey): RowModel {
  const rules = ['naive', 'backprop'] as const;
  const windows = { naive: windowValues(inp, 'naive', key), backprop: windowValues(inp, 'backprop', key) };
  // A diverged model's last values can be huge: they must not squash the other panel's scale.
  const live = rules.filter((r) => !inp.diverged[r]);
  const range = finiteRange(live.flatMap((r) => windows[r]));
  let magnitude = range ? Math.max(Math.abs(range[0]), Math.abs(range[1])) : 0;
  const terms = TERMS_OF[key];
  for (const r of live) {
    // The current value counts even when the window ends at the last sample: it is printed.
    for (const v of [seriesValue(inp.baseline[r], key), seriesValue(inp.latest[r], key)])
      if (Number.isFinite(v)) magnitude = Math.max(magnitude, Math.abs(v));
    if (terms === undefined) continue;
    for (const v of [...windowValues(inp, r, terms), seriesValue(inp.baseline[r], terms)])
      if (Number.isFinite(v)) magnitude = Math.max(magnitude, Math.abs(v));
  }
  const noise = inheritedRoundOff(key, live.flatMap((r) => [inp.baseline[r], inp.latest[r]]), inp.normalize);
  const cells = {} as Record<GradientRule, Cell | null>;
  for (const r of rules) {
    if (inp.diverged[r]) {
      cells[r] = null;
      continue;
    }
    const values = windows[r];
    const current = seriesValue(inp.latest[r], key);
    const delta = current - seriesValue(inp.baseline[r], key);
    const own = finiteRange(values);
    const flat = own === null || isRoundOff(own[1] - own[0], magnitude, noise);
    const deltaKind: DeltaKind = delta === 0 ? 'zero' : isRoundOff(delta, magnitude, noise) ? 'roundoff' : 'moved';
    cells[r] = { values, current, delta, deltaKind, flat };
  }
  return { key, range, magnitude, noise, cells };
}

export function rowModels(inp: RowInput, specs: RowSpec[]): RowModel[] {
  return specs.map((s) => rowModel(inp, s.key));
}
