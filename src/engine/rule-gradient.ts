import { gatherBatch } from './batches.js';
import { Network } from './model.js';
import type { GradientRule } from './normalize.js';
import type { Trainer } from './trainer.js';

/** A gradient read out of a pass: ∂L/∂w (one entry per input) and ∂L/∂b. */
export interface RuleGradients {
  w: number[];
  b: number;
}

/**
 * The gradient a rule computes at a trainer's parameters, on the batch the trainer's next update
 * uses: what the other rule would do in its place. The live view shows the true ∂L/∂b (the
 * backprop rule's, through the statistics) at the naive model's parameters beside the naive
 * rule's estimate, which is all the naive model ever sees (§2: the estimate is the mean of
 * ∂ℓ/∂x̂, the true gradient 0 when the loss does not depend on b).
 *
 * It is the fast kernel's own pass (Network.lossPasses, then backwardBatch under the rule) on a
 * network of its own, so the trainer's work arrays, sums and gradients stay as they were and
 * training goes on to the bit as if nothing had been asked. The batch is the trainer's: the
 * whole set read in place, or the minibatch of its next update (Trainer.nextBatch) gathered as
 * training gathers it, so for the backprop trainer itself the result is its own gradient, to the
 * bit. One pass over the batch: meant for the view's samples and frames, never for every step.
 */
export class RuleGradient {
  private readonly trainer: Trainer;
  private readonly net: Network;
  private readonly idx: Int32Array;
  private readonly u: Float64Array;
  private readonly y: Float64Array;

  constructor(trainer: Trainer) {
    this.trainer = trainer;
    const { spec, data } = trainer;
    this.net = new Network(spec.arch, spec.init, data.n);
    this.idx = new Int32Array(data.n);
    this.u = new Float64Array(data.n * data.dims);
    this.y = new Float64Array(data.n);
  }

  /** The gradient `rule` computes at the trainer's current parameters, on its next batch. */
  at(rule: GradientRule): RuleGradients {
    const t = this.trainer;
    const { net } = this;
    const from = t.net.params;
    net.params.w.set(from.w);
    net.params.b = from.b;
    net.params.gamma = from.gamma;
    net.params.beta = from.beta;
    const { batch } = t.spec;
    if (batch === 'full' || batch >= t.data.n) {
      // The whole set in order, read in place as the trainer reads it (no batch to draw).
      net.lossPasses(t.data.u, t.data.y, t.data.n);
    } else {
      const idx = t.nextBatch(); // prepares the trainer's step if it was not yet: draws its batch
      const m = idx.length;
      for (let i = 0; i < m; i++) this.idx[i] = idx[i];
      gatherBatch(t.data, this.idx, m, this.u, this.y);
      net.lossPasses(this.u, this.y, m);
    }
    net.backwardBatch(rule);
    return { w: Array.from(net.grads.w), b: net.grads.b };
  }
}
