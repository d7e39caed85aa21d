import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowSpecs } from '../../src/session/rows.js';
import type { SeriesKey } from '../../src/session/history.js';
import { rowLabelWidth } from '../../src/session/labels.js';
import { rowLabel } from '../../src/ui/glyphs.js';
import { AXIS_ROWS, computeLayout, MIN_CHART_ROWS, MIN_SPARK_COMPACT, MIN_SPARK_SIDE, MIN_SPARK_STACKED, type LayoutInput } from '../../src/ui/layout.js';
import { LABEL_WIDTH } from '../../src/session/scale.js';
import { cellWidth } from '../../src/text/cells.js';
import { paperBias, scenario } from '../session/helpers.js';

const everything = scenario(
  'data: {dims: 3}\nmodel: {weight: {init: [1, 0, 0], learn: true}, normalize: standardize, affine: true}\ntraining: {runningMomentum: 0.1}\ncaptions: [{at: 0, text: hi}]',
);
const SCENARIOS = [paperBias(), everything];

function input(columns: number, rows: number, which = 0, ascii = false): LayoutInput {
  const s = SCENARIOS[which];
  return {
    columns,
    rows,
    specs: rowSpecs(s),
    labelWidth: (k: SeriesKey) => rowLabelWidth(k, { ascii, probe: 7, dims: s.data.dims }, cellWidth),
    hasNarration: s.captions.length > 0,
    maxSpark: 512,
    compact: true,
  };
}

