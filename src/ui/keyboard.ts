import { Readable } from 'node:stream';

/**
 * The stream Ink reads keys from in the live view: the terminal's stdin with pasted text taken
 * out. (src/ui/screen.ts is its counterpart, the stream Ink writes to.)
 *
 * Without this, pasting 20 KB of prose was 20,000 key presses: every `e` an export, every `r` a
 * reset. The live mode turns on bracketed paste (ESC[?2004h: the terminal wraps whatever is
 * pasted in ESC[200~ … ESC[201~) and everything between the marks is dropped here, before Ink
 * parses keys. Ink 6.8 has no notion of a paste (no usePaste, no 2004 mode): its parser would
 * read the marks as two unknown function keys and the text between as keys.
 *
 * Why here and not in an Ink patch: turning the mode on is this program's decision and so is
 * what a paste means to it (nothing: the view takes no text), and a filter in front of Ink sees
 * the raw bytes of every read, so a mark split across two reads is still found. Ink gets an
 * ordinary stream whose raw mode and ref/unref are the terminal's.
 */

const ESC = '\x1b';
export const PASTE_START = `${ESC}[200~`;
export const PASTE_END = `${ESC}[201~`;
export const BRACKETED_PASTE_ON = `${ESC}[?2004h`;
export const BRACKETED_PASTE_OFF = `${ESC}[?2004l`;

/**
 * A paste whose end mark never comes (a terminal that lost it, random bytes) must not swallow
 * the keyboard for good: after this long with no input at all, input is keys again. A real paste
 * arrives as fast as the connection allows, far faster than this.
 */
export const PASTE_IDLE_MS = 1000;

/** The longest tail of `text` that is the start of `mark` (a mark cut by the end of a read). */
function partialMark(text: string, mark: string): number {
  for (let n = Math.min(mark.length - 1, text.length); n > 0; n--) if (mark.startsWith(text.slice(text.length - n))) return n;
  return 0;
}

/**
 * The filter itself, pure: reads in, keys out. A tail that may be the start of a mark is held
 * until the next read (or `flush()`, which a caller runs when no read follows at once, so a lone
 * Escape is not kept waiting).
 */
export class PasteFilter {
  private inPaste = false;
  private carry = '';
  /** Pastes dropped so far, and their characters. */
  pastes = 0;
  dropped = 0;

  get pasting(): boolean {
    return this.inPaste;
  }

  push(chunk: string): string {
    let data = this.carry + chunk;
    this.carry = '';
    let out = '';
    for (;;) {
      if (this.inPaste) {
        const end = data.indexOf(PASTE_END);
        if (end < 0) {
          const keep = partialMark(data, PASTE_END);
          this.dropped += data.length - keep;
          this.carry = data.slice(data.length - keep);
          return out;
        }
        this.dropped += end;
        data = data.slice(end + PASTE_END.length);
        this.inPaste = false;
        continue;
      }
      const start = data.indexOf(PASTE_START);
      if (start < 0) {
        const keep = partialMark(data, PASTE_START);
        this.carry = data.slice(data.length - keep);
        return out + data.slice(0, data.length - keep);
      }
      out += data.slice(0, start);
      data = data.slice(start + PASTE_START.length);
      this.inPaste = true;
      this.pastes++;
    }
  }

  /** What is held back outside a paste (a lone Escape, say), as keys; nothing inside one. */
  flush(): string {
    if (this.inPaste) return '';
    const held = this.carry;
    this.carry = '';
    return held;
  }

  /** Input went quiet inside a paste (see PASTE_IDLE_MS): what follows is keys again. */
  abandonPaste(): void {
    this.inPaste = false;
    this.carry = '';
  }
}

/** What the keyboard stream needs of the terminal's stdin. */
export interface TerminalInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  isRaw?: boolean;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  pause(): unknown;
  ref?(): unknown;
  unref?(): unknown;
}

/**
 * stdin for Ink: a Readable fed with the terminal's input minus pastes. Ink turns raw mode on and
 * off and refs and unrefs it; each is passed to the terminal, and the terminal is read only
 * while Ink wants keys.
 */
export class KeyboardStream extends Readable {
  readonly isTTY: boolean;
  private readonly pastes = new PasteFilter();
  private reading = false;
  private flushTimer?: NodeJS.Immediate;
  private idleTimer?: NodeJS.Timeout;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly source: TerminalInput) {
    super({ read() {} });
    this.isTTY = source.isTTY === true;
  }

  get isRaw(): boolean {
    return this.source.isRaw === true;
  }

  setRawMode(mode: boolean): this {
    this.source.setRawMode?.(mode);
    return this;
  }

  ref(): this {
    if (!this.reading) {
      this.reading = true;
      this.source.on('data', this.onData);
    }
    this.source.ref?.();
    return this;
  }

  unref(): this {
    if (this.reading) {
      this.reading = false;
      this.source.off('data', this.onData);
      this.source.pause();
    }
    this.source.unref?.();
    this.clearTimers();
    return this;
  }

  /** Stops reading the terminal for good (the view has ended). */
  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.unref();
    cb(err);
  }

  private clearTimers(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.flushTimer = this.idleTimer = undefined;
  }

  private readonly onData = (chunk: Buffer | string): void => {
    this.clearTimers();
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.emitKeys(this.pastes.push(text));
    // Held back as the possible start of a mark: keys after all if nothing follows at once.
    this.flushTimer = setImmediate(() => {
      this.flushTimer = undefined;
      this.emitKeys(this.pastes.flush());
    });
    if (this.pastes.pasting)
      this.idleTimer = setTimeout(() => {
        this.idleTimer = undefined;
        this.pastes.abandonPaste();
      }, PASTE_IDLE_MS).unref();
  };

  private emitKeys(keys: string): void {
    if (keys !== '') this.push(keys);
  }
}
