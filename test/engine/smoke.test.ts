import { describe, expect, it } from 'vitest';
import { normalizeForward } from '../../src/engine/normalize.js';

describe('normalizeForward', () => {
  it('centres a hand-computed batch', () => {
    const x = Float64Array.from([1, 2, 6]);
    const xhat = new Float64Array(3);
    const stats = normalizeForward('center', 0, x, 3, xhat, { meanX: 0, varX: 0, scale: 1 });
    expect(stats.meanX).toBe(3);
    expect(stats.varX).toBeCloseTo(14 / 3, 15);
    expect(Array.from(xhat)).toEqual([-2, -1, 3]);
  });
});
