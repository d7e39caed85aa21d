import type { SeriesKey } from '../session/history.js';
import { NUMBER_WIDTH } from '../session/format.js';
import type { RowSpec } from '../session/rows.js';
import { LABEL_WIDTH } from '../session/scale.js';

/**
 * Where everything goes for a terminal size: side by side when wide enough, stacked when
 * narrow, borders dropped and low-priority rows hidden when short, a "too small" message below
 * the minimum. Pure arithmetic, so "the frame never exceeds rows − 1" is checked by property tests.
 *
 * Ink clears the whole screen every frame once its output reaches the terminal's height, hence
 * rows − 1 is the budget; one line each goes to the header and the footer.
 */

export const DELTA_WIDTH = 1 + NUMBER_WIDTH;
export const FLAG_WIDTH = 4;
/** Label, sparkline, value, change, flat flag: five cells separated by single spaces. */
const ROW_FIXED = 1 + NUMBER_WIDTH + 1 + DELTA_WIDTH + 1 + FLAG_WIDTH + 1;
/** A compact row (side by side on a small terminal): label, sparkline, value; no change, no flag. */
const COMPACT_ROW_FIXED = 1 + NUMBER_WIDTH + 1;
/** "│ " … " │" around a bordered panel's rows; one space each side without borders. */
const BORDERED_CHROME = 4;
const COMPACT_CHROME = 2;
export const MIN_SPARK_SIDE = 12;
export const MIN_SPARK_STACKED = 8;
/** Compact panels side by side keep a sparkline at least this wide (else they stack). */
export const MIN_SPARK_COMPACT = 8;

/**
 * Multi-row charts, in the rows left over on a big terminal, for the quantities the paper is
 * about, most telling first: the learned parameters, the loss, E[x], the gradient, x̂.
 */
export const CHART_KEYS: readonly SeriesKey[] = ['bias', 'weight', 'loss', 'meanX', 'gradB', 'xhatProbe'];
/** A chart is worth drawing from this many rows (12 braille levels); fewer charts, taller, else. */
export const MIN_CHART_ROWS = 3;
/** The step axis under a panel's last chart: its line and its labels. */
export const AXIS_ROWS = 2;
/** Plot cells a chart needs at least, besides its y labels. */
export const MIN_CHART_WIDTH = 20;
/** Lines kept for the caption beyond what it asks for, so a long one is not cut for a chart. */
const CAPTION_SLACK = 1;

export interface ChartLayout {
  /** Charted quantities, in panel order; each is drawn under its row. */
  keys: SeriesKey[];
  /** Plot rows of each chart. */
  height: number;
  /** Plot cells of each chart, without the LABEL_WIDTH + 1 cells of y labels. */
  plotWidth: number;
}
export interface LayoutInput {
  columns: number;
  rows: number;
  specs: readonly RowSpec[];
  /** Terminal cells of each row's label. */
  labelWidth: (key: SeriesKey) => number;
  hasNarration: boolean;
  /** Sparkline cells never exceed the samples kept. */
  maxSpark: number;
  /** Give spare rows to multi-row charts (the live view); otherwise they go to the summary. */
  charts?: boolean;
  /**
   * Keep the panels side by side in a compact form (label, sparkline, value) before stacking
   * them: the live view, where naive and backprop are compared as they move. A still frame
   * (--snapshot, text for a README) stacks them with every column instead.
   */
  compact?: boolean;
  /** The quantities to chart, most telling first (default CHART_KEYS). */
  chartKeys?: readonly SeriesKey[];
}

export interface PanelLayout {
  kind: 'side' | 'stacked';
  bordered: boolean;
  /** Rows without the change and the flag columns: side by side on a small terminal. */
  compact: boolean;
  panelWidth: number;
  sparkWidth: number;
  labelWidth: number;
  shown: SeriesKey[];
  hidden: number;
  panelsHeight: number;
  /** Rows kept for the caption, however short it is: the panels do not move as it changes. */
  captionLines: number;
  /**
   * All rows below the panels: the caption takes what it needs (at least captionLines), and
   * the scenario summary what is left, when that is enough to be worth showing.
   */
  textLines: number;
  /** Multi-row charts in the rows left over, or null (sparklines only). */
  chart: ChartLayout | null;
  /** Lines of the whole frame. */
  height: number;
}

export interface TooSmall {
  kind: 'tooSmall';
  need: { columns: number; rows: number };
  height: number;
}

export type Layout = PanelLayout | TooSmall;

const CHROME_LINES = 2; // header, footer

