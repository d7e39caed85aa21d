import { forward, position, type Range, type YTransform } from '../../session/scale.js';

/**
 * A multi-row line chart as a grid of cells, from min/max per column (series.ts): each column is
 * drawn as the vertical segment from its min to its max, joined to its neighbours, so a one-step
 * spike is a spike however many steps a column stands for, and a column with no finite value
 * (a diverged model) is a gap in place, never closed up. Pure: LineChart.tsx only renders it.
 */

/** A glyph set: how many columns and levels a cell holds, and how to draw a cell's dots. */
export interface ChartGlyphs {
  name: 'braille' | 'ascii';
  /** Data columns per cell. */
  xPerCell: number;
  /** Vertical levels per row. */
  yPerCell: number;
  /** The cell for a set of dots: bit x·yPerCell + y is the dot at column x, row y (0 at the top). */
  cell(dots: number): string;
  /** Axis pieces. */
  axis: { vertical: string; tick: string; horizontal: string; corner: string; marker: string };
}

/** Braille dot bits (U+2800 + bits): column 0 top to bottom 1, 2, 4, 64; column 1: 8, 16, 32, 128. */
const BRAILLE_BITS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

/** All 256 braille cells, by our dot order. */
const BRAILLE_CELLS: readonly string[] = Array.from({ length: 256 }, (_, dots) => {
  let bits = 0;
  for (let x = 0; x < 2; x++) for (let y = 0; y < 4; y++) if (dots & (1 << (x * 4 + y))) bits |= BRAILLE_BITS[x][y];
  return bits === 0 ? ' ' : String.fromCharCode(0x2800 + bits);
});

/** Unicode: braille, 2 columns × 4 levels a cell, single-width in every terminal font. */
export const BRAILLE: ChartGlyphs = {
  name: 'braille',
  xPerCell: 2,
  yPerCell: 4,
  cell: (dots) => BRAILLE_CELLS[dots],
  axis: { vertical: '│', tick: '┤', horizontal: '─', corner: '└', marker: '┬' },
};

/**
 * --ascii: one column and three levels a cell: "_" low, "-" middle, "'" high, and "|" for a
 * segment that crosses the cell.
 */
export const ASCII_CHART: ChartGlyphs = {
  name: 'ascii',
  xPerCell: 1,
  yPerCell: 3,
  cell(dots) {
    if (dots === 0) return ' ';
    if (dots & (dots - 1)) return '|';
    return dots === 1 ? "'" : dots === 2 ? '-' : '_';
  },
  axis: { vertical: '|', tick: '+', horizontal: '-', corner: '+', marker: '^' },
};

export function chartGlyphs(ascii: boolean): ChartGlyphs {
  return ascii ? ASCII_CHART : BRAILLE;
}

export interface ColumnRange {
  min: number;
  max: number;
}

export interface PlotSeries {
  /** width·xPerCell columns (fewer are drawn right-aligned: a window not yet full). */
  columns: readonly ColumnRange[];
  color?: string;
}

export interface Cell {
  char: string;
  color?: string;
}

/** The level (0 = bottom) of drawn value d on `levels` levels. */
function level(r: Range, d: number, levels: number): number {
  return Math.min(levels - 1, Math.floor(position(r, d) * levels));
}

/**
 * The plot area: `height` rows of `width` cells. Series are drawn in order; where they share a
 * cell their dots merge and the first one's colour is kept.
 */
export function plot(series: readonly PlotSeries[], range: Range, t: YTransform, width: number, height: number, g: ChartGlyphs): Cell[][] {
  const cols = width * g.xPerCell;
  const levels = height * g.yPerCell;
  // Lit dots, column-major: dots[x·levels + level]; colours per cell, first series first.
  const dots = new Uint8Array(cols * levels);
  const colour: (string | undefined)[][] = Array.from({ length: height }, () => new Array<string | undefined>(width).fill(undefined));
  const owned: boolean[][] = Array.from({ length: height }, () => new Array<boolean>(width).fill(false));
  for (const s of series) {
    const n = Math.min(s.columns.length, cols);
    const first = cols - n;
    const lv = new Array<[number, number] | null>(n);
    for (let i = 0; i < n; i++) {
      const c = s.columns[s.columns.length - n + i];
      lv[i] = c.min <= c.max && Number.isFinite(c.min) && Number.isFinite(c.max) ? [level(range, forward(t, c.min), levels), level(range, forward(t, c.max), levels)] : null;
    }
    // Joined to its neighbours: where two columns' segments do not meet, each reaches halfway
    // across the gap, so the line has no breaks; a column's own min..max is always drawn.
    const ext = lv.map((r) => (r ? [r[0], r[1]] : null));
    for (let i = 0; i + 1 < n; i++) {
      const a = lv[i];
      const b = lv[i + 1];
      if (!a || !b) continue;
      if (a[1] < b[0]) {
        const m = Math.floor((a[1] + b[0]) / 2);
        ext[i]![1] = Math.max(ext[i]![1], m);
        ext[i + 1]![0] = Math.min(ext[i + 1]![0], m + 1);
      } else if (a[0] > b[1]) {
        const m = Math.floor((b[1] + a[0]) / 2);
        ext[i + 1]![1] = Math.max(ext[i + 1]![1], m);
        ext[i]![0] = Math.min(ext[i]![0], m + 1);
      }
    }
    for (let i = 0; i < n; i++) {
      const e = ext[i];
      if (!e) continue;
      const [lo, hi] = e;
      const x = first + i;
      dots.fill(1, x * levels + lo, x * levels + hi + 1);
      const cx = Math.floor(x / g.xPerCell);
      for (let y = lo; y <= hi; y++) {
        const row = height - 1 - Math.floor(y / g.yPerCell);
        if (!owned[row][cx]) {
          owned[row][cx] = true;
          colour[row][cx] = s.color;
        }
      }
    }
  }
  const rows: Cell[][] = [];
  for (let row = 0; row < height; row++) {
    const cells: Cell[] = [];
    const top = (height - row) * g.yPerCell - 1;
    for (let cx = 0; cx < width; cx++) {
      let mask = 0;
      for (let sx = 0; sx < g.xPerCell; sx++) {
        const base = (cx * g.xPerCell + sx) * levels + top;
        for (let y = 0; y < g.yPerCell; y++) if (dots[base - y]) mask |= 1 << (sx * g.yPerCell + y);
      }
      cells.push({ char: g.cell(mask), color: colour[row][cx] });
    }
    rows.push(cells);
  }
  return rows;
}
