import { Box, Text } from 'ink';
import type { Glyphs } from '../glyphs.js';
import { toAscii, truncate } from '../../text/cells.js';

export interface TooSmallProps {
  need: { columns: number; rows: number };
  columns: number;
  rows: number;
  /** Lines there is room for (0 to 2). */
  height: number;
  g: Glyphs;
}

/** What size the terminal must be, instead of a dashboard that would not fit. */
export function TooSmall({ need, columns, rows, height, g }: TooSmallProps) {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const lines = [t(`terminal too small (need ${need.columns}×${need.rows})`), t(`now ${columns}×${rows}${g.sep}q quits`)].slice(0, height);
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} bold={i === 0} wrap="truncate">
          {truncate(l, columns, g.ellipsis)}
        </Text>
      ))}
    </Box>
  );
}
