import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINEAR, type Range } from '../../../src/session/scale.js';
import { ASCII_CHART, BRAILLE, plot, type ColumnRange } from '../../../src/ui/chart/plot.js';

/** Braille back to dots: the set of levels (0 = bottom) lit in each data column. */
function decode(rows: ReturnType<typeof plot>, width: number, height: number): Set<number>[] {
  const cols = Array.from({ length: width * 2 }, () => new Set<number>());
  const bits = [
    [0x01, 0x02, 0x04, 0x40],
    [0x08, 0x10, 0x20, 0x80],
  ];
  rows.forEach((cells, r) =>
    cells.forEach((c, cx) => {
      const code = c.char === ' ' ? 0 : c.char.charCodeAt(0) - 0x2800;
      for (let sx = 0; sx < 2; sx++) for (let y = 0; y < 4; y++) if (code & bits[sx][y]) cols[cx * 2 + sx].add((height - 1 - r) * 4 + (3 - y));
    }),
  );
  return cols;
}

const R: Range = { lo: 0, hi: 1 };
const lvl = (v: number, levels: number) => Math.min(levels - 1, Math.floor(v * levels));

describe('plot', () => {
  it("draws each column's whole min..max, joined to its neighbours without gaps (oracle: braille decoded)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 2, maxLength: 60 }), (width, height, pairs) => {
        const columns: ColumnRange[] = pairs.slice(0, width * 2).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
        const dots = decode(plot([{ columns }], R, LINEAR, width, height, BRAILLE), width, height);
        const levels = height * 4;
        const first = width * 2 - columns.length;
        columns.forEach((c, i) => {
          const d = [...dots[first + i]].sort((x, y) => x - y);
          // Its own range, all of it, as one unbroken segment.
          for (let l = lvl(c.min, levels); l <= lvl(c.max, levels); l++) expect(d).toContain(l);
          expect(d[d.length - 1] - d[0] + 1).toBe(d.length);
          if (i > 0) {
            const p = [...dots[first + i - 1]];
            // Neighbours meet: some level of one is within one level of some level of the other.
            expect(Math.min(...d.flatMap((x) => p.map((y) => Math.abs(x - y))))).toBeLessThanOrEqual(1);
          }
        });
        for (let x = 0; x < first; x++) expect(dots[x].size).toBe(0);
      }),
    );
  });

  it('a one-column spike reaches the top row; everything else stays on the bottom row', () => {
    const columns = Array.from({ length: 40 }, (_, i) => (i === 17 ? { min: 0, max: 1 } : { min: 0, max: 0 }));
    const rows = plot([{ columns }], R, LINEAR, 40, 5, ASCII_CHART).map((r) => r.map((c) => c.char).join(''));
    expect(rows[0]).toBe(' '.repeat(17) + '|' + ' '.repeat(22));
    expect(rows[4].trim().length).toBe(40);
  });

  it('columns with no finite value are gaps in place, not closed up (a diverged model)', () => {
    const columns = Array.from({ length: 20 }, (_, i) => (i < 10 ? { min: i / 10, max: i / 10 } : { min: Infinity, max: -Infinity }));
    const rows = plot([{ columns }], R, LINEAR, 20, 4, ASCII_CHART).map((r) => r.map((c) => c.char).join(''));
    for (const r of rows) expect(r.slice(10)).toBe(' '.repeat(10));
    // The climb keeps its place on the step axis: bottom at column 0, top at column 9, not stretched to 19.
    expect(rows[3][0]).not.toBe(' ');
    expect(rows[0][9]).not.toBe(' ');
  });

  it('ASCII uses ASCII only; a flat line is one row; the first series keeps its colour where they overlap', () => {
    const flat = Array.from({ length: 10 }, () => ({ min: 0.5, max: 0.5 }));
    const rows = plot([{ columns: flat, color: 'red' }, { columns: flat, color: 'blue' }], R, LINEAR, 10, 3, ASCII_CHART);
    const text = rows.map((r) => r.map((c) => c.char).join(''));
    expect(text.join('')).toMatch(/^[\x20-\x7e]*$/);
    expect(text.filter((t) => t.trim()).length).toBe(1);
    expect(rows[1].every((c) => c.color === 'red')).toBe(true);
  });
});
