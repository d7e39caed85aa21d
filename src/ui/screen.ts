import { EventEmitter } from 'node:events';
import stringWidth from 'string-width';

/**
 * The stdout Ink writes to in the live view: the alternate screen, painted cell span by cell span.
 *
 * Ink 6.8's incrementalRendering moves the cursor up one line too few on every frame (its frame
 * ends in a newline but it climbs `lines − 1`), so each frame lands one row lower and leaves a
 * copy of the header behind; verified in tmux, and it does not repaint on resize either. So Ink
 * renders in its standard mode, which writes "erase the previous N lines, then the whole frame",
 * and this class turns that into less than incremental rendering promises: it keeps the frame
 * that is on screen, and for each row that changed writes only the span from the first cell
 * that differs to the last one, at an absolute position. When the step counter goes from 240 to
 * 246, three bytes of digits (and a cursor move) reach the terminal instead of 4 KB of frame.
 * Absolute positions also mean a frame can never drift, whatever the terminal did in between (a
 * resize that scrolled).
 *
 * Ink brackets each frame in synchronized-output marks; they are passed on with the frame's
 * changes in one write, and dropped when nothing changed.
 *
 * Rows past rows − 1 are never written, so the screen never scrolls; a line wider than the
 * terminal (a frame laid out for the old size, mid-resize) is cut, never wrapped.
 */

const ESC = '\x1b';
const ALT_SCREEN_ON = `${ESC}[?1049h`;
const ALT_SCREEN_OFF = `${ESC}[?1049l`;
export const CURSOR_SHOW = `${ESC}[?25h`;
const CURSOR_HIDE = `${ESC}[?25l`;
const CLEAR = `${ESC}[H${ESC}[2J`;
const ERASE_TO_EOL = `${ESC}[K`;
const SGR_RESET = `${ESC}[0m`;
export const SYNC_ON = `${ESC}[?2026h`;
export const SYNC_OFF = `${ESC}[?2026l`;
/** Bracketed paste (see keyboard.ts): on with the view, off on every way out. */
const PASTE_ON = `${ESC}[?2004h`;
const PASTE_OFF = `${ESC}[?2004l`;

