import { Text } from 'ink';
import { memo } from 'react';
import type { Glyphs } from '../glyphs.js';
import { footerLine } from '../keys.js';
import { cellWidth, toAscii, truncate } from '../../text/cells.js';

export interface FooterProps {
  width: number;
  /** stdin is a terminal: list the keys; otherwise say why there are none. */
  keyboard: boolean;
  paused: boolean;
  /** Presenter mode: space goes to the next stop, and the keys between stops are listed first. */
  presenting?: boolean;
  g: Glyphs;
}

/** The keys, or why there are none (memo: its props change with a key, not with a step). */
export const Footer = memo(function Footer({ width, keyboard, paused, presenting = false, g }: FooterProps) {
  const text = keyboard ? footerLine(width - 2, g.sep, cellWidth, paused, presenting) : `no keyboard: stdin is not a terminal${g.sep}Ctrl+C quits`;
  return (
    <Text wrap="truncate">
      {' '}
      <Text dimColor>{truncate(g.ascii ? toAscii(text) : text, width - 2, g.ellipsis)}</Text>
    </Text>
  );
});
