import { RuleGradient } from '../engine/rule-gradient.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { Pair } from './pair.js';

/**
 * The live view's pair: its states also carry the true gradient at the naive model's parameters
 * (StepState.trueGradB, trueGradW), which the naive panel shows beside the naive rule's estimate.
 * Computed when a state is read: where the view samples and at each tick that moved the run,
 * not at the steps fast-forwarding runs through (they build no states), and once per step
 * however often that step's states are read. A state read costs a full-set pass already; this
 * adds one pass over the batch (about 1 µs at 64 examples). Headless runs use a plain Pair:
 * their output is the contract's, to the byte.
 */
export class ViewPair extends Pair {
  private readonly truth: RuleGradient;
  /** The step the cached true gradient is of, and that gradient. */
  private truthAt = -1;
  private truthB = NaN;
  private truthW: number[] = [];

  constructor(scenario: Scenario) {
    super(scenario);
    this.truth = new RuleGradient(this.naive);
  }

  override states(): { naive: StepState; backprop: StepState } {
    const s = super.states();
    // Only updates move the parameters, and each moves the step: one computation per step.
    if (this.truthAt !== this.naive.t) {
      const g = this.truth.at('backprop');
      this.truthAt = this.naive.t;
      this.truthB = g.b;
      this.truthW = g.w;
    }
    s.naive.trueGradB = this.truthB;
    s.naive.trueGradW = this.truthW.slice();
    return s;
  }
}
