/** The characters of a box border: cli-boxes' BoxStyle, which Ink's <Box borderStyle> takes. */
export interface BoxStyle {
  topLeft: string;
  top: string;
  topRight: string;
  right: string;
  bottomRight: string;
  bottom: string;
  bottomLeft: string;
  left: string;
}

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
  /** The panels' border, as an Ink BoxStyle (cli-boxes' shape). */
  border: BoxStyle;
  sep: string;
  ellipsis: string;
}

export const UNICODE: Glyphs = {
  ascii: false,
  // ink-chart's block ramp (its BLOCK_SYMBOLS), so our sparklines match its Sparkline glyph for
  // glyph; spelled out here because loading ink-chart loads all its charts, which the live view
  // would pay for in start-up time (test/ui/spark.test.ts checks they stay the same).
  ramp: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  flat: '─',
  // cli-boxes' "round", Ink's borderStyle="round".
  border: { topLeft: '╭', top: '─', topRight: '╮', right: '│', bottomRight: '╯', bottom: '─', bottomLeft: '╰', left: '│' },
  sep: ' · ',
  ellipsis: '…',
};

export const ASCII_GLYPHS: Glyphs = {
  ascii: true,
  // Eight levels like the blocks, bottom to top; '-' is left out because it draws a flat series.
  ramp: ['_', '.', ':', '=', '+', '*', '#', '@'],
  flat: '-',
  // cli-boxes' "classic", spelled out: ASCII only, whatever that package ships next.
  border: { topLeft: '+', top: '-', topRight: '+', right: '|', bottomRight: '+', bottom: '-', bottomLeft: '+', left: '|' },
  sep: ' | ',
  ellipsis: '...',
};

export function glyphsFor(ascii: boolean): Glyphs {
  return ascii ? ASCII_GLYPHS : UNICODE;
}

/** Row labels come from the one table of labels, shared with captions and help. */
export { rowLabel } from '../session/labels.js';
