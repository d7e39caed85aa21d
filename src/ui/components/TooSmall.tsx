import { Box } from 'ink';
import type { Glyphs } from '../glyphs.js';
import { toAscii, truncate } from '../text.js';
import { Line } from './Segments.js';

export function TooSmall(p: { need: { columns: number; rows: number }; columns: number; rows: number; height: number; g: Glyphs }) {
  const t = (s: string) => (p.g.ascii ? toAscii(s) : s);
  const lines = [
    t(`terminal too small (need ${p.need.columns}×${p.need.rows})`),
    t(`now ${p.columns}×${p.rows}${p.g.sep}q quits`),
  ].slice(0, p.height);
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Line key={i} segments={[{ text: truncate(l, p.columns, p.g.ellipsis), bold: i === 0 }]} />
      ))}
    </Box>
  );
}
