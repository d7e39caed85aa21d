import { formatTick, forward, LABEL_WIDTH, tickLabels, yTicks, type Range, type YTransform } from '../../session/scale.js';
import { axisStep, stepColumn, type StepAxis } from '../../session/series.js';

/**
 * The chart's axes as strings: y labels for the rows, the step axis line with markers, and its
 * first/middle/last step labels. Pure, so the layout at any size is testable without Ink.
 */

/** 1234 → "1.2k", 3_400_000 → "3.4M": a step count in at most 5 cells. */
export function compactStep(n: number): string {
  const a = Math.abs(Math.round(n));
  if (a < 1000) return String(a);
  for (const [u, s] of [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (a < u * 0.9995) continue;
    const x = a / u;
    // 999 999 is "1.0M", not "1000k"; three digits at most before the suffix.
    return (x < 9.95 ? x.toFixed(1) : Math.round(x).toString()) + s;
  }
  return String(a);
}

/** The step at a column's left edge, on a chart of `w` columns over steps [from, to). */
export function columnStep(axis: StepAxis, c: number, w: number, from: number, to: number): number {
  return from + Math.floor(axisStep(axis, c, w, to - from));
}

/**
 * The step labels under a chart `w` cells wide over steps [from, to): the first step at the
 * left, the step at the middle cell, and the last step at the right, each only where it fits
 * without touching its neighbour. Log axis: the middle is at the middle of log(step+1).
 */
export function stepLabels(axis: StepAxis, w: number, from: number, to: number): string {
  const last = Math.max(from, to - 1);
  const left = compactStep(from);
  const right = compactStep(last);
  const line = new Array<string>(w).fill(' ');
  const put = (text: string, at: number) => {
    for (let i = 0; i < text.length && at + i < w; i++) if (at + i >= 0) line[at + i] = text[i];
  };
  if (left.length <= w) put(left, 0);
  if (right.length + left.length + 1 <= w) put(right, w - right.length);
  const midCol = Math.floor(w / 2);
  const mid = compactStep(columnStep(axis, midCol, w, from, to));
  const start = midCol - Math.floor(mid.length / 2);
  if (start > left.length && start + mid.length < w - right.length && mid !== left && mid !== right) put(mid, start);
  return line.join('');
}

/**
 * The axis line under the plot: `horizontal`, with `marker` at the cell of each marked step
 * (beats, events) that falls in [from, to).
 */
export function markerLine(axis: StepAxis, w: number, from: number, to: number, steps: readonly number[], horizontal: string, marker: string): string {
  const line = new Array<string>(w).fill(horizontal);
  for (const s of markerColumns(axis, w, from, to, steps)) line[s] = marker;
  return line.join('');
}

/** The cells (0..w−1) of the marked steps that fall in [from, to). */
export function markerColumns(axis: StepAxis, w: number, from: number, to: number, steps: readonly number[]): number[] {
  const out = new Set<number>();
  for (const s of steps) if (s >= from && s < to) out.add(stepColumn(axis, s - from, w, to - from));
  return [...out].sort((a, b) => a - b);
}

/** Steps [from, to) of a data column: series.ts's Column, or any slice of it. */
export interface StepSpan {
  from: number;
  to: number;
}

/**
 * The cell (0..w−1) of each data column on a chart `w` cells wide, `perCell` columns a cell,
 * fewer columns than the chart holds right-aligned (as plot.ts draws them).
 */
function cellOf(i: number, n: number, w: number, perCell: number): number {
  return Math.floor((w * perCell - n + i) / perCell);
}

/**
 * The first column holding step s (from ≤ s < to), or −1. Columns come in step order (series.ts),
 * so a binary search finds the last one starting at or before s: a frame marks every beat and
 * event, and a long run has many.
 */
function columnHolding(cols: readonly StepSpan[], s: number): number {
  let lo = 0;
  let hi = cols.length - 1;
  if (hi < 0 || cols[0].from > s) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cols[mid].from <= s) lo = mid;
    else hi = mid - 1;
  }
  // Columns of one step each may repeat a `from` (a gap's spans): the first that holds s.
  let i = lo;
  while (i > 0 && cols[i - 1].from <= s && s < cols[i - 1].to) i--;
  return s < cols[i].to ? i : -1;
}

/**
 * The step axis from the columns actually drawn, so labels and markers agree with the plot
 * whatever the columns' spacing (a recent window's samples need not be evenly spaced in steps,
 * a speed change moves the stride): `horizontal` with `marker` in the cell whose columns hold a
 * marked step, and under it the first step, the middle cell's first step and the last step.
 */
export function columnAxis(
  cols: readonly StepSpan[],
  w: number,
  perCell: number,
  markers: readonly number[],
  horizontal: string,
  marker: string,
): { line: string; labels: string } {
  const n = Math.min(cols.length, w * perCell);
  const shown = cols.slice(cols.length - n);
  const line = new Array<string>(w).fill(horizontal);
  for (const s of markers) {
    const i = columnHolding(shown, s);
    if (i >= 0) line[cellOf(i, n, w, perCell)] = marker;
  }
  const labels = new Array<string>(w).fill(' ');
  if (n === 0) return { line: line.join(''), labels: labels.join('') };
  const put = (text: string, at: number) => {
    for (let i = 0; i < text.length && at + i < w; i++) if (at + i >= 0) labels[at + i] = text[i];
  };
  const firstCell = cellOf(0, n, w, perCell);
  const left = compactStep(shown[0].from);
  const right = compactStep(shown[n - 1].to - 1);
  if (firstCell + left.length <= w) put(left, firstCell);
  if (firstCell + left.length + 1 + right.length <= w) put(right, w - right.length);
  // The middle cell's first column.
  const midCell = Math.floor((firstCell + w) / 2);
  // cellOf grows with i: the first column at or past the cell's start, if it is in that cell.
  const mi = Math.max(0, midCell * perCell - (w * perCell - n));
  if (mi < n && cellOf(mi, n, w, perCell) === midCell) {
    const mid = compactStep(shown[mi].from);
    const start = midCell - Math.floor(mid.length / 2);
    if (start > firstCell + left.length && start + mid.length < w - right.length && mid !== left && mid !== right) put(mid, start);
  }
  return { line: line.join(''), labels: labels.join('') };
}

/** One label (LABEL_WIDTH cells, right-aligned, or blank) per row of a chart `height` rows tall. */
export function yAxisLabels(r: Range, t: YTransform, height: number): { labels: string[]; offset: string | null } {
  // A label every other row at most, so neighbours never touch.
  const { step, ticks } = yTicks(r, t, Math.max(1, Math.floor(height / 2)));
  const { offset, labels } = tickLabels(ticks, step);
  const out = new Array<string>(height).fill(' '.repeat(LABEL_WIDTH));
  const lo = r.lo;
  const hi = r.hi;
  ticks.forEach((v, i) => {
    const p = hi > lo ? (forward(t, v) - lo) / (hi - lo) : 0.5;
    const row = Math.round((1 - p) * (height - 1));
    if (row >= 0 && row < height) out[row] = labels[i].padStart(LABEL_WIDTH);
  });
  return { labels: out, offset: offset === null ? null : formatTick(offset, step, 12) };
}
