import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { LABEL_WIDTH, LINEAR, columnsRange, yScale } from '../../../src/session/scale.js';
import { Pair } from '../../../src/session/pair.js';
import type { Column } from '../../../src/session/series.js';
import { WholeRun } from '../../../src/session/whole-run.js';
import { LineChart } from '../../../src/ui/chart/LineChart.js';
import { ASCII_CHART, BRAILLE } from '../../../src/ui/chart/plot.js';
import { cellWidth } from '../../../src/text/cells.js';
import { builtin } from '../../scenarios/helpers.js';

const lines = (el: React.ReactElement) => {
  const r = render(el);
  const out = r.lastFrame() ?? '';
  r.unmount();
  return out.split('\n');
};

describe('LineChart', () => {
  it('y labels, plot rows and the step axis with markers, each row exactly label + width cells', () => {
    const columns = Array.from({ length: 60 }, (_, i) => ({ from: i * 100, to: (i + 1) * 100, min: i, max: i + 1 }));
    const out = lines(
      <LineChart series={[{ columns }]} range={{ lo: 0, hi: 60 }} transform={LINEAR} width={30} height={6} glyphs={BRAILLE} steps={{ columns, markers: [3000] }} />,
    );
    expect(out).toHaveLength(6 + 2);
    for (const l of out) expect(cellWidth(l)).toBeLessThanOrEqual(LABEL_WIDTH + 1 + 30);
    expect(out[5].slice(0, LABEL_WIDTH).trim()).toBe('0');
    expect(out[5][LABEL_WIDTH]).toBe('┤');
    expect(out[6]).toBe(' '.repeat(LABEL_WIDTH) + '└' + '─'.repeat(15) + '┬' + '─'.repeat(14));
    expect(out[7].trim().split(/\s+/)).toEqual(['0', '3.0k', '6.0k']);
    expect(out[7].endsWith('6.0k')).toBe(true);
    // A climb: the bottom row is lit at the left, the top row at the right.
    const plotOf = (r: number) => out[r].slice(LABEL_WIDTH + 1);
    expect(plotOf(5).trimEnd().length).toBeLessThan(8);
    expect(plotOf(0).trimStart().length).toBeLessThan(8);
  });

  it('--ascii draws with ASCII only, and without y labels when the panel shares the other one\'s', () => {
    const columns = Array.from({ length: 20 }, (_, i) => ({ from: i, to: i + 1, min: Math.sin(i), max: Math.sin(i) }));
    const out = lines(<LineChart series={[{ columns }]} range={{ lo: -1, hi: 1 }} transform={LINEAR} width={20} height={4} glyphs={ASCII_CHART} yAxis={false} steps={{ columns, markers: [7] }} />);
    expect(out[4]).toBe('-------^------------');
    expect(out[5].trim().split(/\s+/)).toEqual(['0', '10', '19']);
    expect(out.join('\n')).toMatch(/^[\x20-\x7e\n]*$/);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(20);
  });

  it("whole run at step 400: batchnorm-2d's loss spike and scale-blowup's flips are drawn, though samples every 100 steps miss them", () => {
    for (const [name, stride, spike] of [
      // batchnorm-2d: after falling to 0.01 the loss jumps to 0.20 at step 100 and is back to 0.05 by 110.
      ['batchnorm-2d', 64, (c: Column) => c.from > 50 && c.max > 0.15],
      // scale-blowup: the loss flips between 0.79 and 1.71 from step 39 to ~190.
      ['scale-blowup', 100, (c: Column) => c.max > 1.7],
    ] as const) {
      const pair = new Pair(builtin(name));
      const run = new WholeRun(['loss'], pair);
      run.sample(0, pair.states());
      for (let t = 0; t < 400; t += stride) {
        const k = Math.min(stride, 400 - t);
        run.advance(pair, k);
        run.sample(t + k, pair.states());
      }
      const store = run.store('naive', 'loss');
      // What a sampled history would have drawn.
      const sampled = Array.from({ length: store.recent.length }, (_, i) => ({ from: store.recent.steps.at(i), to: 0, min: 0, max: store.recent.values.at(i) }));
      expect(sampled.filter(spike)).toEqual([]);
      const cols = store.run.columns(40 * BRAILLE.xPerCell);
      expect(cols.some(spike)).toBe(true);
      const own = columnsRange(cols)!;
      const s = yScale({ data: { naive: own, backprop: null }, magnitude: Math.max(...own.map(Math.abs)), noise: 0 });
      const out = lines(<LineChart series={[{ columns: cols }]} range={s.panels.naive!} transform={s.transform} width={40} height={8} glyphs={BRAILLE} />);
      // Drawn: the highest column reaches the top row of the plot.
      expect(out[0].slice(LABEL_WIDTH + 1).trim()).not.toBe('');
    }
  });
});
