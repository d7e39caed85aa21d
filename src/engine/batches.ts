import { stream, type Uniform } from './rng.js';
import type { Dataset } from './data.js';

export type Sampling = 'shuffle' | 'replacement';

/**
 * The order in which examples are visited. Two samplers built from the same seed yield the same
 * sequence, which is how the naive and backprop networks see identical batches.
 */
export class BatchSampler {
  readonly size: number;
  private readonly n: number;
  private readonly sampling: Sampling;
  private readonly full: boolean;
  private readonly rand: Uniform;
  private readonly perm: Int32Array;
  private cursor: number;

  constructor(n: number, batch: 'full' | number, sampling: Sampling, seed: number) {
    this.n = n;
    this.full = batch === 'full' || batch >= n;
    this.size = this.full ? n : (batch as number);
    this.sampling = sampling;
    this.rand = stream(seed, 'batches');
    this.perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    this.cursor = n; // forces a shuffle before the first batch
  }

  /**
   * Writes the next batch into idx and returns its size. Full batch: always 0..n−1 in order.
   * Shuffle: consecutive slices of a fresh permutation each epoch; the last n mod size examples
   * of an epoch are skipped (like drop_last) so every batch has the same size and statistics of
   * the same reliability. Replacement: size independent uniform draws.
   */
  next(idx: Int32Array): number {
    const { n, size, perm } = this;
    if (this.full) {
      for (let i = 0; i < n; i++) idx[i] = i;
      return n;
    }
    if (this.sampling === 'replacement') {
      for (let i = 0; i < size; i++) idx[i] = Math.floor(this.rand() * n);
      return size;
    }
    if (this.cursor + size > n) {
      // Fisher–Yates
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(this.rand() * (i + 1));
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      this.cursor = 0;
    }
    for (let i = 0; i < size; i++) idx[i] = perm[this.cursor + i];
    this.cursor += size;
    return size;
  }
}

/**
 * One batch sequence read by several trainers (the pair's two networks see the same batches):
 * drawn and gathered once per step by the first trainer that asks for it, read in place by the
 * others. It holds one batch, the newest: a trainer that falls two or more draws behind the
 * newest is told so (at() returns false), and draws on from a sequence of its own (Trainer).
 */
export class SharedBatches {
  readonly size: number;
  /** The newest batch: example indices, and their rows in order (size×dims, and size targets). */
  readonly idx: Int32Array;
  readonly u: Float64Array;
  readonly y: Float64Array;
  /** Batches drawn so far; the one held is number drawn − 1. */
  drawn = 0;
  private readonly sampler: BatchSampler;
  private readonly data: Dataset;

  constructor(data: Dataset, batch: 'full' | number, sampling: Sampling, seed: number) {
    this.data = data;
    this.sampler = new BatchSampler(data.n, batch, sampling, seed);
    this.size = this.sampler.size;
    this.idx = new Int32Array(data.n);
    this.u = new Float64Array(this.size * data.dims);
    this.y = new Float64Array(this.size);
  }

  /**
   * Makes batch number k (from 0) the one held, drawing it if it is the next one; false if it
   * is older than the one held. `gather`: also copy its rows (a trainer catching up skips that).
   */
  at(k: number, gather = true): boolean {
    if (k === this.drawn - 1) return true;
    if (k !== this.drawn) return false;
    this.sampler.next(this.idx);
    this.drawn++;
    if (gather) gatherBatch(this.data, this.idx, this.size, this.u, this.y);
    return true;
  }
}

/**
 * Copies examples idx[0..m) into u (m×dims, row-major) and y, so that the training passes read
 * a batch in order whether it is the whole set or a sample of it.
 */
export function gatherBatch(
  data: Dataset,
  idx: Int32Array,
  m: number,
  u: Float64Array,
  y: Float64Array,
): void {
  const dims = data.dims;
  for (let i = 0; i < m; i++) {
    const j = idx[i];
    for (let k = 0; k < dims; k++) u[i * dims + k] = data.u[j * dims + k];
    y[i] = data.y[j];
  }
}
