import type { SeriesKey } from '../session/history.js';
import { NUMBER_WIDTH } from '../session/format.js';
import type { RowSpec } from '../session/rows.js';

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
/** "│ " … " │" around a bordered panel's rows; one space each side without borders. */
const BORDERED_CHROME = 4;
const COMPACT_CHROME = 2;
export const MIN_SPARK_SIDE = 12;
export const MIN_SPARK_STACKED = 8;

export interface LayoutInput {
  columns: number;
  rows: number;
  specs: readonly RowSpec[];
  /** Terminal cells of each row's label. */
  labelWidth: (key: SeriesKey) => number;
  hasNarration: boolean;
  /** Sparkline cells never exceed the samples kept. */
  maxSpark: number;
}

export interface PanelLayout {
  kind: 'side' | 'stacked';
  bordered: boolean;
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

export function computeLayout(inp: LayoutInput): Layout {
  const budget = inp.rows - 1;
  const captionWanted = (inp.hasNarration ? 2 : 0) + 2;
  const priorities = [...new Set(inp.specs.map((s) => s.priority))].sort((a, b) => b - a);
  // Show everything if possible; otherwise drop the highest priority number first, never priority 0.
  const thresholds = [Infinity, ...priorities.filter((p) => p > 0)];
  for (const threshold of thresholds) {
    const shownSpecs = inp.specs.filter((s) => s.priority < threshold);
    const shown = shownSpecs.map((s) => s.key);
    const labelWidth = Math.max(...shown.map(inp.labelWidth));
    const R = shown.length;
    for (const kind of ['side', 'stacked'] as const) {
      for (const bordered of [true, false]) {
        const panelWidth = kind === 'side' ? Math.floor(inp.columns / 2) : inp.columns;
        const chrome = bordered ? BORDERED_CHROME : COMPACT_CHROME;
        const sparkWidth = Math.min(inp.maxSpark, panelWidth - chrome - labelWidth - ROW_FIXED);
        if (sparkWidth < (kind === 'side' ? MIN_SPARK_SIDE : MIN_SPARK_STACKED)) continue;
        const panelsHeight = (kind === 'side' ? 1 : 2) * panelHeight(R, bordered);
        const left = budget - CHROME_LINES - panelsHeight;
        if (left < 1) continue;
        return {
          kind,
          bordered,
          panelWidth,
          sparkWidth,
          labelWidth,
          shown,
          hidden: inp.specs.length - R,
          panelsHeight,
          captionLines: Math.min(captionWanted, left),
          textLines: left,
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
