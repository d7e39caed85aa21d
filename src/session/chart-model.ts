import type { GradientRule } from '../engine/normalize.js';
import type { SeriesKey } from './history.js';
import { RULES } from './pair.js';
import { columnsRange, LINEAR, niceStep, yScale, type Range, type YScale, type YTransform } from './scale.js';
import type { Column, RecentWindow, StepAxis } from './series.js';
import type { WholeRun } from './whole-run.js';

/**
 * What one chart row draws, as numbers: both panels' columns, their y-scale, and the steps the
 * x axis spans. The chart view only lays this out (as rows.ts's RowModel is for the sparklines).
 */

export interface ChartInput {
  run: WholeRun;
  key: SeriesKey;
  /**
   * The recent window (samples, linear axis), the same as pages (pageColumns: drawn from the left
   * and turned when full, so a frame changes only its newest column), or the whole run.
   */
  span: 'recent' | 'page' | 'whole';
  /** Recent only: how many of the newest samples (the sparklines' window); all held when omitted. */
  window?: number;
  /** Whole run only: linear, or even in log(step+1). */
  axis: StepAxis;
  /** Data columns: plot cells × the glyph set's columns per cell. */
  columns: number;
  transform?: YTransform;
  /** The quantity's inherited round-off (rows.ts's inheritedRoundOff). */
  noise: number;
  /**
   * Plot rows: when given (linear y only), each range is widened to the 1-2-5 ticks around it
   * (snapRange), so the axis labels sit at the plot's edges and a range that grows a little
   * does not move every dot of the chart each frame.
   */
  snapRows?: number;
  /** A diverged panel keeps its columns (gaps after divergence) but takes no part in the scale. */
  diverged: Record<GradientRule, boolean>;
}

export interface ChartModel {
  key: SeriesKey;
  columns: Record<GradientRule, Column[]>;
  scale: YScale;
  /** The x axis: steps [from, to) on `axis`. */
  steps: { axis: StepAxis; from: number; to: number };
}

export function chartModel(inp: ChartInput): ChartModel {
  const cols = {} as Record<GradientRule, Column[]>;
  for (const r of RULES) {
    const s = inp.run.store(r, inp.key);
    cols[r] =
      inp.span === 'recent'
        ? s.recent.columns(inp.columns, inp.window)
        : inp.span === 'page'
          ? pageColumns(s.recent, inp.columns)
          : bridgeGaps(s.run.columns(inp.columns, inp.axis));
  }
  const data = {} as Record<GradientRule, [number, number] | null>;
  let magnitude = 0;
  for (const r of RULES) {
    data[r] = inp.diverged[r] ? null : columnsRange(cols[r]);
    const d = data[r];
    if (d) magnitude = Math.max(magnitude, Math.abs(d[0]), Math.abs(d[1]));
  }
  let scale = yScale({ data, magnitude, noise: inp.noise, transform: inp.transform ?? LINEAR });
  if (inp.snapRows !== undefined && scale.transform.kind === 'linear') {
    const rows = inp.snapRows;
    const snap = (r: Range | null) => (r ? snapRange(r, rows) : null);
    const naive = snap(scale.panels.naive);
    scale = { ...scale, panels: { naive, backprop: scale.shared ? naive : snap(scale.panels.backprop) } };
  }
  // Both models are stepped and sampled together: either one's columns give the axis.
  const c = cols.naive.length ? cols.naive : cols.backprop;
  const steps = c.length ? { from: c[0].from, to: c[c.length - 1].to } : { from: 0, to: 1 };
  return { key: inp.key, columns: cols, scale, steps: { axis: inp.span === 'whole' ? inp.axis : 'linear', ...steps } };
}

/**
 * The recent window as pages `w` columns wide, one sample a column: samples fill a page from
 * the left, and a full page turns to keep its newest half, so the chart scrolls by half a page
 * at a time instead of by a column each sample (a frame then rewrites one column of cells, not
 * every cell: what an SSH link pays for). The empty columns to the right are gaps (±∞) over the
 * steps to come at the current sample stride, so the step axis stays put within a page.
 */
export function pageColumns(recent: RecentWindow, w: number): Column[] {
  const n = recent.length;
  if (w < 1 || n === 0) return [];
  const half = Math.max(1, Math.floor(w / 2));
  const shown = n <= w ? n : w - half + ((n - w - 1) % half) + 1;
  const cols = recent.columns(shown, shown);
  const last = cols[cols.length - 1];
  const stride = cols.length > 1 ? Math.max(1, last.to - cols[cols.length - 2].to) : 1;
  for (let i = 0; cols.length < w; i++) cols.push({ from: last.to + i * stride, to: last.to + (i + 1) * stride, min: Infinity, max: -Infinity });
  return cols;
}

/**
 * A range widened to 1-2-5 multiples of a tick step for `rows` rows (a label every other row at
 * most, as axis.ts places them): never narrower than it was but by a fiftieth of a step, so
 * scale.ts's minimum span holds.
 */
export function snapRange(r: Range, rows: number): Range {
  if (!(r.hi > r.lo)) return r;
  const step = niceStep((r.hi - r.lo) / Math.max(1, Math.floor(rows / 2)));
  const lo = Math.floor(r.lo / step + 0.02) * step;
  const hi = Math.ceil(r.hi / step - 0.02) * step;
  // Within a fiftieth of a step counts as on it (a flat backprop line centred on 0 by the
  // minimum span need not cost the shared range a whole step below 0). A span tiny beside its
  // values (floats too coarse for the step) keeps the range as it is.
  const slack = step / 50;
  return hi > lo && lo - slack <= r.lo && hi + slack >= r.hi ? { lo, hi } : r;
}

/**
 * The whole run of a quantity read at samples only (x̂, a minibatch's loss: whole-run.ts) has
 * empty columns between samples where the run's columns are finer than the samples. Each empty
 * column between two drawn ones gets the value on the straight line between their midpoints, so
 * the line is drawn joined as a sparkline is, not as scattered dots. Empty columns before the
 * first or after the last drawn one (a diverged model's tail) stay gaps.
 */
export function bridgeGaps(cols: Column[]): Column[] {
  const drawn = (c: Column) => c.min <= c.max;
  let prev = -1;
  for (let i = 0; i < cols.length; i++) {
    if (!drawn(cols[i])) continue;
    if (prev >= 0 && i - prev > 1) {
      const a = cols[prev].min / 2 + cols[prev].max / 2;
      const b = cols[i].min / 2 + cols[i].max / 2;
      for (let j = prev + 1; j < i; j++) {
        const v = a + ((b - a) * (j - prev)) / (i - prev);
        cols[j] = { ...cols[j], min: v, max: v };
      }
    }
    prev = i;
  }
  return cols;
}
