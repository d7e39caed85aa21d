/**
 * The domain of the string-width and ansi-tokenize patches' fast paths (patches/), as the patches
 * state it: [first, last] code points that are one narrow cell and a grapheme cluster each, and
 * the combining accents, which have no cell of their own. The tests of both patches sweep it.
 */
export const NARROW: readonly [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x2ff],
  [0x370, 0x3ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2070, 0x209c],
  [0x2100, 0x22ff],
  [0x2500, 0x25fc],
  [0x25ff, 0x25ff],
  [0x2800, 0x28ff],
];
/** Combining Diacritical Marks. */
export const COMBINING: [number, number] = [0x300, 0x36f];

export const codePoints = (ranges: readonly [number, number][]): number[] =>
  ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
