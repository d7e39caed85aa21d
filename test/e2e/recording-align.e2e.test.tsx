/**
 * Issue 14, item 5: a recording renders aligned on the web. The x̂ label is x + U+0302 (there is
 * no precomposed x̂); a terminal draws it in one cell, asciinema-player and svg-term-cli give the
 * mark a cell of its own, which shifted the rest of the row and broke the panels' borders. The
 * writer (src/ui/screen.ts, realignCombining) puts the cursor back where a terminal has it after
 * such a character; a terminal shows exactly what it did (checked cell by cell in a headless
 * xterm), and both web renderers draw every border of a real frame in its column.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '@xterm/headless';
import { afterAll, describe, expect, it } from 'vitest';
import { castToHtml } from '../../src/output/html.js';
import { realignCombining, TerminalScreen, type ScreenOutput } from '../../src/ui/screen.js';
import { frame } from '../ui/frame.js';
import { session } from '../session/helpers.js';
import { CHROMIUM, watchPage } from '../ship/chromium.js';

const COLS = 100;
const ROWS = 30;
const dir = mkdtempSync(join(tmpdir(), 'normdrift-align-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the writer sends a terminal for one real frame (paper-bias, 100×30: x̂ rows in both panels). */
function written(): string {
  const s = session({ paused: true });
  for (let i = 0; i < 20; i++) s.dispatch('step');
  const lines = frame(s, COLS, ROWS).lines;
  let out = '';
  const tty: ScreenOutput = { columns: COLS, rows: ROWS, write: (t) => ((out += t), true), on: () => tty, off: () => tty };
  const screen = new TerminalScreen(tty);
  screen.enter();
  screen.write(lines.join('\n'));
  // A second frame whose x̂ rows change from the label on, so the cell-span path is covered too.
  screen.write(lines.map((l) => l.replace(/x̂ ex\.(\d+)/g, 'x̂ ex.$1').replace(/−0\.14(\d)/g, '−0.15$1')).join('\n'));
  // Not left: the recording ends on the frame (leaving would switch back to the main screen).
  return out;
}

function cast(out: string): string {
  return [JSON.stringify({ version: 2, width: COLS, height: ROWS }), JSON.stringify([0.1, 'o', out])].join('\n') + '\n';
}

const COMBINING = /[\u0300-\u036f]/u;

/** Columns of the panel borders (│ ╭ ╮ ╰ ╯) in a row of text as a browser lays it out: a mark takes no cell. */
function borderColumns(line: string): number[] {
  const cols: number[] = [];
  let c = 0;
  for (const ch of line) {
    if (COMBINING.test(ch)) continue;
    if ('│╭╮╰╯'.includes(ch)) cols.push(c);
    c++;
  }
  return cols;
}

/** Every panel row must have its borders at 0, 49, 50 and 99 (two 50-cell panels). */
function misaligned(lines: string[]): string[] {
  return lines.filter((l) => /│/.test(l) && borderColumns(l).join() !== '0,49,50,99');
}

describe('realignCombining', () => {
  it('adds CSI n G after a character with a combining mark, at the column a terminal has, and nothing else', () => {
    expect(realignCombining('plain │ text', 3)).toBe('plain │ text');
    expect(realignCombining('│ x̂ ex.7 │', 0)).toBe('│ x̂\u001b[4G ex.7 │');
    expect(realignCombining('\u001b[33m│\u001b[39m x̂ a', 10)).toBe('\u001b[33m│\u001b[39m x̂\u001b[14G a');
    // Two marks on one base: one move, after the last.
    expect(realignCombining('ẍ̂b', 0)).toBe('ẍ̂\u001b[2Gb');
  });

  it('changes nothing a terminal shows: a headless xterm holds the same cells with and without it', async () => {
    const out = written();
    // The writer's own moves are CSI row;col H: every CSI n G is one of the realignments.
    const plain = out.replace(/\u001b\[\d+G/g, '');
    const screens = await Promise.all(
      [out, plain].map(
        (data) =>
          new Promise<string[]>((resolve) => {
            const t = new Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
            t.write(data, () => {
              const b = t.buffer.active;
              resolve(Array.from({ length: ROWS }, (_, y) => b.getLine(y)?.translateToString(true) ?? ''));
            });
          }),
      ),
    );
    expect(out).toContain('x̂\u001b[');
    expect(screens[0]).toEqual(screens[1]);
    expect(misaligned(screens[0])).toEqual([]);
  });
});

/**
 * svg-term-cli is a dev dependency. Its svg-term 1.x is run on the project's React 19 (package.json
 * "overrides"): its tag-hoc and @stiligita/react require('react') without declaring it, so npm
 * hoists them beside the root's React 19, and a nested React 16 would meet their React 19 elements.
 */
const SVG_TERM = join(process.cwd(), 'node_modules/.bin/svg-term');

describe('web renderings of a recording', () => {
  it('svg-term-cli draws every border of the frame in its column', () => {
    const file = join(dir, 'frame.cast');
    writeFileSync(file, cast(written()));
    const svg = join(dir, 'frame.svg');
    // Production React: the same markup without development warnings on stderr.
    execFileSync(SVG_TERM, ['--in', file, '--out', svg, '--at', '200', '--no-cursor'], {
      timeout: 60_000,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    // svg-term places each run of text at an x in cells (× its cell width), one <text> per run.
    const runs = [...readFileSync(svg, 'utf8').matchAll(/<text(?: x="([\d.]+)")? y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)];
    // svg-term-cli 2.1's cell is 1.002 units wide (its 0.6 em advance at a 1.67-unit line).
    const cell = 1.002;
    const rows = new Map<string, string[]>();
    for (const [, x, y, text] of runs) {
      const row = rows.get(y) ?? new Array<string>(COLS + 4).fill(' ');
      let c = Math.round(Number(x ?? 0) / cell);
      for (const ch of text.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))) {
        if (COMBINING.test(ch)) continue;
        row[c++] = ch;
      }
      rows.set(y, row);
    }
    const lines = [...rows.values()].map((r) => r.join(''));
    expect(lines.some((l) => l.includes('ex.7'))).toBe(true);
    expect(misaligned(lines)).toEqual([]);
  });

  it.skipIf(!CHROMIUM)('asciinema-player (headless Chromium) draws every border of the frame in its column', async () => {
    const page = join(dir, 'frame.html');
    writeFileSync(page, castToHtml(cast(written()), { title: 'align' }));
    const seen = await watchPage(page, (s) => s.lines.some((l) => l.includes('ex.7')), { hash: '#autoplay', ms: 20_000 });
    expect(misaligned(seen.lines)).toEqual([]);
  });
});
