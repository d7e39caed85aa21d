/**
 * patches/string-width+8.3.0.patch, its fast path for narrow text (issue 16): a string made only
 * of code points from the blocks a terminal UI draws with (box drawing, block elements, braille,
 * Latin and Greek letters, punctuation, arrows, math operators) and combining accents (the x̂ of
 * the view) is measured by counting, without grapheme segmentation. The oracle is string-width's
 * own slow path: the same string with a CJK ideograph after it, which is outside the fast path's
 * domain and is a cluster of its own after any code point of the domain (two cells), so
 * width(s + '一') − 2 is what the segmenting path says s is.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codePoints, COMBINING, NARROW } from './narrow-domain.js';

const narrow = codePoints(NARROW);
const combining = codePoints([COMBINING]);
const slow = (s: string) => stringWidth(s + '一') - 2;

describe('string-width: the fast path for narrow text', () => {
  afterEach(() => vi.restoreAllMocks());

  it('measures a line of the live view without segmenting it into graphemes', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const line = '│ ∂L/∂b  ⠁⠂⠃⡀⣀⣸ ▁▂▃█ −1.2e−3 · x̂ ≈ ȳ, Δb η … ↳ true ╰──╯ §';
    expect(stringWidth(line)).toBe(line.length - 1);
    expect(segment).not.toHaveBeenCalled();
    // Outside the domain the segmenting path still runs (and gives the same width for the line).
    expect(stringWidth('漢字')).toBe(4);
    expect(segment).toHaveBeenCalled();
    expect(stringWidth(line + '漢')).toBe(line.length - 1 + 2);
  });

  it('is the slow path for every code point it takes (all of the BMP tried), alone and beside others', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const differ: string[] = [];
    let taken = 0;
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const s of [c, 'a' + c, c + 'a', c + '\u0302', c + '\u0302\u0323', c + c]) {
        const calls = segment.mock.calls.length;
        const width = stringWidth(s);
        if (segment.mock.calls.length > calls) continue;
        taken++;
        if (width !== slow(s)) differ.push(`U+${code.toString(16)} in ${JSON.stringify(s)}`);
      }
    }
    expect(differ).toEqual([]);
    // The domain the patch names (and ASCII, its own fast path), each in every context.
    expect(taken).toBeGreaterThanOrEqual((narrow.length + combining.length) * 6);
    for (const c of narrow) expect(stringWidth(String.fromCodePoint(c))).toBe(1);
  });

  it('is the slow path for any string made of its domain (fast-check)', () => {
    const char = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...narrow) },
      { weight: 1, arbitrary: fc.constantFrom(...combining) },
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 60 }), (cps) => {
        const s = String.fromCodePoint(...cps);
        expect(stringWidth(s)).toBe(slow(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('is not taken where ambiguous characters are wide, nor for emoji and controls next to the domain', () => {
    expect(stringWidth('─│╭', { ambiguousIsNarrow: false })).toBe(6);
    expect(stringWidth('Δ', { ambiguousIsNarrow: false })).toBe(2);
    expect(stringWidth('◽')).toBe(2);
    expect(stringWidth('⌚')).toBe(2);
    expect(stringWidth('a\u00adb')).toBe(2);
    expect(stringWidth('a\u200bb')).toBe(2);
    expect(stringWidth('a\tb')).toBe(2);
  });
});
