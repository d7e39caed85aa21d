import { EventEmitter } from 'node:events';
import { cellWidth, charWidth } from './text.js';

/**
 * The stdout Ink writes to in the live view: the alternate screen, painted row by row.
 *
 * Ink 6.8's incrementalRendering moves the cursor up one line too few on every frame (its frame
 * ends in a newline but it climbs `lines − 1`), so each frame lands one row lower and leaves a
 * copy of the header behind; verified in tmux, and it does not repaint on resize either. So Ink
 * renders in its standard mode, which writes "erase the previous N lines, then the whole frame",
 * and this class turns that into what incremental rendering promises: it keeps the frame that is
 * on screen and writes only the rows that changed, at absolute positions. Absolute positions also
 * mean a frame can never drift, whatever the terminal did in between (a resize that scrolled).
 *
 * Rows past rows − 1 are never written, so the screen never scrolls; a line wider than the
 * terminal (a frame laid out for the old size, mid-resize) is cut, never wrapped.
 */

const ESC = '\x1b';
export const ALT_SCREEN_ON = `${ESC}[?1049h`;
export const ALT_SCREEN_OFF = `${ESC}[?1049l`;
export const CURSOR_SHOW = `${ESC}[?25h`;
export const CURSOR_HIDE = `${ESC}[?25l`;
const CLEAR = `${ESC}[H${ESC}[2J`;
const ERASE_TO_EOL = `${ESC}[K`;
const SGR_RESET = `${ESC}[0m`;
const SYNC_ON = `${ESC}[?2026h`;
const SYNC_OFF = `${ESC}[?2026l`;

/** Only terminal modes (cursor visibility, synchronized output): passed through untouched. */
const MODES_ONLY = /^(?:\x1b\[\?[0-9;]*[hl])+$/;
/** What Ink puts before a frame: erase lines, cursor up, column 1, or clear the terminal. */
const ERASE_PREFIX = /^(?:\x1b\[(?:2K|1A|G|2J|3J|H))+/;
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]/y;

/** Cut a line with SGR codes to `cols` cells, keeping the codes. */
export function fitLine(line: string, cols: number): { text: string; width: number } {
  const width = cellWidth(line);
  if (width <= cols) return { text: line, width };
  let out = '';
  let w = 0;
  let i = 0;
  while (i < line.length) {
    ANSI.lastIndex = i;
    const m = ANSI.exec(line);
    if (m) {
      out += m[0];
      i += m[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    const cw = charWidth(ch);
    if (w + cw > cols) break;
    out += ch;
    w += cw;
    i += ch.length;
  }
  return { text: out + (out.includes(ESC) ? SGR_RESET : ''), width: w };
}

export interface ScreenOutput {
  write(s: string): boolean;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
  writable?: boolean;
  destroyed?: boolean;
  writableEnded?: boolean;
}

export class TerminalScreen extends EventEmitter {
  /** Ink asks: it hides the cursor and brackets frames in synchronized-output marks for a TTY. */
  readonly isTTY = true;
  private onScreen: string[] = [];
  private frame: string[] = [];
  private active = false;
  /** Bytes written, for tests and the traffic budget. */
  bytes = 0;

  constructor(private readonly out: ScreenOutput) {
    super();
  }

  get columns(): number {
    return this.out.columns || 80;
  }

  get rows(): number {
    return this.out.rows || 24;
  }

  get writable(): boolean {
    return this.out.writable ?? true;
  }

  get destroyed(): boolean {
    return this.out.destroyed ?? false;
  }

  get writableEnded(): boolean {
    return this.out.writableEnded ?? false;
  }

  private emitRaw(s: string): void {
    if (!s) return;
    this.bytes += Buffer.byteLength(s);
    this.out.write(s);
  }

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.onScreen = [];
    this.emitRaw(ALT_SCREEN_ON + CURSOR_HIDE + CLEAR);
    this.out.on('resize', this.handleResize);
  }

  /** Back to the main screen with the cursor visible: safe to call on every exit path, twice. */
  leave(): void {
    if (!this.active) return;
    this.active = false;
    this.out.off('resize', this.handleResize);
    this.emitRaw(SYNC_OFF + SGR_RESET + CURSOR_SHOW + ALT_SCREEN_OFF);
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Subscribe to size changes; called after the screen has been repainted at the new size. */
  onResize(listener: () => void): () => void {
    this.on('screen-resize', listener);
    return () => this.off('screen-resize', listener);
  }

  private readonly handleResize = (): void => {
    // The terminal may have scrolled, cut or reflowed what was on screen: repaint everything
    // now (the last frame, cut to the new width) so nothing stale survives until the next frame.
    this.paint(this.frame, true);
    this.emit('screen-resize');
  };

  write(chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean {
    const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (MODES_ONLY.test(s)) this.emitRaw(s);
    else {
      const body = s.replace(ERASE_PREFIX, '');
      // A bare erase (Ink clearing before an unmount or a resize) is ignored: the next frame is
      // diffed against what is really on screen.
      if (body !== '') {
        this.frame = (body.endsWith('\n') ? body.slice(0, -1) : body).split('\n');
        this.paint(this.frame, false);
      }
    }
    if (typeof done === 'function') (done as () => void)();
    return true;
  }

  private paint(frame: string[], full: boolean): void {
    if (!this.active) return;
    const cols = this.columns;
    const fitted = frame.slice(0, Math.max(0, this.rows - 1)).map((l) => fitLine(l, cols));
    let out = full ? SYNC_ON + CLEAR : '';
    const n = Math.max(fitted.length, this.onScreen.length);
    const next: string[] = [];
    for (let i = 0; i < n; i++) {
      const line = fitted[i] ?? { text: '', width: 0 };
      next.push(line.text);
      if (full ? line.text === '' : line.text === this.onScreen[i]) continue;
      // Erasing the rest of a full-width line would erase its last cell on some terminals.
      out += `${ESC}[${i + 1};1H${line.text}${line.width < cols ? ERASE_TO_EOL : ''}`;
    }
    this.onScreen = next.slice(0, fitted.length);
    this.emitRaw(full ? out + SYNC_OFF : out);
  }
}
