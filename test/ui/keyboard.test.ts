import fc from 'fast-check';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { KeyboardStream, PASTE_END, PASTE_START, PasteFilter } from '../../src/ui/keyboard.js';
import { cutAt } from './cut.js';

/** A stream of keys and pastes, as a terminal with bracketed paste sends it. */
type Part = { keys: string } | { paste: string };
const wire = (parts: Part[]) => parts.map((p) => ('keys' in p ? p.keys : PASTE_START + p.paste + PASTE_END)).join('');
const typed = (parts: Part[]) => parts.map((p) => ('keys' in p ? p.keys : '')).join('');

/** Text without the marks (what a paste or keys can hold). */
const text = fc.string({ unit: fc.constantFrom('a', 'e', 'q', ' ', '\r', '\x03', '\x1b', '[', '2', '0', '1', '~', 'é', '😀'), maxLength: 40 });
const noMarks = text.filter((s) => !s.includes(PASTE_START) && !s.includes(PASTE_END));
// Keys never end in a lone part of a mark followed by more of one: no real keyboard sends "ESC[20" then a paste.
const parts = fc.array(fc.oneof(noMarks.map((keys) => ({ keys }) as Part), noMarks.map((paste) => ({ paste }) as Part)), { maxLength: 8 });


function run(reads: string[]): string {
  const f = new PasteFilter();
  return reads.map((r) => f.push(r)).join('') + f.flush();
}

describe('PasteFilter', () => {
  it('drops what is between the marks, keeps the keys around them', () => {
    expect(run([`s${PASTE_START}eeee rrr${PASTE_END}q`])).toBe('sq');
  });

  it('finds a mark cut across two reads, and a paste spread over many', () => {
    expect(run(['s\x1b[20', '0~eee', 'eee\x1b[2', '01~q'])).toBe('sq');
  });

  it('does not hold a lone Escape (flush gives it back at once)', () => {
    const f = new PasteFilter();
    expect(f.push('\x1b')).toBe('');
    expect(f.flush()).toBe('\x1b');
  });

  it('property: however the wire is cut into reads, the keys out are exactly the keys typed', () => {
    fc.assert(
      fc.property(parts, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), (ps, at) => {
        // Keys whose tail could begin a mark next to a paste are ambiguous on the wire itself.
        fc.pre(!wire(ps).includes(PASTE_START + PASTE_START));
        const w = wire(ps);
        expect(run(cutAt(w, at))).toBe(run([w]));
        if (ps.every((p) => 'paste' in p || !/\x1b/.test(p.keys))) expect(run([w])).toBe(typed(ps));
      }),
      { numRuns: 300 },
    );
  });
});

/** A terminal's stdin, enough for KeyboardStream. */
class FakeTty extends EventEmitter {
  isTTY = true;
  isRaw = false;
  refs = 0;
  setRawMode(m: boolean) {
    this.isRaw = m;
  }
  pause() {}
  ref() {
    this.refs++;
  }
  unref() {
    this.refs--;
  }
}

describe('KeyboardStream', () => {
  it('passes raw mode to the terminal, reads it only while referenced, and drops pastes', async () => {
    const tty = new FakeTty();
    const keys = new KeyboardStream(tty);
    keys.setEncoding('utf8');
    expect(keys.isTTY).toBe(true);
    keys.setRawMode(true);
    expect(tty.isRaw).toBe(true);
    tty.emit('data', Buffer.from('x'));
    expect(keys.read()).toBeNull(); // not referenced yet: Ink has not asked for keys
    keys.ref();
    tty.emit('data', Buffer.from(`s${PASTE_START}eeee`));
    tty.emit('data', Buffer.from(`eee${PASTE_END}q`));
    await new Promise((r) => setImmediate(r));
    expect(keys.read()).toBe('sq');
    keys.unref();
    expect(tty.listenerCount('data')).toBe(0);
  });

  it('a multi-byte character cut across reads arrives whole', async () => {
    const tty = new FakeTty();
    const keys = new KeyboardStream(tty);
    keys.setEncoding('utf8');
    keys.ref();
    const bytes = Buffer.from('é');
    tty.emit('data', bytes.subarray(0, 1));
    tty.emit('data', bytes.subarray(1));
    await new Promise((r) => setImmediate(r));
    expect(keys.read()).toBe('é');
    keys.destroy();
  });
});
