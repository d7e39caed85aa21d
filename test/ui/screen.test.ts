import xterm from '@xterm/headless';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitsAsIs, parseRow, SYNC_OFF, SYNC_ON, TerminalScreen } from '../../src/ui/screen.js';
import { cellWidth } from '../../src/text/cells.js';

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
    // From "counter 48 / other 0": the one cell that changed in each row, at its own position.
    expect(tty.writes[tty.writes.length - 1]).toBe('\x1b[2;10H9\x1b[4;7H1');
  });

  it('writes the changes of a row as separate runs when the unchanged cells between them cost more than a cursor move', async () => {
    const tty = new FakeTty(60, 4);
    const s = new TerminalScreen(tty);
    s.enter();
    const row = (a: string, b: string) => `step ${a}  ${'·'.repeat(20)}  \x1b[32mloss ${b}\x1b[39m end`;
    s.write(inkFrame([row('240', '0.51')], 0));
    s.write(inkFrame([row('246', '0.53')], 2));
    // Two runs, each at its own position: the 20 dots and the colour change between them stay.
    expect(tty.writes[tty.writes.length - 1]).toBe('\x1b[1;8H6\x1b[1;41H\x1b[32m3\x1b[0m');
    expect((await tty.screen())[0]).toBe(row('246', '0.53').replace(/\x1b\[[0-9;]*m/g, ''));
  });

  it('writes the changed span of a row with the colours in effect there, and leaves the default look', async () => {
    const tty = new FakeTty(40, 4);
    const s = new TerminalScreen(tty);
    s.enter();
    s.write(inkFrame(['\x1b[33mb  1.250\x1b[39m \x1b[2mΔ+1.250\x1b[22m end'], 0));
    s.write(inkFrame(['\x1b[33mb  1.375\x1b[39m \x1b[2mΔ+1.375\x1b[22m end'], 2));
    // Columns 5–7 ("375") through 13–15 ("375"): yellow, then default, then dim, reset at the end.
    expect(tty.writes[tty.writes.length - 1]).toBe('\x1b[1;6H\x1b[33m375\x1b[39m \x1b[2mΔ+1.375\x1b[0m');
    const screen = await tty.screen();
    expect(screen[0]).toBe('b  1.375 Δ+1.375 end');
    const cell = (x: number) => tty.term.buffer.active.getLine(0)!.getCell(x)!;
    expect(cell(6).getFgColor()).toBe(3);
    expect(cell(10).isDim()).toBeTruthy();
    expect(cell(17).isDim()).toBeFalsy();
  });

  it('sends a frame as one write inside synchronized-output marks, and nothing for a frame that changed nothing', () => {
    const tty = new FakeTty(20, 6);
    const s = new TerminalScreen(tty);
    s.enter();
    const frame = (lines: string[], prev: number) => {
      s.write(SYNC_ON);
      s.write(inkFrame(lines, prev));
      s.write(SYNC_OFF);
    };
    frame(['a', 'b'], 0);
    const n = tty.writes.length;
    frame(['a', 'b'], 3);
    expect(tty.writes.length).toBe(n);
    frame(['a', 'c'], 3);
    expect(tty.writes.slice(n)).toEqual([`${SYNC_ON}\x1b[2;1Hc${SYNC_OFF}`]);
    // What Ink handed over, all of it, for the traffic figure.
    expect(s.inkBytes).toBeGreaterThan(s.bytes);
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

  it('passes terminal modes through (cursor visibility)', () => {
    const tty = new FakeTty(20, 6);
    const s = new TerminalScreen(tty);
    s.enter();
    s.write('\x1b[?25l');
    expect(tty.writes.at(-1)).toBe('\x1b[?25l');
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

describe('parseRow', () => {
  it('cuts by cells, keeps combining marks with their character, and counts wide characters twice', () => {
    const text = (line: string, cols: number) => {
      const r = parseRow(line, cols)!;
      return { text: r.cells.map((c) => line.slice(c.from, c.to)).join(''), width: r.width };
    };
    expect(text('\x1b[33mabcdef\x1b[39m', 3)).toEqual({ text: 'abc', width: 3 });
    expect(text('x̂ ab', 3)).toEqual({ text: 'x̂ a', width: 3 });
    expect(text('数据ab', 3)).toEqual({ text: '数', width: 2 });
    expect(text('short', 10)).toEqual({ text: 'short', width: 5 });
  });

  it('gives each cell the look in effect there, however it was spelled', () => {
    const a = parseRow('\x1b[1m\x1b[33mx\x1b[39m\x1b[22my', 10)!;
    const b = parseRow('\x1b[33;1mx\x1b[0my', 10)!;
    expect(a.cells.map((c) => c.style)).toEqual(['1;33', '']);
    expect(b.cells.map((c) => c.style)).toEqual(['1;33', '']);
    expect(parseRow('\x1b[38;5;208mx\x1b[39m', 10)!.cells[0].style).toBe('38;5;208');
  });

  it('refuses rows with other escape sequences (they are written whole)', () => {
    expect(parseRow('a\x1b]8;;http://x\x07b', 10)).toBeNull();
    expect(parseRow('a\x1b[2Jb', 10)).toBeNull();
  });
});

describe('fitsAsIs (a new row onto a blank one goes as it is)', () => {
  it('agrees with parseRow on what fits and what it can read', () => {
    for (const [line, cols] of [
      ['\x1b[33mabc\x1b[39m', 3],
      ['\x1b[33mabcd\x1b[39m', 3],
      ['x̂ ab', 4],
      ['x̂ ab', 3],
      ['数据ab', 6],
      ['数据ab', 5],
      ['a\x1b[2Jb', 10],
      ['', 0],
    ] as const) {
      const row = parseRow(line, cols);
      const fits = row !== null && parseRow(line, 1000)!.width === row.width;
      expect(fitsAsIs(line, cols), JSON.stringify([line, cols])).toBe(fits);
    }
  });

  it('the first frame is each row as Ink drew it, and the next frame still writes only the change', () => {
    const tty = new FakeTty(20, 6);
    const screen = new TerminalScreen(tty);
    screen.enter();
    const a = ['\x1b[33mstep 240\x1b[39m', 'x̂ ─▅ 数', 'plain'];
    screen.write(inkFrame(a, 0));
    // x̂ is followed by the column a terminal's cursor is at (realignCombining: for web players).
    expect(tty.writes.at(-1)).toBe(`\x1b[1;1H${a[0]}\x1b[0m\x1b[2;1Hx̂\x1b[2G ─▅ 数\x1b[3;1H${a[2]}`);
    screen.write(inkFrame(['\x1b[33mstep 246\x1b[39m', a[1], 'plain'], 3));
    expect(tty.writes.at(-1)).toBe('\x1b[1;8H\x1b[33m6\x1b[0m');
  });
});

/** Random rows: plain and wide characters, a combining mark, colours, bold, dim, italic. */
const styledRow = fc
  .array(
    fc.record({
      text: fc.array(fc.constantFrom('a', 'b', ' ', '─', '▅', 'x̂', '数', '1', '2'), { minLength: 0, maxLength: 6 }).map((a) => a.join('')),
      sgr: fc.constantFrom('', '33', '36', '1', '2', '3', '1;31', '2;32', '38;5;208'),
    }),
    { maxLength: 6 },
  )
  .map((runs) => runs.map((r) => (r.sgr ? `\x1b[${r.sgr}m${r.text}\x1b[0m` : r.text)).join(''))
  // Cutting is tested above; here the reference is the terminal's own drawing of the whole row.
  .filter((row) => cellWidth(row) <= 12);

/** Every cell of the emulated screen: character, width and look. */
function cellsOf(tty: FakeTty): string[] {
  const b = tty.term.buffer.active;
  const out: string[] = [];
  for (let y = 0; y < tty.rows; y++)
    for (let x = 0; x < tty.columns; x++) {
      const c = b.getLine(y)!.getCell(x)!;
      out.push([c.getChars() || ' ', c.getWidth(), c.getFgColorMode(), c.getFgColor(), c.isBold(), c.isDim(), c.isItalic()].join('|'));
    }
  return out;
}

describe('span updates', () => {
  it('leave the screen exactly as a full repaint of each frame would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(styledRow, { maxLength: 5 }), { minLength: 1, maxLength: 6 }), async (frames) => {
        const tty = new FakeTty(12, 6);
        const s = new TerminalScreen(tty);
        s.enter();
        let prev = 0;
        for (const frame of frames) {
          s.write(inkFrame(frame.length ? frame : [''], prev));
          prev = Math.max(1, frame.length) + 1;
          await tty.screen();
          // The reference: a fresh terminal that was sent each row of this frame whole.
          const ref = new FakeTty(12, 6);
          frame.forEach((row, y) => ref.write(`\x1b[${y + 1};1H${row}\x1b[0m`));
          await ref.screen();
          expect(cellsOf(tty)).toEqual(cellsOf(ref));
        }
      }),
      { numRuns: 150 },
    );
  });
});
