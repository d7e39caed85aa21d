import { BLOCK_SYMBOLS, getSymbol } from '@pppp606/ink-chart';
import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE } from '../../src/ui/glyphs.js';
import { sparkline } from '../../src/ui/spark.js';

describe('sparkline', () => {
  it("maps values on the given range with ink-chart's block glyphs", () => {
    const s = sparkline([0, 1, 2, 3, 4, 5, 6, 7], [0, 7], 8, false, UNICODE);
    expect(s).toBe('▁▂▃▄▅▆▇█');
    expect([...s]).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((v) => getSymbol(v / 7, 'block')));
    expect(UNICODE.ramp).toEqual(BLOCK_SYMBOLS);
  });

  it("picks the same level as ink-chart's getSymbol everywhere on the range", () => {
    for (let i = 0; i <= 1000; i++) expect(sparkline([i], [0, 1000], 1, false, UNICODE)).toBe(getSymbol(i / 1000, 'block'));
  });

  it('a shared range keeps a constant series at its level, not stretched', () => {
    expect(sparkline([0, 0, 0], [0, 10], 3, false, UNICODE)).toBe('▁▁▁');
    expect(sparkline([10, 10], [0, 10], 2, false, UNICODE)).toBe('██');
  });

  it('draws a flat series as a line, never as amplified noise', () => {
    expect(sparkline([1, 1 + 1e-16, 1 - 1e-16], [1 - 1e-16, 1 + 1e-16], 3, true, UNICODE)).toBe('───');
    expect(sparkline([1, 1], [1, 1], 2, false, UNICODE)).toBe('──');
    expect(sparkline([1, 1], null, 2, false, ASCII_GLYPHS)).toBe('--');
  });

  it('is always exactly `width` cells: padded when short, the newest kept when long', () => {
    expect(sparkline([0, 7], [0, 7], 5, false, UNICODE)).toBe('▁█   ');
    expect(sparkline([0, 1, 2, 7], [0, 7], 2, false, UNICODE)).toBe('▃█');
    expect(sparkline([NaN, 7], [0, 7], 2, false, UNICODE)).toBe(' █');
  });

  it('has an ASCII ramp of eight levels that never uses the flat line glyph', () => {
    const s = sparkline([0, 1, 2, 3, 4, 5, 6, 7], [0, 7], 8, false, ASCII_GLYPHS);
    expect(s).toBe('_.:=+*#@');
    expect(s).not.toContain(ASCII_GLYPHS.flat);
  });
});
