/** A uniform generator on [0, 1); every random draw in normdrift goes through one of these. */
export type Uniform = () => number;

/*
 * seedrandom's default generator (ARC4 keyed by the seed string, 52-bit doubles), written out
 * here so that it draws exactly the numbers `seedrandom(seed)` draws — the same data for every
 * seed as before, checked draw for draw against the package in test/engine/rng.test.ts. Why not
 * the package itself: loading it loads node:crypto (for autoseeding, which normdrift never uses)
 * and six other generators, about 9 ms before the first frame (issue #6).
 * Algorithm and constants: seedrandom 3.0.5 (MIT), seedrandom.js.
 */
const WIDTH = 256;
const MASK = WIDTH - 1;
/** At least six ARC4 outputs per double. */
const CHUNKS = 6;
const START_DENOM = WIDTH ** CHUNKS;
const SIGNIFICANCE = 2 ** 52;
const OVERFLOW = SIGNIFICANCE * 2;

/** seedrandom's mixkey: the seed string folded into a key of at most 256 bytes. */
function mixkey(seed: string): number[] {
  const key: number[] = [];
  let smear = 0;
  for (let j = 0; j < seed.length; j++) {
    smear ^= (key[MASK & j] ?? 0) * 19;
    key[MASK & j] = MASK & (smear + seed.charCodeAt(j));
  }
  return key;
}

/** ARC4 keyed by a seed string, with seedrandom's RC4-drop[256] and 52-bit doubles. */
class Arc4 {
  private readonly s = new Uint8Array(WIDTH);
  private i = 0;
  private j = 0;

  constructor(seed: string) {
    let key = mixkey(seed);
    if (key.length === 0) key = [0];
    const s = this.s;
    for (let k = 0; k < WIDTH; k++) s[k] = k;
    for (let k = 0, j = 0; k < WIDTH; k++) {
      const t = s[k];
      j = MASK & (j + key[k % key.length] + t);
      s[k] = s[j];
      s[j] = t;
    }
    for (let k = 0; k < WIDTH; k++) this.byte();
  }

  /** The next ARC4 output byte. */
  private byte(): number {
    const s = this.s;
    const i = (this.i = MASK & (this.i + 1));
    const t = s[i];
    const j = (this.j = MASK & (this.j + t));
    s[i] = s[j];
    s[j] = t;
    return s[MASK & (s[i] + t)];
  }

  /** seedrandom's prng(): a numerator of at least 52 bits over a power of 256, in [0, 1). */
  next(): number {
    let n = 0;
    for (let k = 0; k < CHUNKS; k++) n = n * WIDTH + this.byte();
    let d = START_DENOM;
    let x = 0;
    while (n < SIGNIFICANCE) {
      n = (n + x) * WIDTH;
      d *= WIDTH;
      x = this.byte();
    }
    while (n >= OVERFLOW) {
      n /= 2;
      d /= 2;
      x >>>= 1;
    }
    return (n + x) / d;
  }
}

/**
 * Independent, reproducible streams from one scenario seed. Data and batch order get separate
 * streams so that changing the batch size never changes the data a seed produces.
 */
export function stream(seed: number, purpose: 'data' | 'batches'): Uniform {
  const generator = new Arc4(`normdrift:${seed}:${purpose}`);
  return () => generator.next();
}

/** Standard normal by Box–Muller; the second variate is discarded to keep draws one per call. */
export function normal(uniform: Uniform): number {
  let r = 0;
  while (r === 0) r = uniform(); // log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(r)) * Math.cos(2 * Math.PI * uniform());
}
