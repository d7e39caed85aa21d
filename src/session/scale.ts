import type { GradientRule } from '../engine/normalize.js';
import { MINUS } from './format.js';
import type { Column } from './series.js';

/**
 * The y-scale of a chart row: one quantity, drawn in the naive and the backprop panel.
 *
 * 1. **Own range, not since 0.** Each panel's range is the min and max of what it shows (the
 *    recent window, or the whole run), so a climb is drawn as a climb however far it has drifted:
 *    naive b going 130 → 140 in the window fills the height, it is not a flat top of 0 → 140.
 * 2. **Minimum span.** A range is never narrower than MIN_RELATIVE_SPAN (10⁻³) of the quantity's
 *    magnitude in both panels, nor than 4× the round-off it inherits from x̂ (ε·|E[x]|/s, see
 *    rows.ts), nor than 10⁻⁹ (rows.ts's ROUND_OFF) of MAGNITUDE_FLOOR. A narrower change is drawn
 *    centred in a range of that span: a few ulps of a large value stay a flat line, and a change
 *    the 4-significant-digit value column barely shows (the ReLU scenario's loss 1.806 moving by
 *    2.3·10⁻⁴) is a small step, not the full height. 10⁻³ keeps climbs climbs: a steady drift
 *    moves by window/elapsed of its value per window, above 10⁻³ for the first day of a run.
 * 3. **Shared while it means something.** Both panels draw on one range, their union, when the
 *    larger of the two spans fills at least 1/SHARE_FACTOR (a third) of it: then heights compare
 *    across panels (flat naive loss beside a falling backprop loss). Otherwise (naive b at 140
 *    beside backprop's b at 0, which would flatten the climb to a tenth of the height) each panel
 *    has its own range, `shared` is false, and the view must label each panel's axis. A diverged
 *    panel (null) never takes part.
 * 4. **symlog** (option): y is drawn as sign(y)·log1p(|y|/c), linear within ±c and logarithmic
 *    beyond, for drift without bound; the rules above apply to the drawn (transformed) values.
 * 5. **Ticks** at 1-2-5 multiples (symlog: 0 and ±1-2-5·10^k), labelled in at most LABEL_WIDTH
 *    cells: fixed decimals as fine as the tick step, else k/M/G/T, else an exponent.
 */

/** Relative span below which a change is not stretched (rule 2). */
export const MIN_RELATIVE_SPAN = 1e-3;
/** Multiple of the inherited round-off a range spans at least (rule 2). */
export const NOISE_SPANS = 4;
/** rows.ts's ROUND_OFF and MAGNITUDE_FLOOR: the absolute floor for values around 0. */
const ROUND_OFF = 1e-9;
const MAGNITUDE_FLOOR = 1e-6;
/** Share the range while the larger panel's span is at least 1/SHARE_FACTOR of the union (rule 3). */
export const SHARE_FACTOR = 3;
/** Cells of the y-axis label column. */
export const LABEL_WIDTH = 7;

export type YTransform = { kind: 'linear' } | { kind: 'symlog'; c: number };
export const LINEAR: YTransform = { kind: 'linear' };

/** Sign-preserving log: linear near 0 (slope 1/c), logarithmic beyond ±c. */
export function symlog(y: number, c: number): number {
  return Math.sign(y) * Math.log1p(Math.abs(y) / c);
}

export function symexp(t: number, c: number): number {
  return Math.sign(t) * c * Math.expm1(Math.abs(t));
}

/** Data value → drawn value. */
export function forward(t: YTransform, y: number): number {
  return t.kind === 'linear' ? y : symlog(y, t.c);
}

/** Drawn value → data value. */
export function inverse(t: YTransform, d: number): number {
  return t.kind === 'linear' ? d : symexp(d, t.c);
}

/** The smallest span a range may have (rule 2), in data units. */
export function minimumSpan(magnitude: number, noise: number): number {
  return Math.max(MIN_RELATIVE_SPAN * magnitude, NOISE_SPANS * noise, ROUND_OFF * MAGNITUDE_FLOOR);
}

