import type { SeriesKey } from '../session/history.js';

/**
 * Everything drawn that is not a number or scenario text, in a Unicode and an ASCII set, so
 * `--ascii` changes one object and not every view.
 */
export interface Glyphs {
  ascii: boolean;
  /** Sparkline levels, lowest first. */
  ramp: readonly string[];
  /** A flat series: drawn as a line, never as amplified round-off. */
  flat: string;
  /** Ink border style name for the panels. */
  border: 'round' | 'classic';
  corner: { topLeft: string; topRight: string };
  horizontal: string;
  sep: string;
  delta: string;
  ellipsis: string;
}

export const UNICODE: Glyphs = {
  ascii: false,
  // ink-chart's block ramp (its BLOCK_SYMBOLS), so our sparklines match its Sparkline glyph for
  // glyph; spelled out here because loading ink-chart loads all its charts, which the live view
  // would pay for in start-up time (test/ui/spark.test.ts checks they stay the same).
  ramp: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  flat: '─',
  border: 'round',
  corner: { topLeft: '╭', topRight: '╮' },
  horizontal: '─',
  sep: ' · ',
  delta: 'Δ',
  ellipsis: '…',
};

export const ASCII_GLYPHS: Glyphs = {
  ascii: true,
  // Eight levels like the blocks, bottom to top; '-' is left out because it draws a flat series.
  ramp: ['_', '.', ':', '=', '+', '*', '#', '@'],
  flat: '-',
  border: 'classic',
  corner: { topLeft: '+', topRight: '+' },
  horizontal: '-',
  sep: ' | ',
  delta: 'd',
  ellipsis: '...',
};

export function glyphsFor(ascii: boolean): Glyphs {
  return ascii ? ASCII_GLYPHS : UNICODE;
}

/** Row labels in the paper's notation; `probe` is the followed example, `dims` picks w or ‖w‖. */
export function rowLabel(key: SeriesKey, o: { ascii: boolean; probe: number; dims: number }): string {
  const u = !o.ascii;
  switch (key) {
    case 'bias':
      return 'bias b';
    case 'meanX':
      return 'E[x]';
    case 'varX':
      return 'Var[x]';
    case 'xhatProbe':
      return u ? `x̂ ex.${o.probe}` : `x^ ex.${o.probe}`;
    case 'xhatSpread':
      // x^ as in the captions and help, which spell x̂ that way with --ascii.
      return u ? 'x̂ spread' : 'x^ spread';
    case 'loss':
      return 'loss';
    case 'evalLoss':
      return 'eval loss';
    case 'gradB':
      return u ? '∂L/∂b' : 'dL/db';
    case 'weight':
      return o.dims > 1 ? (u ? '‖w‖' : '|w|') : 'w';
    case 'gamma':
      return u ? 'γ' : 'gamma';
    case 'beta':
      return u ? 'β' : 'beta';
  }
}
