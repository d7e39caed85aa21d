import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LABEL_WIDTH, LINEAR } from '../../../src/session/scale.js';
import { columnAxis, compactStep, markerColumns, markerLine, stepLabels, yAxisLabels } from '../../../src/ui/chart/axis.js';

describe('step axis', () => {
  it('compact step numbers', () => {
    expect([0, 7, 999, 1000, 1234, 12_345, 123_456, 999_999, 3_400_000, 2.5e9].map(compactStep)).toEqual([
      '0',
      '7',
      '999',
      '1.0k',
      '1.2k',
      '12k',
      '123k',
      '1.0M',
      '3.4M',
      '2.5G',
    ]);
  });

  it('first, middle and last step, linear and log', () => {
    const lin = stepLabels('linear', 40, 0, 401);
    expect(lin).toHaveLength(40);
    expect(lin.startsWith('0 ')).toBe(true);
    expect(lin.endsWith(' 400')).toBe(true);
    expect(lin.slice(18, 23).trim()).toBe('200');
    // Log: the middle of log(step+1) over a million steps is step ~10³.
    const log = stepLabels('log', 40, 0, 1_000_000);
    expect(log.split(/\s+/).filter(Boolean)).toEqual(['0', '999', '1.0M']);
    // Too narrow for three: the ends only; narrower still: the first.
    expect(stepLabels('linear', 9, 0, 4000).split(/\s+/).filter(Boolean)).toEqual(['0', '4.0k']);
    expect(stepLabels('linear', 5, 0, 4000).trim()).toBe('0');
  });

  it('markers land in the column of their step; steps outside the chart are left out', () => {
    expect(markerColumns('linear', 40, 0, 400, [0, 200, 399, 400, -1])).toEqual([0, 20, 39]);
    // Log axis over [0, 10⁶): step 999 is at the middle.
    expect(markerColumns('log', 40, 0, 1_000_000, [999])).toEqual([19]);
    // A recent window from step 5000: columns count from its first step.
    expect(markerColumns('linear', 10, 5000, 6000, [5500])).toEqual([5]);
    expect(markerLine('linear', 10, 0, 10, [3], '-', '^')).toBe('---^------');
  });
});

describe('step axis from the columns drawn', () => {
  it('uneven columns (a recent window across a speed change): markers and labels follow the columns, not a straight line', () => {
    // 10 samples a step apart, then 10 samples 1000 steps apart: one column each, 20 cells.
    const cols = [
      ...Array.from({ length: 10 }, (_, i) => ({ from: 100 + i, to: 101 + i })),
      ...Array.from({ length: 10 }, (_, i) => ({ from: 110 + i * 1000, to: 1110 + i * 1000 })),
    ];
    const { line, labels } = columnAxis(cols, 20, 1, [105, 5000], '-', '^');
    expect(line.indexOf('^')).toBe(5);
    expect(line.lastIndexOf('^')).toBe(14);
    expect(labels.trim().split(/\s+/)).toEqual(['100', '110', '10k']);
    // Fewer columns than cells: right-aligned like the plot; two columns a cell (braille).
    const short = columnAxis([{ from: 0, to: 10 }, { from: 10, to: 20 }], 10, 2, [15], '-', '^');
    expect(short.line).toBe('---------^');
  });
});

describe('step axis from the columns drawn, against a column-by-column search', () => {
  it('marks the cell of the first column holding each marked step, and labels the middle cell', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.integer({ min: -10, max: 3000 }), { maxLength: 30 }),
        fc.integer({ min: 4, max: 40 }),
        fc.constantFrom(1, 2),
        (widths, start, markers, w, perCell) => {
          // Columns in step order, each [from, to), one after the other (series.ts).
          const cols: { from: number; to: number }[] = [];
          let at = start;
          for (const d of widths) cols.push({ from: at, to: (at += d) });
          const { line, labels } = columnAxis(cols, w, perCell, markers, '-', '^');
          // The oracle: every column tried in turn.
          const n = Math.min(cols.length, w * perCell);
          const shown = cols.slice(cols.length - n);
          const cell = (i: number) => Math.floor((w * perCell - n + i) / perCell);
          const want = new Array<string>(w).fill('-');
          for (const s of markers) {
            const i = shown.findIndex((c) => c.from <= s && s < c.to);
            if (i >= 0) want[cell(i)] = '^';
          }
          expect(line).toBe(want.join(''));
          // The labels: first, middle cell's first column (searched column by column), last.
          const lab = new Array<string>(w).fill(' ');
          if (n > 0) {
            const put = (t: string, p: number) => [...t].forEach((ch, k) => p + k >= 0 && p + k < w && (lab[p + k] = ch));
            const first = cell(0);
            const left = compactStep(shown[0].from);
            const right = compactStep(shown[n - 1].to - 1);
            if (first + left.length <= w) put(left, first);
            if (first + left.length + 1 + right.length <= w) put(right, w - right.length);
            const midCell = Math.floor((first + w) / 2);
            const mi = shown.findIndex((_, i) => cell(i) === midCell);
            if (mi >= 0) {
              const mid = compactStep(shown[mi].from);
              const p = midCell - Math.floor(mid.length / 2);
              if (p > first + left.length && p + mid.length < w - right.length && mid !== left && mid !== right) put(mid, p);
            }
          }
          expect(labels).toBe(lab.join(''));
        },
      ),
    );
  });
});

describe('y axis', () => {
  it('labels sit on their rows, right-aligned in the label column, distinct', () => {
    const { labels, offset } = yAxisLabels({ lo: 0, hi: 140 }, LINEAR, 8);
    expect(offset).toBeNull();
    expect(labels).toHaveLength(8);
    for (const l of labels) expect(l).toHaveLength(LABEL_WIDTH);
    const shown = labels.map((l) => l.trim()).filter(Boolean);
    expect(shown).toEqual(['100', '50', '0']);
    expect(labels[7].trim()).toBe('0');
    const tiny = yAxisLabels({ lo: 1.23456e-10, hi: 1.23456e-10 + 1e-13 }, LINEAR, 10);
    expect(tiny.offset).not.toBeNull();
  });
});
