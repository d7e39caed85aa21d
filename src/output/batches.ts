import type { Dataset } from '../engine/data.js';
import type { Trainer } from '../engine/trainer.js';

/**
 * `--json --batches`: what a run needs to be replayed outside normdrift (README, "Reproduce a
 * run"). The step line of step t carries the batch of example indices update t+1 uses; the
 * scenario line carries the training set, since generated data comes from seedrandom streams
 * that other tools do not have.
 */

/** Adds `batch` (example indices, in the order the batch is read) to a step record of `trainer`'s current step. */
export function withBatch<R extends Record<string, unknown>>(record: R, trainer: Trainer): R & { batch: number[] } {
  return Object.assign(record, { batch: trainer.nextBatch() });
}

/** Adds the training set to the scenario record: `u` as n rows of dims inputs, `y` as n targets. */
export function withData<R extends Record<string, unknown>>(
  record: R,
  data: Dataset,
): R & { data: { u: number[][]; y: number[] } } {
  const u = Array.from({ length: data.n }, (_, i) => Array.from(data.u.subarray(i * data.dims, (i + 1) * data.dims)));
  return Object.assign(record, { data: { u, y: Array.from(data.y) } });
}
