import type { Glyphs } from '../glyphs.js';
import { footerLine } from '../keys.js';
import { cellWidth, toAscii, truncate } from '../text.js';
import { Line } from './Segments.js';

export function Footer({ width, keyboard, g }: { width: number; keyboard: boolean; g: Glyphs }) {
  const text = keyboard
    ? footerLine(width - 2, g.sep, cellWidth)
    : `no keyboard: stdin is not a terminal${g.sep}Ctrl+C quits`;
  const s = g.ascii ? toAscii(text) : text;
  return <Line segments={[{ text: ' ' }, { text: truncate(s, width - 2, g.ellipsis), dim: true }]} />;
}
