// seedrandom's ARC4 module on its own (rng.ts): @types/seedrandom types only the package's index.
declare module 'seedrandom/seedrandom.js' {
  import type { PRNG } from 'seedrandom';
  /** seedrandom(seed): ARC4 keyed by the seed string, RC4-drop[256], 52-bit doubles. */
  export default function seedrandom(seed: string): PRNG;
}
