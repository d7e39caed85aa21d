import seedrandom from 'seedrandom/seedrandom.js';

/** A uniform generator on [0, 1); every random draw in normdrift goes through one of these. */
export type Uniform = () => number;

/*
 * seedrandom's ARC4 generator, its default, from the package itself: seedrandom/seedrandom.js
 * alone, not the package's index, which also loads six other generators normdrift never uses
 * (issue #15 measured both; README, "Start-up"). The seed string has been the same since the
 * first version, so every seed gives the data and batch order it always gave
 * (test/ship/seedrandom.test.ts checks every built-in's NDJSON against output saved before).
 */

/**
 * Independent, reproducible streams from one scenario seed. Data and batch order get separate
 * streams so that changing the batch size never changes the data a seed produces.
 */
export function stream(seed: number, purpose: 'data' | 'batches'): Uniform {
  return seedrandom(`normdrift:${seed}:${purpose}`);
}

/** Standard normal by Box–Muller; the second variate is discarded to keep draws one per call. */
export function normal(uniform: Uniform): number {
  let r = 0;
  while (r === 0) r = uniform(); // log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(r)) * Math.cos(2 * Math.PI * uniform());
}
