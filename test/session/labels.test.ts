import { describe, expect, it } from 'vitest';
import type { GradientRule } from '../../src/engine/normalize.js';
import { SERIES, type SeriesKey } from '../../src/session/history.js';
import { rowLabel, rowLabelWidth, seriesLabel } from '../../src/session/labels.js';
import { cellWidth, toAscii } from '../../src/text/cells.js';

const KEYS: readonly SeriesKey[] = SERIES;

const label = (key: SeriesKey, rule: GradientRule, dims = 1, ascii = false) => rowLabel(key, { ascii, probe: 7, dims, rule });

describe('the label table', () => {
  it('spells the rows as before the table was one (naive panel, backprop panel, --ascii, one input and several)', () => {
    // The labels of the rows that existed, as the two tables and the "~" set gave them.
    const before: Array<[SeriesKey, number, string, string, string, string]> = [
      ['bias', 1, 'bias b', 'bias b', 'bias b', 'bias b'],
      ['xhatProbe', 1, 'x̂ ex.7', 'x̂ ex.7', 'x^ ex.7', 'x^ ex.7'],
      ['xhatSpread', 1, 'x̂ spread', 'x̂ spread', 'x^ spread', 'x^ spread'],
      ['gradB', 1, '~∂L/∂b', '∂L/∂b', '~dL/db', 'dL/db'],
      ['deltaB', 1, 'Δb', 'Δb', 'delta_b', 'delta_b'],
      ['weight', 1, 'w', 'w', 'w', 'w'],
      ['weight', 3, '‖w‖', '‖w‖', '|w|', '|w|'],
      ['gradW', 1, '~∂L/∂w', '∂L/∂w', '~dL/dw', 'dL/dw'],
      ['gradW', 3, '~‖∂L/∂w‖', '‖∂L/∂w‖', '~|dL/dw|', '|dL/dw|'],
      ['radialGradW', 3, '~w·∂L/∂w', 'w·∂L/∂w', '~w*dL/dw', 'w*dL/dw'],
      ['gamma', 1, 'γ', 'γ', 'gamma', 'gamma'],
      ['beta', 1, 'β', 'β', 'beta', 'beta'],
    ];
    for (const [key, dims, naive, backprop, naiveAscii, backpropAscii] of before)
      expect([label(key, 'naive', dims), label(key, 'backprop', dims), label(key, 'naive', dims, true), label(key, 'backprop', dims, true)], `${key} ${dims}`).toEqual([
        naive,
        backprop,
        naiveAscii,
        backpropAscii,
      ]);
    expect(seriesLabel('weight', 3).name).toBe('‖w‖');
    expect(seriesLabel('gradW', 1).name).toBe('∂L/∂w');
  });

  it('marks the true gradient the same in both panels, under the estimate, and never as an estimate', () => {
    for (const key of ['trueGradB', 'trueGradW', 'trueRadialGradW'] as const)
      for (const dims of [1, 3]) {
        expect(label(key, 'naive', dims)).toBe('↳ true');
        expect(label(key, 'backprop', dims)).toBe('↳ true');
        expect(label(key, 'naive', dims, true)).toBe('-> true');
      }
    expect(seriesLabel('trueGradB', 1).name).toBe('the true ∂L/∂b');
  });

  it('keeps the label column as wide as before: no label wider than x̂ spread (nine cells), essentials six', () => {
    for (const key of KEYS)
      for (const dims of [1, 3])
        for (const ascii of [false, true]) {
          const w = rowLabelWidth(key, { ascii, probe: 7, dims }, cellWidth);
          expect(w, `${key} dims ${dims}${ascii ? ' ascii' : ''}`).toBeLessThanOrEqual(9);
          if (key === 'gradB' || key === 'bias' || key === 'meanX' || key === 'loss') expect(w).toBeLessThanOrEqual(6);
        }
  });

  it('reads in --ascii: every label is ASCII, and the help’s words lose nothing to transliteration', () => {
    for (const key of KEYS)
      for (const dims of [1, 3]) {
        for (const rule of ['naive', 'backprop'] as const) expect(label(key, rule, dims, true)).toMatch(/^[\x20-\x7e]+$/);
        const l = seriesLabel(key, dims);
        // toAscii writes "?" for what it cannot spell.
        expect(toAscii(`${l.name} ${l.means}`), key).not.toContain('?');
        expect(l.means).not.toMatch(/close-up/);
      }
  });
});
