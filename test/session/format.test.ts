import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatDelta, formatNumber, MINUS, NUMBER_WIDTH } from '../../src/session/format.js';
import { cellWidth } from '../../src/text/cells.js';

describe('formatNumber', () => {
  it('prints each value at its own scale', () => {
    expect(formatNumber(2.4, 2.53)).toBe('2.400');
    expect(formatNumber(-0.412, 2.53)).toBe(`${MINUS}0.412`);
    expect(formatNumber(58.01, 58.08)).toBe('58.01');
    expect(formatNumber(0.066, 58.08)).toBe('0.066');
    expect(formatNumber(121.44, 142)).toBe('121.4');
    expect(formatNumber(1163.2, 1163)).toBe('1163');
    expect(formatNumber(99999.7, 99999.7)).toBe('100000');
  });

  it("prints round-off around zero as ≈0, judged by the quantity's magnitude, and exact zero as 0", () => {
    expect(formatNumber(-5.7e-17, 17087)).toBe('≈0');
    expect(formatNumber(-1.4e-17, 0.854)).toBe('≈0');
    expect(formatNumber(0, 5)).toBe('0');
    // Tiny but real next to its magnitude: printed.
    expect(formatNumber(3e-7, 1)).toBe('3.00e-7');
  });

  it('uses exponents for tiny and huge values, and + only when asked', () => {
    expect(formatNumber(1.2e-12, 1.2e-12)).toBe('1.2e-12');
    expect(formatNumber(-3.25e-4, 3.25e-4)).toBe(`${MINUS}3.25e-4`);
    expect(formatNumber(123456, 123456)).toBe('1.23e5');
    expect(formatNumber(2.4, 2.4, true)).toBe('+2.400');
    expect(formatNumber(NaN, 1)).toBe('n/a');
    expect(formatNumber(Infinity, 1)).toBe('+∞');
  });

  it('never takes more than NUMBER_WIDTH cells', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e300, max: 1e300 }), fc.double({ min: 0, max: 1e300, noNaN: true }), fc.boolean(), (v, m, plus) => {
        expect(cellWidth(formatNumber(v, m, plus))).toBeLessThanOrEqual(NUMBER_WIDTH);
      }),
    );
  });
});

describe('formatDelta', () => {
  it('tells exact zero, round-off and real change apart, always signed', () => {
    expect(formatDelta(0, 5)).toBe('0');
    expect(formatDelta(1e-17, 5)).toBe('≈0');
    expect(formatDelta(2.4, 2.53)).toBe('+2.400');
    expect(formatDelta(-3e-4, 2)).toBe(`${MINUS}3.00e-4`);
  });
});

describe('formatCount', () => {
  it('abbreviates with three significant digits', () => {
    expect(formatCount(60)).toBe('60');
    expect(formatCount(2500)).toBe('2.50k');
    expect(formatCount(123_456)).toBe('123k');
    expect(formatCount(999_999)).toBe('1.00M');
    expect(formatCount(Infinity)).toBe('∞');
  });
});
