import type { Glyphs } from '../glyphs.js';
import { toAscii, truncate } from '../text.js';
import type { Segment } from './Segments.js';

export function tooSmallLines(p: { need: { columns: number; rows: number }; columns: number; rows: number; height: number; g: Glyphs }): Segment[][] {
  const t = (s: string) => (p.g.ascii ? toAscii(s) : s);
  const lines = [
    t(`terminal too small (need ${p.need.columns}×${p.need.rows})`),
    t(`now ${p.columns}×${p.rows}${p.g.sep}q quits`),
  ].slice(0, p.height);
  return lines.map((l, i) => [{ text: truncate(l, p.columns, p.g.ellipsis), bold: i === 0 }]);
}
