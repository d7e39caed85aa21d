import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { stream } from '../../src/engine/rng.js';

/**
 * src/engine/rng.ts loads seedrandom's ARC4 module alone (seedrandom/seedrandom.js), not the
 * package's index. A seed must give exactly the numbers the package's default generator gives for
 * the same seed string: the same data, the same batches, every built-in's hand-checked story
 * unchanged (test/ship/seedrandom.test.ts checks the NDJSON against output saved before).
 */
describe('the random streams', () => {
  it('draw exactly what seedrandom draws for the same seed string, bit for bit', () => {
    for (const seed of [0, 1, 7, 42, 12345, 99_999, 2 ** 31 - 1])
      for (const purpose of ['data', 'batches'] as const) {
        const ours = stream(seed, purpose);
        const theirs = seedrandom(`normdrift:${seed}:${purpose}`);
        for (let k = 0; k < 20_000; k++) {
          const a = ours();
          const b = theirs();
          if (a !== b) expect({ seed, purpose, k, a }).toEqual({ seed, purpose, k, a: b });
        }
      }
  });

  it('are uniform on [0, 1): range, mean 1/2 and variance 1/12 over 10⁵ draws', () => {
    const u = stream(42, 'data');
    const n = 100_000;
    let min = 1;
    let max = 0;
    let sum = 0;
    let sq = 0;
    for (let k = 0; k < n; k++) {
      const x = u();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Five standard errors: sd of the mean is √(1/12 / n) ≈ 0.0009.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046);
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });
});