describe('layout', () => {
  it('never needs more than rows − 1 lines or more than the columns, at any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 1 }), fc.boolean(), (c, r, w, a) => {
        const l = computeLayout(input(c, r, w, a));
        expect(l.height).toBeLessThanOrEqual(Math.max(0, r - 1));
        if (l.kind === 'tooSmall') return;
        expect(l.panelWidth * (l.kind === 'side' ? 2 : 1)).toBeLessThanOrEqual(c);
        expect(l.sparkWidth).toBeGreaterThanOrEqual(l.compact ? MIN_SPARK_COMPACT : l.kind === 'side' ? MIN_SPARK_SIDE : MIN_SPARK_STACKED);
        expect(l.captionLines).toBeGreaterThanOrEqual(1);
        expect(l.shown).toEqual(expect.arrayContaining(['bias', 'meanX', 'loss', 'gradB']));
      }),
    );
  });

  it('puts the panels side by side when wide, stacked when narrow', () => {
    expect(computeLayout(input(120, 40))).toMatchObject({ kind: 'side', bordered: true, hidden: 0, panelWidth: 60 });
    expect(computeLayout(input(100, 30))).toMatchObject({ kind: 'side', bordered: true, hidden: 0 });
    // 80×24: still side by side, compact (label, sparkline, value), never stacked.
    expect(computeLayout(input(80, 24))).toMatchObject({ kind: 'side', bordered: false, compact: true, hidden: 0, panelWidth: 40 });
    expect(computeLayout(input(50, 30))).toMatchObject({ kind: 'stacked', compact: false, panelWidth: 50 });
  });

  it('at 80×18, a scenario with every row hides the least important ones, never the core', () => {
    const l = computeLayout(input(80, 18, 1));
    expect(l).toMatchObject({ kind: 'side', compact: true });
    if (l.kind === 'tooSmall') throw new Error('unreachable');
    expect(l.hidden).toBeGreaterThan(0);
    expect(l.shown).not.toContain('xhatSpread');
    expect(l.height).toBeLessThanOrEqual(17);
  });

  it('a shorter terminal loses one row at a time, the rows a scenario is about last', () => {
    let previous = Infinity;
    for (let rows = 40; rows >= 14; rows--) {
      const l = computeLayout(input(80, rows, 1));
      if (l.kind === 'tooSmall') break;
      // Never more than one row fewer per terminal row lost.
      if (previous !== Infinity) expect(l.shown.length, `${rows} rows`).toBeGreaterThanOrEqual(previous - 1);
      previous = l.shown.length;
    }
    // The rows a scenario learning w, γ and β is about go last among the optional ones.
    const tight = computeLayout(input(80, 20, 1));
    if (tight.kind === 'tooSmall') throw new Error('unreachable');
    expect(tight.shown).toEqual(expect.arrayContaining(['weight', 'gamma']));
  });

  it('below the minimum says what size it needs, and that size is enough', () => {
    for (const which of [0, 1]) {
      const small = computeLayout(input(30, 8, which));
      if (small.kind !== 'tooSmall') throw new Error('expected too small');
      const { columns, rows } = small.need;
      expect(computeLayout(input(columns, rows, which)).kind).not.toBe('tooSmall');
      expect(computeLayout(input(columns - 1, rows, which)).kind).toBe('tooSmall');
      expect(computeLayout(input(columns, rows - 1, which)).kind).toBe('tooSmall');
    }
  });

  it('uses spare rows for the scenario summary', () => {
    const l = computeLayout(input(120, 40));
    if (l.kind === 'tooSmall') throw new Error('unreachable');
    // Every row below the panels is for text: the caption's share, and the rest for the summary.
    expect(l.textLines).toBe(40 - 1 - 2 - l.panelsHeight);
    expect(l.textLines).toBeGreaterThan(l.captionLines + 3);
    expect(l.height).toBe(39);
    const tight = computeLayout(input(120, 14));
    if (tight.kind === 'tooSmall') throw new Error('unreachable');
    expect(tight.textLines).toBeLessThanOrEqual(tight.captionLines + 2);
  });

  describe('multi-row charts (the live view)', () => {
    const live = (c: number, r: number, which = 0) => {
      const l = computeLayout({ ...input(c, r, which), charts: true });
      if (l.kind === 'tooSmall') throw new Error('unreachable');
      return l;
    };

    it('at 200×55 fill the screen: every main quantity charted, tall, the frame rows − 1 lines', () => {
      for (const which of [0, 1]) {
        const l = live(200, 55, which);
        expect(l.chart).not.toBeNull();
        expect(l.height).toBe(54);
        // Only the caption's lines are left below the panels (one to spare, and what is left of
        // sharing the rows out among the charts): no blank rows.
        expect(l.textLines).toBeLessThanOrEqual(l.captionLines + 1 + l.chart!.keys.length - 1);
        expect(l.chart!.keys).toEqual(expect.arrayContaining(['bias', 'meanX', 'loss', 'gradB']));
        expect(l.chart!.height).toBeGreaterThanOrEqual(which === 0 ? 6 : 4);
        expect(l.chart!.plotWidth).toBe(100 - 4 - LABEL_WIDTH - 1);
      }
    });

    it('at 120×40 use the space too; at 80×24 and below, sparklines only when there is no room', () => {
      const l = live(120, 40);
      expect(l.chart!.keys).toEqual(['bias', 'meanX', 'xhatProbe', 'loss', 'gradB']);
      expect(l.chart!.height).toBeGreaterThanOrEqual(MIN_CHART_ROWS);
      // At 80×24 a few short charts still fit beside the caption.
      expect(live(80, 24).captionLines).toBe(4);
      // A stacked or row-hiding layout never gets charts.
      expect(live(50, 60).chart).toBeNull();
      expect(live(80, 18, 1).chart).toBeNull();
    });

    it('charts never push the frame past rows − 1 lines, nor the caption below its lines', () => {
      fc.assert(
        fc.property(fc.integer({ min: 40, max: 300 }), fc.integer({ min: 10, max: 100 }), fc.integer({ min: 0, max: 1 }), (c, r, w) => {
          const plain = computeLayout(input(c, r, w));
          const l = computeLayout({ ...input(c, r, w), charts: true });
          expect(l.height).toBeLessThanOrEqual(Math.max(0, r - 1));
          if (l.kind === 'tooSmall' || plain.kind === 'tooSmall') return;
          expect(l.captionLines).toBe(plain.captionLines);
          if (!l.chart) return;
          expect(l.chart.height).toBeGreaterThanOrEqual(MIN_CHART_ROWS);
          expect(l.panelsHeight).toBe(plain.panelsHeight + l.chart.keys.length * l.chart.height + AXIS_ROWS);
        }),
      );
    });
  });
});
