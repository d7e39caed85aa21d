import stringWidth from 'string-width';

/**
 * Text as the terminal shows it: widths measured with string-width, which is what Ink lays out
 * with, so a line we cut to fit is the width Ink gives it. Text from outside is sanitized first
 * (src/text/sanitize.ts).
 */

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
  // Δ and ∂ stay apart: Δb is a change (delta_b), ∂L/∂b a gradient (dL/db). The one spelling
  // every view and explain use (session/labels.ts, ASCII_DELTA).
  'Δ': 'delta_',
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
 * ASCII only: the notation spelled out (x̂ → x^, ū → ubar, ∂ → d, Δ → delta_), accents dropped, anything else '?'.
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

const segmenter = new Intl.Segmenter();

/** Printable ASCII: one cell a character, no need to ask string-width. */
const ASCII_ONLY = /^[\x20-\x7e]*$/;
/**
 * string-width's answers for the non-ASCII strings of recent frames: labels, borders, the clock
 * and the padded numbers come back every frame, and string-width segments them into graphemes
 * each time. Bounded: cleared when full.
 */
const widthCache = new Map<string, number>();
const WIDTH_CACHE_MAX = 4096;

/** Terminal cells of a string, SGR colour codes taking none. */
export function cellWidth(s: string): number {
  if (ASCII_ONLY.test(s)) return s.length;
  let w = widthCache.get(s);
  if (w === undefined) {
    if (widthCache.size >= WIDTH_CACHE_MAX) widthCache.clear();
    widthCache.set(s, (w = stringWidth(s)));
  }
  return w;
}

/** Cut to at most `width` cells, ending in an ellipsis when something was cut. */
export function truncate(s: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (cellWidth(s) <= width) return s;
  const room = width - cellWidth(ellipsis);
  let out = '';
  let w = 0;
  // By grapheme: x̂ (x and a combining hat) is cut whole or not at all.
  for (const { segment } of segmenter.segment(s)) {
    const cw = stringWidth(segment);
    if (w + cw > room) break;
    out += segment;
    w += cw;
  }
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
  // Widths are summed word by word (a space is one cell): measuring each longer candidate line
  // again would make wrapping a paragraph quadratic in string-width calls.
  let line = '';
  let lineWidth = 0;
  for (const word of words) {
    const wordWidth = cellWidth(word);
    const candidateWidth = line ? lineWidth + 1 + wordWidth : wordWidth;
    if (candidateWidth <= width) {
      line = line ? `${line} ${word}` : word;
      lineWidth = candidateWidth;
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
    line = wordWidth <= width ? word : truncate(word, width, ellipsis);
    lineWidth = cellWidth(line);
  }
  if (line) {
    if (out.length === lines) return ellipsize();
    out.push(line);
  }
  return out;
}
