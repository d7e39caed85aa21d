import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import { safeText } from '../../src/text/sanitize.js';
import { cellWidth, pad, toAscii, truncate, wrap } from '../../src/text/cells.js';
import { builtin } from '../scenarios/helpers.js';

describe('safeText', () => {
  it('shows escape sequences as visible placeholders, so a scenario title cannot drive the terminal', () => {
    expect(safeText('A\x1b[2J\x1b[HB')).toBe('A␛[2J␛[HB');
    expect(safeText('title\x1b]0;pwned\x07')).toBe('title␛]0;pwned␇');
    expect(safeText('clip\x1b]52;c;aGk=\x1b\\')).toBe('clip␛]52;c;aGk=␛\\');
    expect(safeText('x\u009b31my')).toBe('x\ufffd31my');
    expect(safeText('rtl\u202eevil\x7f')).toBe('rtl\ufffdevil␡');
    expect(safeText('two\nlines\tand  tabs')).toBe('two lines and tabs');
  });

  it('spells the placeholders in caret notation for --ascii', () => {
    expect(toAscii(safeText('title\x1b]0;pwned\x07\x7f'))).toBe('title^[]0;pwned^G^?');
  });

  it('leaves no control character in anything', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(safeText(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
    );
  });

  it("keeps the paper's notation", () => {
    expect(safeText('x̂ = x − E[x], ∂ℓ/∂b, γ β, ‖w‖')).toBe('x̂ = x − E[x], ∂ℓ/∂b, γ β, ‖w‖');
  });
});

describe('wrap, when text is left over', () => {
  it('ends the last line with the ellipsis, dropping a word when the line has no room for it', () => {
    const text = 'Naive: w*grad w = gamma*dL/dgamma > 0 while gamma is too big. It shortens w as well';
    for (const [ellipsis, width] of [['...', 58], ['…', 58], ['...', 57], ['...', 20], ['…', 3]] as const) {
      const lines = wrap(text, width, 1, ellipsis);
      expect(lines, `${ellipsis} ${width}`).toHaveLength(1);
      expect(lines[0].endsWith(ellipsis), `${ellipsis} ${width}: ${lines[0]}`).toBe(true);
      expect(cellWidth(lines[0])).toBeLessThanOrEqual(width);
      // Words are kept whole when a space allows it.
      if (width >= 20) expect(text.startsWith(lines[0].slice(0, -ellipsis.length).trimEnd())).toBe(true);
    }
    expect(wrap(text, 58, 1, '...')).toEqual(['Naive: w*grad w = gamma*dL/dgamma > 0 while gamma is...']);
  });
});

describe('toAscii', () => {
  it('spells the notation in ASCII', () => {
    expect(toAscii('x̂ = x − E[x]')).toBe('x^ = x - E[x]');
    expect(toAscii('∂L/∂b, ‖w‖ ≈ 1.9 — §2 γ β Δ, η·ȳ')).toBe('dL/db, |w| ~ 1.9 -- Sec. 2 gamma beta delta_, eta*ybar');
    expect(toAscii('Ioffe & Szegedy, café')).toBe('Ioffe & Szegedy, cafe');
    // A mean keeps its bar, and ≠ its stroke: dropped as accents they would change the meaning.
    expect(toAscii('(u − ū)/σᵤ, ū ≠ 0, Δb ∝ 1/w, ½, tanh′, w·∇w')).toBe(
      "(u - ubar)/sigma_u, ubar != 0, delta_b prop. to 1/w, 1/2, tanh', w*grad w",
    );
  });

  it("spells every character of every built-in's text (no '?' standing in for one)", () => {
    for (const name of BUILTIN_ORDER) {
      const s = builtin(name);
      for (const text of [s.title, s.summary, ...s.captions.map((c) => c.text)])
        expect(toAscii(text).split('?').length, `${name}: ${text}`).toBe(text.split('?').length);
    }
  });

  it('always returns ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(toAscii(s)).toMatch(/^[\x00-\x7f]*$/);
      }),
    );
  });
});

describe('cell widths', () => {
  it('count combining marks as 0 and East Asian wide characters as 2', () => {
    expect(cellWidth('x̂ ex.7')).toBe(6);
    expect(cellWidth('▁▂▃─│╭')).toBe(6);
    expect(cellWidth('数据')).toBe(4);
    expect(cellWidth('\x1b[33mab\x1b[0m')).toBe(2);
  });

  it('truncate and pad hit the width exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 40 }), (s, w) => {
        const clean = safeText(s);
        expect(cellWidth(truncate(clean, w))).toBeLessThanOrEqual(w);
        expect(cellWidth(pad(clean, w))).toBe(w);
        expect(cellWidth(pad(clean, w, 'right'))).toBe(w);
      }),
    );
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});

describe('wrap', () => {
  it('breaks at spaces and marks text left over', () => {
    expect(wrap('one two three four', 9, 2)).toEqual(['one two', 'three…']);
    expect(wrap('one two three four', 9, 3)).toEqual(['one two', 'three', 'four']);
    expect(wrap('supercalifragilistic word', 8, 2)).toEqual(['superca…', 'word']);
  });

  it('never exceeds the width or the line count', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 4 }), (s, w, n) => {
        const lines = wrap(safeText(s), w, n);
        expect(lines.length).toBeLessThanOrEqual(n);
        for (const l of lines) expect(cellWidth(l)).toBeLessThanOrEqual(w);
      }),
    );
  });
});
