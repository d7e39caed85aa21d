/**
 * Text that reaches the terminal. Scenario files are shared: a title or caption could carry
 * escape sequences (clear the screen, retitle the window, hide the cursor for good), so every
 * piece of scenario-provided text goes through safeText() before it is drawn.
 */

// Line breaks and tabs are layout, not content: a caption is one flowing line.
const WHITESPACE = /[\t\n\r]+/g;
// C0 controls, DEL, C1 controls (0x9b is a one-byte CSI), and the invisible bidirectional
// controls that can make text display out of order.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Each unsafe character becomes a visible placeholder instead of vanishing, so a hostile title
 * (an OSC 52 clipboard write, a CSI that clears the screen) is shown for what it is: ESC is ␛,
 * BEL ␇ (the Unicode control pictures, U+2400 + code), DEL ␡, anything else �. In --ascii mode
 * toAscii() turns the control pictures into caret notation (^[, ^G).
 */
function placeholder(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

export function safeText(s: string): string {
  return s.replace(WHITESPACE, ' ').replace(UNSAFE, placeholder).replace(/ {2,}/g, ' ').trim();
}

/** Characters the paper's notation uses, spelled in ASCII for `--ascii` terminals. */
const ASCII: Record<string, string> = {
  '\u00a0': ' ',
  '\u2212': '-',
  '—': '--',
  '–': '-',
  '…': '...',
  '·': '*',
  '×': 'x',
  '§': 'Sec. ',
  '‖': '|',
  '∂': 'd',
  'Δ': 'd',
  '≈': '~',
  // ≠ would otherwise lose its stroke (a combining mark) and read as '='.
  '≠': '!=',
  '∝': 'prop. to',
  '½': '1/2',
  '′': "'",
  '∇': 'grad ',
  '≤': '<=',
  '≥': '>=',
  '→': '->',
  '←': '<-',
  '∞': 'inf',
  '√': 'sqrt',
  'Σ': 'sum',
  'ε': 'eps',
  'η': 'eta',
  'γ': 'gamma',
  'β': 'beta',
  'σ': 'sigma',
  'μ': 'mu',
  'θ': 'theta',
  'ℓ': 'l',
  '²': '^2',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  'ȳ': 'ybar',
  'ᵢ': '_i',
  'ᵤ': '_u',
  'ⱼ': '_j',
  '₀': '0',
  '₁': '1',
};

/**
 * ASCII only: the notation spelled out (x̂ → x^, ū → ubar, ∂ → d), accents dropped, anything else '?'.
 * Box drawing and sparkline glyphs are chosen separately (see glyphs.ts).
 */
export function toAscii(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out += ch;
      continue;
    }
    // safeText()'s placeholders for control characters, in caret notation: ␛ → ^[, ␡ → ^?.
    if (code >= 0x2400 && code <= 0x241f) {
      out += `^${String.fromCharCode(code - 0x2400 + 0x40)}`;
      continue;
    }
    if (code === 0x2421) {
      out += '^?';
      continue;
    }
    const mapped = ASCII[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    // x̂ is x + U+0302 (no precomposed form): the hat becomes ^; other accents are dropped.
    const parts = ch.normalize('NFD');
    let base = '';
    for (const p of parts) {
      if (p === '\u0302') base += '^';
      // A macron is a mean (ū): spelled like ȳ → ybar.
      else if (p === '\u0304') base += 'bar';
      else if (/\p{M}/u.test(p)) continue;
      else base += p.charCodeAt(0) < 0x80 ? p : (ASCII[p] ?? '?');
    }
    out += base;
  }
  return out;
}

const WIDE =
  /[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f680}-\u{1f6ff}\u{1f900}-\u{1f9ff}\u{1fa70}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/** Terminal cells of one code point: 0 for combining marks, 2 for East Asian wide and emoji. */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  if (c < 0x300) return 1;
  if (/[\p{Mn}\p{Me}\u200b-\u200d\ufe00-\ufe0f]/u.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

const SGR = /\x1b\[[0-9;]*m/g;

/** Terminal cells of a string (SGR colour codes take none). */
export function cellWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(SGR, '')) w += charWidth(ch);
  return w;
}

/** Cut to at most `width` cells, ending in an ellipsis when something was cut. */
export function truncate(s: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (cellWidth(s) <= width) return s;
  const room = width - cellWidth(ellipsis);
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > room) break;
    out += ch;
    w += cw;
  }
  // A combining mark belongs to the character before it: never leave one dangling after a cut.
  return out + (room >= 0 ? ellipsis : '');
}

/** Pad with spaces on the right (or left) to exactly `width` cells, cutting if longer. */
export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = cellWidth(s) > width ? truncate(s, width, '') : s;
  const fill = ' '.repeat(Math.max(0, width - cellWidth(t)));
  return align === 'left' ? t + fill : fill + t;
}

/**
 * Word-wrap to at most `lines` lines of `width` cells; the last line ends in an ellipsis when
 * text was left over. A word longer than a line is cut.
 */
export function wrap(s: string, width: number, lines: number, ellipsis = '…'): string[] {
  if (width <= 0 || lines <= 0) return [];
  const words = s.split(' ').filter((w) => w.length > 0);
  const out: string[] = [];
  const ellipsize = (): string[] => {
    // "lower." + "..." would read as four dots: the ellipsis replaces the punctuation.
    let last = out[out.length - 1].replace(/[.,;:]$/, '');
    // No room for it after the last word (three cells for --ascii's "..."): drop words, not letters.
    while (cellWidth(last) + cellWidth(ellipsis) > width) {
      const cut = last.lastIndexOf(' ');
      if (cut <= 0) {
        last = truncate(last, width - cellWidth(ellipsis), '');
        break;
      }
      last = last.slice(0, cut).replace(/[.,;:]$/, '');
    }
    out[out.length - 1] = last + ellipsis;
    return out;
  };
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (cellWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) {
      if (out.length === lines - 1) {
        out.push(line);
        return ellipsize();
      }
      out.push(line);
    }
    if (out.length === lines) return ellipsize();
    line = cellWidth(word) <= width ? word : truncate(word, width, ellipsis);
  }
  if (line) {
    if (out.length === lines) return ellipsize();
    out.push(line);
  }
  return out;
}
