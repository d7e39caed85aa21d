/**
 * The fewest bytes that could have shown a sequence of frames, computed from the frames alone
 * (live-default.bench.ts compares what the live view wrote for them with it). Each frame is read
 * into cells by a terminal emulator (@xterm/headless), not by src/ui/screen.ts, whose output is
 * being judged. Between two frames, in each row, every maximal run of cells that differ (in
 * character or look) is written as a cursor move and its cells: an SGR sequence where the look
 * changes (from the default at the run's start), a reset at the end if it is not the default.
 * A frame that changes anything also needs its synchronized-output marks (16 bytes), which keep
 * a terminal from showing it half drawn. Runs are joined over unchanged cells wherever that is
 * cheaper (see minimumUpdate).
 */
import xterm from '@xterm/headless';

type Cells = string[][]; // per row, per column: a key of the cell's character and look

interface CellLike {
  getChars(): string;
  getWidth(): number;
  isFgRGB(): boolean;
  isFgPalette(): boolean;
  isBgRGB(): boolean;
  isBgPalette(): boolean;
  getFgColor(): number;
  getBgColor(): number;
  isBold(): number;
  isDim(): number;
  isItalic(): number;
  isUnderline(): number;
  isBlink(): number;
  isInverse(): number;
  isInvisible(): number;
  isStrikethrough(): number;
}

/** The SGR parameters that give a cell its look from the default ('' for the default). */
function lookOf(c: CellLike): string {
  const p: string[] = [];
  if (c.isBold()) p.push('1');
  if (c.isDim()) p.push('2');
  if (c.isItalic()) p.push('3');
  if (c.isUnderline()) p.push('4');
  if (c.isBlink()) p.push('5');
  if (c.isInverse()) p.push('7');
  if (c.isInvisible()) p.push('8');
  if (c.isStrikethrough()) p.push('9');
  const color = (rgb: boolean, palette: boolean, v: number, base: number) => {
    if (rgb) p.push(`${base + 8};2;${(v >> 16) & 255};${(v >> 8) & 255};${v & 255}`);
    else if (palette) p.push(v < 8 ? String(base + v) : v < 16 ? String(base + 60 + v - 8) : `${base + 8};5;${v}`);
  };
  color(c.isFgRGB(), c.isFgPalette(), c.getFgColor(), 30);
  color(c.isBgRGB(), c.isBgPalette(), c.getBgColor(), 40);
  return p.join(';');
}

/** Each frame's cells, as a terminal of cols × rows shows it when drawn from the top. */
export async function framesAsCells(frames: string[][], cols: number, rows: number): Promise<Cells[]> {
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const write = (s: string) => new Promise<void>((r) => term.write(s, r));
  const out: Cells[] = [];
  for (const lines of frames) {
    await write('\x1b[0m\x1b[H\x1b[2J' + lines.slice(0, rows - 1).join('\x1b[0m\r\n'));
    const b = term.buffer.active;
    const grid: Cells = [];
    for (let y = 0; y < rows - 1; y++) {
      const line = b.getLine(b.viewportY + y);
      const row: string[] = [];
      for (let x = 0; x < cols; x++) {
        const c = line?.getCell(x) as CellLike | undefined;
        if (!c) row.push(' \u0000');
        else row.push(`${c.getWidth() === 0 ? '' : c.getChars() || ' '}\u0000${lookOf(c)}`);
      }
      grid.push(row);
    }
    out.push(grid);
  }
  term.dispose();
  return out;
}

const SYNC_MARKS = 16;
const utf8 = (s: string) => Buffer.byteLength(s);

/** Bytes to write cells [x0, x1) of a row as text, from the default look, back to it at the end. */
function textCost(row: string[], x0: number, x1: number): number {
  let bytes = 0;
  let look = '';
  for (let x = x0; x < x1; x++) {
    const [ch, cellLook] = row[x].split('\u0000');
    if (cellLook !== look) {
      bytes += cellLook === '' ? 3 : 3 + cellLook.length; // ESC [ … m, or ESC [ m
      look = cellLook;
    }
    bytes += utf8(ch);
  }
  return bytes + (look !== '' ? 3 : 0);
}

/**
 * The fewest bytes that turn frame `a` into frame `b` on screen (0 when they look the same): in
 * each row, the runs of changed cells, each after a cursor move, where two neighbouring runs are
 * written as one (the unchanged cells between them again) when that costs fewer bytes. Which
 * runs to join is chosen optimally (a shortest path over the runs of the row).
 */
export function minimumUpdate(a: Cells, b: Cells): number {
  let bytes = 0;
  for (let y = 0; y < b.length; y++) {
    const ra = a[y];
    const rb = b[y];
    const runs: Array<[number, number]> = [];
    for (let x = 0; x < rb.length; ) {
      if (ra[x] === rb[x]) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < rb.length && ra[x] !== rb[x]) x++;
      runs.push([x0, x]);
    }
    if (runs.length === 0) continue;
    const move = (x: number) => utf8(`\x1b[${y + 1};${x + 1}H`);
    // best[j]: the fewest bytes for runs 0..j−1, the last written piece ending with run j−1.
    const best = new Array<number>(runs.length + 1).fill(Infinity);
    best[0] = 0;
    for (let j = 1; j <= runs.length; j++)
      for (let i = 0; i < j; i++) {
        const start = runs[i][0];
        const cost = best[i] + move(start) + textCost(rb, start, runs[j - 1][1]);
        if (cost < best[j]) best[j] = cost;
      }
    bytes += best[runs.length];
  }
  return bytes === 0 ? 0 : bytes + SYNC_MARKS;
}