function panelHeight(rows: number, bordered: boolean): number {
  return rows + (bordered ? 2 : 1);
}

/** The forms panels take, best first: naive and backprop side by side while it can be done. */
const FORMS = [
  { kind: 'side', bordered: true, compact: false, minSpark: MIN_SPARK_SIDE },
  { kind: 'side', bordered: false, compact: false, minSpark: MIN_SPARK_SIDE },
  { kind: 'side', bordered: false, compact: true, minSpark: MIN_SPARK_COMPACT },
  { kind: 'stacked', bordered: true, compact: false, minSpark: MIN_SPARK_STACKED },
  { kind: 'stacked', bordered: false, compact: false, minSpark: MIN_SPARK_STACKED },
] as const;

/**
 * Charts in the `spare` rows of side-by-side panels: as many of CHART_KEYS as get MIN_CHART_ROWS
 * each, the most telling first, all of the same height, filling the rows.
 */
function chartLayout(shown: readonly SeriesKey[], spare: number, plotWidth: number, order: readonly SeriesKey[]): ChartLayout | null {
  if (plotWidth < MIN_CHART_WIDTH) return null;
  const candidates = order.filter((k) => shown.includes(k));
  for (let n = candidates.length; n > 0; n--) {
    const height = Math.floor((spare - AXIS_ROWS) / n);
    if (height < MIN_CHART_ROWS) continue;
    const keys = new Set(candidates.slice(0, n));
    return { keys: shown.filter((k) => keys.has(k)), height, plotWidth };
  }
  return null;
}

export function computeLayout(inp: LayoutInput): Layout {
  const budget = inp.rows - 1;
  const captionWanted = (inp.hasNarration ? 2 : 0) + 2;
  const priorities = [...new Set(inp.specs.map((s) => s.priority))].sort((a, b) => b - a);
  // Show everything if possible; otherwise drop the highest priority number first, never priority 0.
  const thresholds = [Infinity, ...priorities.filter((p) => p > 0)];
  // The caption whole (narration and the live sentence, a line or two each) is worth a row or two
  // of the least telling quantities; only when nothing else fits is it cut to a line.
  for (const textNeeded of [captionWanted, 1]) {
    for (const threshold of thresholds) {
      const shownSpecs = inp.specs.filter((s) => s.priority < threshold);
      const shown = shownSpecs.map((s) => s.key);
      const labelWidth = Math.max(...shown.map(inp.labelWidth));
      const R = shown.length;
      for (const form of FORMS) {
        const { kind, bordered, compact } = form;
        if (compact && !inp.compact) continue;
        const panelWidth = kind === 'side' ? Math.floor(inp.columns / 2) : inp.columns;
        const chrome = bordered ? BORDERED_CHROME : COMPACT_CHROME;
        const sparkWidth = Math.min(inp.maxSpark, panelWidth - chrome - labelWidth - (compact ? COMPACT_ROW_FIXED : ROW_FIXED));
        if (sparkWidth < form.minSpark) continue;
        let panelsHeight = (kind === 'side' ? 1 : 2) * panelHeight(R, bordered);
        let left = budget - CHROME_LINES - panelsHeight;
        if (left < textNeeded) continue;
        const chart =
          inp.charts && kind === 'side' && R === inp.specs.length
            ? chartLayout(shown, left - captionWanted - CAPTION_SLACK, panelWidth - chrome - LABEL_WIDTH - 1, inp.chartKeys ?? CHART_KEYS)
            : null;
        if (chart) {
          const extra = chart.keys.length * chart.height + AXIS_ROWS;
          panelsHeight += extra;
          left -= extra;
        }
        return {
          kind,
          bordered,
          compact,
          panelWidth,
          sparkWidth,
          labelWidth,
          shown,
          hidden: inp.specs.length - R,
          panelsHeight,
          captionLines: Math.min(captionWanted, left),
          textLines: left,
          chart,
          height: CHROME_LINES + panelsHeight + left,
        };
      }
    }
  }
  const essential = inp.specs.filter((s) => s.priority === 0).map((s) => s.key);
  const labelWidth = Math.max(...essential.map(inp.labelWidth));
  return {
    kind: 'tooSmall',
    need: {
      columns: COMPACT_CHROME + labelWidth + ROW_FIXED + MIN_SPARK_STACKED,
      rows: CHROME_LINES + 2 * panelHeight(essential.length, false) + 1 + 1,
    },
    height: Math.min(2, Math.max(0, budget)),
  };
}
