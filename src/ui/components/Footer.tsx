import type { Glyphs } from '../glyphs.js';
import { footerLine } from '../keys.js';
import { cellWidth, toAscii, truncate } from '../text.js';
import type { Segment } from './Segments.js';

/** The keys, or why there are none. */
export function footerSegments(width: number, keyboard: boolean, g: Glyphs, paused = false): Segment[] {
  const text = keyboard
    ? footerLine(width - 2, g.sep, cellWidth, paused)
    : `no keyboard: stdin is not a terminal${g.sep}Ctrl+C quits`;
  const s = g.ascii ? toAscii(text) : text;
  return [{ text: ' ' }, { text: truncate(s, width - 2, g.ellipsis), dim: true }];
}
