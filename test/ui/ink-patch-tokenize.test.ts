/**
 * patches/@alcalzone+ansi-tokenize+0.2.5.patch (issue 16): Ink's output step tokenizes every
 * line it draws; for a line whose code points are each a grapheme cluster of their own (ASCII,
 * box drawing, blocks, braille, Latin and Greek letters, arrows, math) or combining accents, the
 * clusters are found from the code units instead of by Intl.Segmenter. The oracle is the
 * segmenting path itself: the same string with a CJK ideograph after it, which sends it there and
 * is a cluster of its own after anything of the domain, so tokenize(s + '一') without its last
 * token is what the segmenter's tokenization of s is.
 *
 * Same patch: styledCharsFromTokens gives the characters between two ANSI codes one styles array.
 */
import { reduceAnsiCodes, styledCharsFromTokens, styledCharsToString, tokenize, type AnsiCode } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codePoints, COMBINING, NARROW } from '../text/narrow-domain.js';

// The fast path's domain (besides ESC): test/text/narrow-domain.ts.
const narrow = codePoints(NARROW).map((c) => String.fromCodePoint(c));
const combining = codePoints([COMBINING]).map((c) => String.fromCodePoint(c));
const SGR = ['\x1b[33m', '\x1b[39m', '\x1b[1m', '\x1b[22m', '\x1b[2;3m', '\x1b[38;5;12m', '\x1b[38;2;1;2;3m', '\x1b[0m', '\x1b[m', '\x1b', '\x1b[', '\x1b[3'];

/** The characters of a tokenization, as [value, fullWidth]. */
const chars = (tokens: ReturnType<typeof tokenize>) => tokens.flatMap((t) => (t.type === 'char' ? [[t.value, t.fullWidth]] : []));

/** What the segmenting path makes of s. */
const slow = (s: string) => {
  const tokens = tokenize(s + '一');
  expect(tokens.at(-1)).toEqual({ type: 'char', value: '一', fullWidth: true });
  return tokens.slice(0, -1);
};

describe('ansi-tokenize patch: clusters of narrow text without Intl.Segmenter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('tokenizes a line of the live view without segmenting it', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const line = '\x1b[2m│\x1b[22m \x1b[33m∂L/∂b\x1b[39m ⠁⠂⡀⣸ ▁▂█ −1.2e−3 · x̂ ≈ ȳ Δb η … ↳ ╰─╯';
    const tokens = tokenize(line);
    expect(segment).not.toHaveBeenCalled();
    expect(chars(tokens)).toContainEqual(['x̂', false]);
    expect(tokens).toEqual(slow(line));
    expect(segment).toHaveBeenCalled();
  });

  it('is the segmenting path for every code point it takes (all of the BMP tried), alone and beside others', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    const differ: string[] = [];
    let taken = 0;
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const s of [c, 'a' + c, c + 'a', c + '\u0302', c + '\u0302\u0323', '\x1b' + c, '\x1b[33m' + c + '\x1b[39m', c + c]) {
        const calls = segment.mock.calls.length;
        const tokens = tokenize(s);
        if (segment.mock.calls.length > calls) continue;
        taken++;
        if (JSON.stringify(tokens) !== JSON.stringify(slow(s))) differ.push(`U+${code.toString(16)} in ${JSON.stringify(s)}`);
      }
    }
    expect(differ).toEqual([]);
    // The domain the patch names, each in every context.
    expect(taken).toBeGreaterThanOrEqual((narrow.length + combining.length) * 8);
  });

  it('is the segmenting path for any string of its domain with SGR codes among it (fast-check)', () => {
    const piece = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...narrow) },
      { weight: 2, arbitrary: fc.constantFrom(...combining) },
      { weight: 2, arbitrary: fc.constantFrom(...SGR) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 50 }), fc.integer({ min: 1, max: 60 }), (pieces, endChar) => {
        const s = pieces.join('');
        expect(tokenize(s)).toEqual(slow(s));
        // Cut short at a visible width (the argument slice-ansi passes), as the segmenter's path does.
        const cut = tokenize(s + '一', endChar);
        const last = cut.at(-1);
        expect(tokenize(s, endChar)).toEqual(last?.type === 'char' && last.value === '一' ? cut.slice(0, -1) : cut);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves other text to the segmenter: CJK, emoji, controls', () => {
    expect(chars(tokenize('a\r\nb'))).toEqual([['a', false], ['\r\n', false], ['b', false]]);
    expect(chars(tokenize('中x'))).toEqual([['中', true], ['x', false]]);
    expect(chars(tokenize('✔️ok'))).toEqual([['✔️', true], ['o', false], ['k', false]]);
  });
});

describe('ansi-tokenize patch: one styles array for the characters between two codes', () => {
  it('shares it, and each character has the styles of all the codes before it, reduced', () => {
    const line = '\x1b[2m│\x1b[22m \x1b[1;33mb 1.2\x1b[39m x̂\x1b[22m ⣸⠁ \x1b[32mflat\x1b[0m 中';
    const tokens = tokenize(line);
    const styled = styledCharsFromTokens(tokens);
    // The oracle: the codes before each character, reduced from scratch.
    const expected: { type: 'char'; value: string; fullWidth: boolean; styles: AnsiCode[] }[] = [];
    const before: AnsiCode[] = [];
    for (const t of tokens) {
      if (t.type === 'ansi') before.push(t);
      else expected.push({ type: 'char', value: t.value, fullWidth: t.fullWidth, styles: reduceAnsiCodes(before) });
    }
    expect(styled).toEqual(expected);
    // 'b 1.2' are five characters of one look: one array (unpatched, five copies).
    const b = styled.findIndex((c) => c.value === 'b');
    for (let k = 1; k < 5; k++) expect(styled[b + k].styles).toBe(styled[b].styles);
    // Rendering them back gives the line's look, and leaves the arrays as they were.
    const copy = JSON.stringify(styled);
    expect(styledCharsToString(styled)).toBe(styledCharsToString(expected));
    expect(JSON.stringify(styled)).toBe(copy);
  });
});
