import type { Glyphs } from './glyphs.js';

/**
 * One sparkline as a string of exactly `width` cells.
 *
 * Why not ink-chart's <Sparkline> component itself: each instance adds a process SIGWINCH
 * listener (a dashboard of 20 rows trips Node's MaxListenersExceededWarning, printed over the
 * frame), it console.warns on every render with a non-finite value, it has no ASCII mode, and it
 * scales each series to its own range, which turns round-off into a full-height zigzag. We keep
 * its glyph mapping (its getSymbol: level ⌊t·7⌋ of BLOCK_SYMBOLS, so the bars are identical; the
 * ASCII ramp has eight levels too) and do the scaling here: a y-range shared by both panels, and
 * flat series drawn as a line.
 */
export function sparkline(
  values: readonly number[],
  range: readonly [number, number] | null,
  width: number,
  flat: boolean,
  g: Glyphs,
): string {
  const shown = values.length > width ? values.slice(values.length - width) : values;
  let out = '';
  for (const v of shown) {
    if (!Number.isFinite(v)) out += ' ';
    else if (flat || range === null || !(range[1] > range[0])) out += g.flat;
    else {
      const t = Math.max(0, Math.min(1, (v - range[0]) / (range[1] - range[0])));
      out += g.ramp[Math.floor(t * (g.ramp.length - 1))];
    }
  }
  return out + ' '.repeat(Math.max(0, width - shown.length));
}