/** Only terminal modes (cursor visibility, synchronized output): passed through untouched. */
const MODES_ONLY = /^(?:\x1b\[\?[0-9;]*[hl])+$/;
/** What Ink puts before a frame: erase lines, cursor up, column 1, or clear the terminal. */
const ERASE_PREFIX = /^(?:\x1b\[(?:2K|1A|G|2J|3J|H))+/;
const CSI = /\x1b\[([0-?]*)[ -/]*([@-~])/y;

/** One character cell (two for a wide character) of a row: where it is and how it looks. */
interface Cell {
  col: number;
  width: number;
  /** The cell's text (a base character and any combining marks) in the row string: [from, to). */
  from: number;
  to: number;
  /** SGR parameters in effect ('' for the default look), in a canonical order. */
  style: string;
}

/** A row as cells, so two versions can be compared cell by cell. */
export interface Row {
  line: string;
  cells: Cell[];
  /** Columns used (the last cell's end). */
  width: number;
  /** Per column: the index of the cell that starts there; CONTINUED for a wide character's second column. */
  at: Int32Array;
}

const CONTINUED = -1;
const BLANK_ROW: Row = { line: '', cells: [], width: 0, at: new Int32Array(0) };
/** An erased cell, as a cell of the one-character line ' '. */
const ERASED: Cell = { col: 0, width: 1, from: 0, to: 1, style: '' };

/** Whether column `col` looks the same in both rows; past a row's end is an erased cell (a plain space). */
function sameColumn(a: Row, b: Row, col: number): boolean {
  const i = col < a.width ? a.at[col] : -2;
  const j = col < b.width ? b.at[col] : -2;
  // A wide character's second half matches if the first halves did (that column is compared too).
  if (i === CONTINUED || j === CONTINUED) return i === j;
  const ca = i >= 0 ? a.cells[i] : ERASED;
  const cb = j >= 0 ? b.cells[j] : ERASED;
  if (ca.style !== cb.style || ca.to - ca.from !== cb.to - cb.from) return false;
  const la = i >= 0 ? a.line : ' ';
  const lb = j >= 0 ? b.line : ' ';
  for (let k = 0; k < ca.to - ca.from; k++) if (la.charCodeAt(ca.from + k) !== lb.charCodeAt(cb.from + k)) return false;
  return true;
}

/** SGR attributes, each with the parameters that turn it on; a canonical order makes equal looks equal strings. */
const ATTRS = ['bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'hidden', 'strike', 'fg', 'bg'] as const;
type Look = Partial<Record<(typeof ATTRS)[number], string>>;
const ON: Record<number, (typeof ATTRS)[number]> = { 1: 'bold', 2: 'dim', 3: 'italic', 4: 'underline', 5: 'blink', 7: 'inverse', 8: 'hidden', 9: 'strike' };
const OFF: Record<number, (typeof ATTRS)[number][]> = {
  22: ['bold', 'dim'],
  23: ['italic'],
  24: ['underline'],
  25: ['blink'],
  27: ['inverse'],
  28: ['hidden'],
  29: ['strike'],
  39: ['fg'],
  49: ['bg'],
};

/** Apply one SGR sequence's parameters to a look; false if they are beyond what is understood. */
function applySgr(look: Look, params: string): boolean {
  const p = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) for (const a of ATTRS) delete look[a];
    else if (ON[n]) look[ON[n]] = String(n);
    else if (OFF[n]) for (const a of OFF[n]) delete look[a];
    else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) look.fg = String(n);
    else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) look.bg = String(n);
    else if ((n === 38 || n === 48) && p[i + 1] === 5 && i + 2 < p.length) {
      look[n === 38 ? 'fg' : 'bg'] = p.slice(i, i + 3).join(';');
      i += 2;
    } else if ((n === 38 || n === 48) && p[i + 1] === 2 && i + 4 < p.length) {
      look[n === 38 ? 'fg' : 'bg'] = p.slice(i, i + 5).join(';');
      i += 4;
    } else return false;
  }
  return true;
}

function lookString(look: Look): string {
  let s = '';
  for (const a of ATTRS) if (look[a] !== undefined) s += (s ? ';' : '') + look[a];
  return s;
}

const widths = new Map<number, number>();
/** Cells of a code point that is not printable ASCII (cached: a frame uses a few dozen). */
function widthOf(code: number): number {
  let w = widths.get(code);
  if (w === undefined) widths.set(code, (w = stringWidth(String.fromCodePoint(code))));
  return w;
}

/**
 * Reads a row left to right. With `cells`, collects them (cut at `cols`: what does not fit
 * cannot show) and returns the columns used; without, only measures, and returns Infinity as
 * soon as the row is wider than `cols`. -1 when the row holds an escape sequence other than SGR,
 * or (collecting) an SGR beyond what applySgr understands: the cell model cannot say what it does.
 */
function scanRow(line: string, cols: number, cells: Cell[] | null): number {
  const look: Look = {};
  let style = '';
  let col = 0;
  let i = 0;
  while (i < line.length) {
    const unit = line.charCodeAt(i);
    if (unit === 0x1b) {
      CSI.lastIndex = i;
      const m = CSI.exec(line);
      if (!m || m[2] !== 'm') return -1;
      if (cells) {
        if (!applySgr(look, m[1])) return -1;
        style = lookString(look);
      }
      i = CSI.lastIndex;
      continue;
    }
    // Printable ASCII, most of any row, takes one cell and one code unit.
    const printable = unit >= 0x20 && unit < 0x7f;
    const code = printable ? unit : (line.codePointAt(i) ?? 0);
    const len = code > 0xffff ? 2 : 1;
    const w = printable ? 1 : widthOf(code);
    if (w === 0) {
      // A combining mark belongs to the character before it (x̂ is x + U+0302).
      const last = cells?.[cells.length - 1];
      if (last && last.to === i) last.to = i + len;
      i += len;
      continue;
    }
    if (col + w > cols) {
      if (!cells) return Infinity;
      break;
    }
    cells?.push({ col, width: w, from: i, to: i + len, style });
    col += w;
    i += len;
  }
  return col;
}

