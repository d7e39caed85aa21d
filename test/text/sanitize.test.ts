import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { safeText, sanitize } from '../../src/text/sanitize.js';
import { toAscii } from '../../src/text/cells.js';

describe('sanitize: the one filter for text from outside', () => {
  it('shows C0, DEL and C1 controls as placeholders instead of passing them to the terminal', () => {
    expect(sanitize('a\x1b[2Jb\x07c\x7fd\x9be')).toBe('a␛[2Jb␇c␡d\ufffde');
    expect(sanitize('path\nwith\ttab')).toBe('path␊with␉tab');
  });

  it('shows bidirectional and other format controls, and line/paragraph separators', () => {
    for (const c of ['\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029', '\u061c', '\ufeff'])
      expect(sanitize(`x${c}y`), `U+${c.charCodeAt(0).toString(16)}`).toBe('x\ufffdy');
  });

  it('leaves the paper’s notation alone', () => {
    expect(sanitize('x̂ = x − E[x], ∂ℓ/∂b, Δb, γ β, ‖w‖')).toBe('x̂ = x − E[x], ∂ℓ/∂b, Δb, γ β, ‖w‖');
  });

  it('in --ascii the placeholders read in caret notation', () => {
    expect(toAscii(sanitize('t\x1b]0;x\x07\x7f'))).toBe('t^[]0;x^G^?');
  });
});

describe('safeText: scenario text drawn in the view', () => {
  it('flows whitespace into single spaces', () => {
    expect(safeText('  two\nlines\tand   tabs ')).toBe('two lines and tabs');
  });

  it('draws a ZWJ emoji sequence as its parts, so every measure of its width agrees', () => {
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
    // Joined: 2 cells for string-width and tmux 3.3, 6 for xterm and others; parted, 6 for all.
    expect(stringWidth(family)).toBe(2);
    const shown = safeText(`a ${family} b`);
    expect(shown).toBe('a \u{1f468}\u{1f469}\u{1f467} b');
    expect(stringWidth(shown)).toBe(2 + 6 + 2);
    // A VS16 heart: 2 cells for string-width, 1 for tmux 3.3.
    expect(safeText('\u2764\ufe0f')).toBe('\u2764');
    expect(stringWidth(safeText('\u2764\ufe0f'))).toBe(1);
  });
});