/** The finite min and max over chart columns, or null when there is none. */
export function columnsRange(cols: readonly Column[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of cols) {
    if (c.min < lo) lo = c.min;
    if (c.max > hi) hi = c.max;
  }
  return lo <= hi && Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/** A panel's y-range, in drawn units (after the transform). */
export interface Range {
  lo: number;
  hi: number;
}

export interface YScale {
  transform: YTransform;
  /** Both panels on one range (rule 3); when false the view labels each panel's axis. */
  shared: boolean;
  /** null: nothing to draw (no finite value, or diverged). */
  panels: Record<GradientRule, Range | null>;
}

export interface ScaleInput {
  /** Each panel's finite [min, max] over what it shows (columnsRange), null when diverged or empty. */
  data: Record<GradientRule, [number, number] | null>;
  /** The quantity's magnitude in both panels and its inherited round-off (rows.ts's RowModel). */
  magnitude: number;
  noise: number;
  transform?: YTransform;
}

/** Rule 2 around the data's own range (rule 1), then into drawn units. */
function ownRange(d: [number, number], minSpan: number, t: YTransform): Range {
  let [lo, hi] = d;
  if (hi - lo < minSpan) {
    const mid = lo / 2 + hi / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  return { lo: forward(t, lo), hi: forward(t, hi) };
}

export function yScale(inp: ScaleInput): YScale {
  const t = inp.transform ?? LINEAR;
  const minSpan = minimumSpan(inp.magnitude, inp.noise);
  const own = {
    naive: inp.data.naive ? ownRange(inp.data.naive, minSpan, t) : null,
    backprop: inp.data.backprop ? ownRange(inp.data.backprop, minSpan, t) : null,
  };
  const a = own.naive;
  const b = own.backprop;
  if (!a || !b) return { transform: t, shared: false, panels: own };
  const union: Range = { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
  const larger = Math.max(a.hi - a.lo, b.hi - b.lo);
  if (larger * SHARE_FACTOR >= union.hi - union.lo) return { transform: t, shared: true, panels: { naive: union, backprop: union } };
  return { transform: t, shared: false, panels: own };
}

/** Where drawn value d sits in a range: 0 at the bottom, 1 at the top (clamped). */
export function position(r: Range, d: number): number {
  if (!(r.hi > r.lo)) return 0.5;
  return Math.max(0, Math.min(1, (d - r.lo) / (r.hi - r.lo)));
}

/** 1, 2 or 5 times a power of ten, the smallest such ≥ x. */
export function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10) * p;
}

/** Ticks at multiples of a 1-2-5 step within [lo, hi], at most `max` of them (and at least one). */
export function niceTicks(lo: number, hi: number, max: number): { step: number; ticks: number[] } {
  if (!(hi > lo)) return { step: 0, ticks: [lo] };
  const step = niceStep((hi - lo) / Math.max(1, max));
  // Bounded however the range compares with float precision (a span of 10⁻⁶ at 10⁹).
  const k0 = Math.ceil(lo / step - 1e-9);
  const k1 = Math.min(Math.floor(hi / step + 1e-9), k0 + max);
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k++) ticks.push(k === 0 ? 0 : k * step);
  return { step, ticks: ticks.length ? ticks : [lo / 2 + hi / 2] };
}

/** Ticks for a range in drawn units: 1-2-5 in data units for linear, 0 and ±1-2-5·10^k for symlog. */
export function yTicks(r: Range, t: YTransform, max: number): { step: number; ticks: number[] } {
  if (t.kind === 'linear') return niceTicks(r.lo, r.hi, max);
  const lo = inverse(t, r.lo);
  const hi = inverse(t, r.hi);
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  // By priority: 0, then powers of ten, then 2·10^k and 5·10^k; each kept if it is at least a
  // max-th of the range from every tick kept before it on the drawn axis.
  const candidates: number[] = [0];
  for (const m of [1, 2, 5])
    for (let e = Math.floor(Math.log10(t.c)) - 1; 10 ** e <= top * 10; e++) candidates.push(m * 10 ** e, -m * 10 ** e);
  const gap = (r.hi - r.lo) / Math.max(1, max);
  const ticks: number[] = [];
  for (const v of candidates) {
    // (A bound that round-trips through log1p/expm1 may miss a round value by an ulp.)
    if (v < lo - 1e-9 * Math.abs(lo) || v > hi + 1e-9 * Math.abs(hi)) continue;
    if (ticks.every((u) => Math.abs(forward(t, v) - forward(t, u)) >= gap)) ticks.push(v);
  }
  ticks.sort((x, y) => x - y);
  const nonzero = ticks.filter((v) => v !== 0).map(Math.abs);
  return { step: nonzero.length ? Math.min(...nonzero) : t.c, ticks };
}

const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

function decimalsFor(step: number): number {
  return Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
}

/**
 * A tick label in at most `width` cells, precise enough that ticks `step` apart read differently:
 * fixed decimals as fine as the step (1.8061), else a k/M/G/T suffix (1.25M), else an exponent.
 */
export function formatTick(v: number, step: number, width = LABEL_WIDTH): string {
  if (v === 0 || !Number.isFinite(v)) return Number.isFinite(v) ? '0' : 'n/a';
  const sign = v < 0 ? MINUS : '';
  const a = Math.abs(v);
  const s = step > 0 ? step : a;
  const fixed = sign + a.toFixed(Math.min(20, decimalsFor(s)));
  if (fixed.length <= width) return fixed;
  for (const [u, suffix] of SUFFIXES) {
    if (a < u) continue;
    const label = sign + (a / u).toFixed(Math.min(20, decimalsFor(s / u))) + suffix;
    if (label.length <= width) return label;
    break;
  }
  // Exponent: as many mantissa digits as the step needs, fewer if the width forbids.
  const e = Math.floor(Math.log10(a));
  for (let digits = Math.max(0, e - Math.floor(Math.log10(s))); digits >= 0; digits--) {
    const label = sign + a.toExponential(digits).replace('e+', 'e').replace('e-', `e${MINUS}`);
    if (label.length <= width || digits === 0) return label;
  }
  return fixed;
}

/**
 * Labels for a chart's ticks: formatTick's, when they fit and differ; otherwise (a range tiny
 * beside its values, 1.23456e−10 ± 10⁻¹⁴) offsets from the lowest tick, "+0", "+2e−14", …, and
 * that tick as `offset` for the view to print once by the axis (matplotlib's offset text).
 */
export function tickLabels(ticks: readonly number[], step: number, width = LABEL_WIDTH): { offset: number | null; labels: string[] } {
  const plain = ticks.map((v) => formatTick(v, step, width));
  if (plain.every((l) => l.length <= width) && new Set(plain).size === plain.length) return { offset: null, labels: plain };
  const offset = ticks[0];
  const p = Math.floor(Math.log10(step));
  const labels = ticks.map((v) => {
    const k = Math.round((v - offset) / step);
    if (k === 0) return '+0';
    const d = k * step;
    const fixed = `+${d.toFixed(decimalsFor(step))}`;
    if (fixed.length <= width) return fixed;
    return `+${Math.round(d / 10 ** p)}e${p < 0 ? MINUS : ''}${Math.abs(p)}`;
  });
  return { offset, labels };
}
