/**
 * The one sanitizer for text from outside (scenario titles, captions and summaries, file names,
 * paths, YAML parser messages) on its way to a terminal. A shared scenario file could carry
 * escape sequences (clear the screen, retitle the window, write the clipboard, hide the cursor
 * for good) or invisible bidirectional controls that make text read out of order; each such
 * character is shown as a visible placeholder instead of acting on the terminal or vanishing:
 * C0 controls as the Unicode control pictures (ESC is ␛, BEL ␇: U+2400 + code), DEL as ␡, and
 * C1 controls (0x9b is a one-byte CSI), line/paragraph separators and bidirectional and other
 * format controls as �. The UI's toAscii() turns the control pictures into caret notation
 * (^[, ^G, ^?) for --ascii.
 */

// C0, DEL, C1, the Arabic letter mark, LRM/RLM, U+2028/U+2029, the embeddings and overrides
// (U+202A–E), the isolates (U+2066–9) and the byte-order mark used as a zero-width no-break space.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function placeholder(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

/** Every control or formatting character as a visible placeholder; nothing else changes. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, placeholder);
}

// Line breaks and tabs are layout, not content: a caption is one flowing line.
const WHITESPACE = /[\t\n\r]+/g;
/**
 * Emoji joiners and the emoji presentation selector. Terminals disagree on these: a ZWJ sequence
 * (👨‍👩‍👧) is one 2-cell glyph for string-width (Ink's layout) and tmux 3.3, but three emoji, six
 * cells, in xterm and many others; a VS16 emoji (❤️) is 2 cells for string-width and 1 for tmux
 * 3.3 (checked with tmux's cursor_x). Without them every measure agrees: each emoji is its own
 * glyph, and ❤ one cell.
 */
const EMOJI_JOINERS = /[\u200d\ufe0f]/g;

/**
 * Text from outside as one line to draw in the view: whitespace runs become one space, emoji
 * sequences their parts (see EMOJI_JOINERS), and control characters placeholders.
 */
export function safeText(text: string): string {
  return sanitize(text.replace(WHITESPACE, ' ').replace(EMOJI_JOINERS, '')).replace(/ {2,}/g, ' ').trim();
}
