import xterm from '@xterm/headless';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { fitLine, TerminalScreen } from '../../src/ui/screen.js';

/** A terminal emulator standing in for stdout. */
class FakeTty extends EventEmitter {
  readonly term: InstanceType<typeof xterm.Terminal>;
  writes: string[] = [];
  private parsed: Promise<void> = Promise.resolve();
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
    this.term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true });
  }
  write(s: string): boolean {
    this.writes.push(s);
    this.parsed = this.parsed.then(() => new Promise<void>((r) => this.term.write(s, r)));
    return true;
  }
  resize(c: number, r: number) {
    this.columns = c;
    this.rows = r;
    this.term.resize(c, r);
    this.emit('resize');
  }
  async screen(): Promise<string[]> {
    await this.parsed;
    const b = this.term.buffer.active;
    return Array.from({ length: this.rows }, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
  }
}

/** What Ink 6.8's standard renderer writes for a frame, after a previous frame of `prev` lines. */
function inkFrame(lines: string[], prev: number): string {
  const erase = prev === 0 ? '' : '\x1b[2K\x1b[1A'.repeat(prev - 1) + '\x1b[2K\x1b[G';
  return erase + lines.join('\n') + '\n';
}

describe('TerminalScreen', () => {
  it('enters the alternate screen, paints frames at the top, and restores on leave', async () => {
    const tty = new FakeTty(20, 6);
    const s = new TerminalScreen(tty);
    s.enter();
    expect(tty.term.buffer.active.type).toBe('normal');
    s.write(inkFrame(['header', 'one', 'two'], 0));
    expect(await tty.screen()).toEqual(['header', 'one', 'two', '', '', '']);
    expect(tty.term.buffer.active.type).toBe('alternate');
    s.leave();
    await tty.screen();
    expect(tty.term.buffer.active.type).toBe('normal');
    expect(tty.writes.join('')).toMatch(/\x1b\[\?25h\x1b\[\?1049l$/);
    s.leave(); // twice is harmless
  });

  it('writes only the rows that changed, at absolute positions: no drift over many frames', async () => {
    const tty = new FakeTty(30, 8);
    const s = new TerminalScreen(tty);
    s.enter();
    let prev = 0;
    for (let i = 0; i < 50; i++) {
      const frame = ['HEADER', `counter ${i}`, 'static line', `other ${i % 2}`];
      s.write(inkFrame(frame, prev));
      prev = frame.length + 1;
    }
    expect(await tty.screen()).toEqual(['HEADER', 'counter 49', 'static line', 'other 1', '', '', '', '']);
    const last = tty.writes[tty.writes.length - 1];
    expect(last).toContain('counter 49');
    expect(last).toContain('other 1');
    expect(last).not.toContain('HEADER');
    expect(last).not.toContain('static line');
  });

  it('clears rows a shorter frame no longer uses, and ignores bare erases', async () => {
    const tty = new FakeTty(20, 6);
    const s = new TerminalScreen(tty);
    s.enter();
    s.write(inkFrame(['a', 'b', 'c', 'd'], 0));
    s.write('\x1b[2K\x1b[1A\x1b[2K\x1b[G');
    expect(await tty.screen()).toEqual(['a', 'b', 'c', 'd', '', '']);
    s.write(inkFrame(['a', 'B'], 5));
    expect(await tty.screen()).toEqual(['a', 'B', '', '', '', '']);
  });

  it('passes terminal modes through (cursor, synchronized output)', () => {
    const tty = new FakeTty(20, 6);
    const s = new TerminalScreen(tty);
    s.enter();
    s.write('\x1b[?2026h');
    s.write('\x1b[?25l');
    expect(tty.writes.slice(-2)).toEqual(['\x1b[?2026h', '\x1b[?25l']);
  });

  it('never writes the last row (no scroll) and cuts wide lines instead of wrapping', async () => {
    const tty = new FakeTty(10, 4);
    const s = new TerminalScreen(tty);
    s.enter();
    s.write(inkFrame(['0123456789abcdef', 'two', 'three', 'four', 'five'], 0));
    expect(await tty.screen()).toEqual(['0123456789', 'two', 'three', '']);
  });

  it('repaints everything at the new size on resize, before telling the view', async () => {
    const tty = new FakeTty(20, 6);
    const s = new TerminalScreen(tty);
    s.enter();
    s.write(inkFrame(['header line that is long', 'row'], 0));
    let seen: string[] = [];
    s.onResize(() => {
      void tty.screen().then((l) => (seen = l));
    });
    // The terminal scrambled the screen while resizing (as some do): the repaint fixes it.
    tty.term.write('\x1b[2J\x1b[3;1Hgarbage');
    tty.resize(8, 5);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['header l', 'row', '', '', '']);
    expect(s.columns).toBe(8);
    expect(s.rows).toBe(5);
  });
});

describe('fitLine', () => {
  it('cuts by cells and keeps colour codes, resetting them at the cut', () => {
    expect(fitLine('\x1b[33mabcdef\x1b[39m', 3)).toEqual({ text: '\x1b[33mabc\x1b[0m', width: 3 });
    expect(fitLine('x̂ ab', 3)).toEqual({ text: 'x̂ a', width: 3 });
    expect(fitLine('数据ab', 3)).toEqual({ text: '数', width: 2 });
    expect(fitLine('short', 10)).toEqual({ text: 'short', width: 5 });
  });
});
