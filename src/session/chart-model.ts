import type { GradientRule } from '../engine/normalize.js';
import type { SeriesKey } from './history.js';
import { RULES } from './pair.js';
import { columnsRange, LINEAR, yScale, type YScale, type YTransform } from './scale.js';
import type { Column, StepAxis } from './series.js';
import type { WholeRun } from './whole-run.js';

/**
 * What one chart row draws, as numbers: both panels' columns, their y-scale, and the steps the
 * x axis spans. The chart view only lays this out (as rows.ts's RowModel is for the sparklines).
 */

export interface ChartInput {
  run: WholeRun;
  key: SeriesKey;
  /** The recent window (samples, linear axis) or the whole run. */
  span: 'recent' | 'whole';
  /** Recent only: how many of the newest samples (the sparklines' window); all held when omitted. */
  window?: number;
  /** Whole run only: linear, or even in log(step+1). */
  axis: StepAxis;
  /** Data columns: plot cells × the glyph set's columns per cell. */
  columns: number;
  transform?: YTransform;
  /** The quantity's inherited round-off (rows.ts's inheritedRoundOff). */
  noise: number;
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
    cols[r] = inp.span === 'recent' ? s.recent.columns(inp.columns, inp.window) : s.run.columns(inp.columns, inp.axis);
  }
  const data = {} as Record<GradientRule, [number, number] | null>;
  let magnitude = 0;
  for (const r of RULES) {
    data[r] = inp.diverged[r] ? null : columnsRange(cols[r]);
    const d = data[r];
    if (d) magnitude = Math.max(magnitude, Math.abs(d[0]), Math.abs(d[1]));
  }
  const scale = yScale({ data, magnitude, noise: inp.noise, transform: inp.transform ?? LINEAR });
  // Both models are stepped and sampled together: either one's columns give the axis.
  const c = cols.naive.length ? cols.naive : cols.backprop;
  const steps = c.length ? { from: c[0].from, to: c[c.length - 1].to } : { from: 0, to: 1 };
  return { key: inp.key, columns: cols, scale, steps: { axis: inp.span === 'recent' ? 'linear' : inp.axis, ...steps } };
}