/**
 * A row as cells, cut at `cols`. null when the row holds an escape sequence other than SGR (the
 * cell model cannot say what it does): such a row is always written whole.
 */
export function parseRow(line: string, cols: number): Row | null {
  const cells: Cell[] = [];
  const width = scanRow(line, cols, cells);
  if (width < 0) return null;
  const at = new Int32Array(width);
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k];
    at[c.col] = k;
    for (let j = 1; j < c.width; j++) at[c.col + j] = CONTINUED;
  }
  return { line, cells, width, at };
}

/**
 * Whether a line can be written onto a blank row as it is: it holds no escape sequence but SGR
 * and takes at most `cols` cells. parseRow's reading, without building cells.
 */
export function fitsAsIs(line: string, cols: number): boolean {
  const width = scanRow(line, cols, null);
  return width >= 0 && width <= cols;
}

/** The cell covering column `col` (the row has one there). */
function cellAt(row: Row, col: number): number {
  let lo = 0;
  let hi = row.cells.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (row.cells[mid].col <= col) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * What to write to turn row `before` into row `after` (row index `y`, 0-based), given that the
 * terminal's SGR state is the default and must be left so: '' when they look the same.
 */
function rowUpdate(y: number, before: Row, after: Row, cols: number): string {
  const n = Math.max(before.width, after.width);
  let first = -1;
  let last = -1;
  for (let c = 0; c < n; c++) {
    if (sameColumn(before, after, c)) continue;
    if (first < 0) first = c;
    last = c;
  }
  if (first < 0) return '';
  const at = (col: number) => `${ESC}[${y + 1};${col + 1}H`;
  // Columns past the new row's end only need erasing (erase-in-line leaves the cursor put).
  if (first >= after.width) return at(first) + ERASE_TO_EOL;
  const u0 = cellAt(after, first);
  // What is left of the old row past the new one's end is erased after writing up to that end.
  const erase = last >= after.width;
  const u1 = erase ? after.cells.length - 1 : cellAt(after, last);
  const start = after.cells[u0];
  const end = after.cells[u1];
  let out = at(start.col) + (start.style ? `${ESC}[${start.style}m` : '') + after.line.slice(start.from, end.to);
  if (end.style) out += SGR_RESET;
  // Erasing from a full-width line's end would erase its last cell on some terminals; a line
  // that ends before the old one cannot be full-width.
  if (erase && after.width < cols) out += ERASE_TO_EOL;
  return out;
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
  /**
   * What the terminal shows, row by row: parsed, null for a row parseRow cannot read, or the
   * line itself for a row painted onto a blank screen and not yet needed for a comparison.
   */
  private onScreen: (Row | null | string)[] = [];
  private frame: string[] = [];
  private active = false;
  /** Stopped by job control (Ctrl+Z): the terminal is the shell's until resume(). */
  private suspended = false;
  /** Output held between Ink's synchronized-output marks, so a frame is one write. */
  private held: string | null = null;
  /** Bytes written to the terminal. */
  bytes = 0;
  /**
   * Bytes Ink handed over: its standard renderer's full redraw of every frame (erase the last
   * frame's lines, write the whole frame, with its synchronized-output marks), exactly what Ink
   * alone would have written to the terminal. Kept for the traffic figure of `npm run bench`.
   */
  inkBytes = 0;

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
    if (this.held !== null) {
      this.held += s;
      return;
    }
    this.bytes += Buffer.byteLength(s);
    this.out.write(s);
  }

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.onScreen = [];
    this.emitRaw(ALT_SCREEN_ON + CURSOR_HIDE + PASTE_ON + CLEAR);
    this.out.on('resize', this.handleResize);
  }

  /**
   * Job control (Ctrl+Z, SIGTSTP): give the terminal back as it was (main screen, cursor shown,
   * bracketed paste off) without forgetting the frame; nothing is painted until resume().
   */
  suspend(): void {
    if (!this.active) return;
    this.active = false;
    this.suspended = true;
    this.held = null;
    this.emitRaw(SYNC_OFF + SGR_RESET + PASTE_OFF + CURSOR_SHOW + ALT_SCREEN_OFF);
  }

  /**
   * After SIGCONT (`fg`): take the terminal back and repaint all of it, at its size now (it may
   * have changed while stopped, and the shell has drawn on it). Also after a SIGCONT that
   * followed no suspend() (an outside SIGSTOP): then only the repaint.
   */
  resume(): void {
    if (this.suspended) {
      this.suspended = false;
      this.active = true;
      this.emitRaw(ALT_SCREEN_ON + CURSOR_HIDE + PASTE_ON);
    }
    if (this.active) this.handleResize();
  }

  get isSuspended(): boolean {
    return this.suspended;
  }

  /** Back to the main screen with the cursor visible: safe to call on every exit path, twice. */
  leave(): void {
    this.out.off('resize', this.handleResize);
    // Suspended: the terminal was restored then, and the shell has it now.
    this.suspended = false;
    if (!this.active) return;
    this.active = false;
    this.held = null;
    this.emitRaw(SYNC_OFF + SGR_RESET + PASTE_OFF + CURSOR_SHOW + ALT_SCREEN_OFF);
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
    // As a terminal's stdout does: Ink lays out again at the new size, and useTerminalSize()
    // readers re-render. 'screen-resize' is the same moment, for onResize() subscribers.
    this.emit('resize');
    this.emit('screen-resize');
  };

  write(chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean {
    const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    this.inkBytes += Buffer.byteLength(s);
    if (s === SYNC_ON && this.active) {
      this.held ??= '';
    } else if (s === SYNC_OFF && this.held !== null) {
      const frame = this.held;
      this.held = null;
      // A frame that changed nothing needs no marks around it.
      if (frame !== '') this.emitRaw(SYNC_ON + frame + SYNC_OFF);
    } else if (MODES_ONLY.test(s)) this.emitRaw(s);
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
    const shown = frame.slice(0, Math.max(0, this.rows - 1));
    // After a clear every row is blank, whatever was there before.
    const before = full ? [] : this.onScreen;
    let out = '';
    const n = Math.max(shown.length, before.length);
    const next: (Row | null | string)[] = [];
    for (let y = 0; y < n; y++) {
      const line = shown[y];
      const kept = before[y];
      if (line !== undefined && kept !== undefined && (typeof kept === 'string' ? kept : kept?.line) === line) {
        next.push(kept);
        continue;
      }
      // Onto a blank row a line that fits goes as it is; it is read into cells only if a later
      // frame changes it. The first frame, every row new, reaches the terminal sooner so.
      if (kept === undefined && line !== undefined && fitsAsIs(line, cols)) {
        next.push(line);
        out += `${ESC}[${y + 1};1H${line}${line.includes(ESC) ? SGR_RESET : ''}`;
        continue;
      }
      const old = typeof kept === 'string' ? parseRow(kept, cols) : kept;
      const row = line === undefined ? BLANK_ROW : parseRow(line, cols);
      if (y < shown.length) next.push(row);
      if (row && old !== null) out += rowUpdate(y, old ?? BLANK_ROW, row, cols);
      // A row the cell model cannot read is written whole, after erasing the old one.
      else out += `${ESC}[${y + 1};1H${ESC}[2K${line ?? ''}${SGR_RESET}`;
    }
    this.onScreen = next;
    if (full) this.emitRaw(SYNC_ON + CLEAR + out + SYNC_OFF);
    else this.emitRaw(out);
  }
}
