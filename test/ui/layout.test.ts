import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowSpecs } from '../../src/session/rows.js';
import type { SeriesKey } from '../../src/session/history.js';
import { rowLabelWidth } from '../../src/session/labels.js';
import { computeLayout, MIN_SPARK_SIDE, MIN_SPARK_STACKED, type LayoutInput } from '../../src/ui/layout.js';
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
        expect(l.sparkWidth).toBeGreaterThanOrEqual(l.kind === 'side' ? MIN_SPARK_SIDE : MIN_SPARK_STACKED);
        expect(l.captionLines).toBeGreaterThanOrEqual(1);
        expect(l.shown).toEqual(expect.arrayContaining(['bias', 'meanX', 'loss', 'gradB']));
      }),
    );
  });

  it('puts the panels side by side when wide, stacked when narrow', () => {
    expect(computeLayout(input(120, 40))).toMatchObject({ kind: 'side', bordered: true, hidden: 0, panelWidth: 60 });
    expect(computeLayout(input(100, 30))).toMatchObject({ kind: 'side', bordered: true, hidden: 0 });
    expect(computeLayout(input(80, 24))).toMatchObject({ kind: 'stacked', bordered: true, hidden: 0, panelWidth: 80 });
  });

  it('at 80×24, a scenario with every row hides the least important ones, never the core', () => {
    const l = computeLayout(input(80, 24, 1));
    expect(l).toMatchObject({ kind: 'stacked' });
    if (l.kind === 'tooSmall') throw new Error('unreachable');
    expect(l.hidden).toBeGreaterThan(0);
    expect(l.shown).not.toContain('xhatSpread');
    expect(l.height).toBeLessThanOrEqual(23);
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
});
