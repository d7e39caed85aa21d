import { SharedBatches } from '../engine/batches.js';
import { makeDataset, type Dataset } from '../engine/data.js';
import type { GradientRule } from '../engine/normalize.js';
import { Trainer, type StepState, type TrainingSpec } from '../engine/trainer.js';
import { exampleCount } from '../scenario/examples.js';
import type { Scenario } from '../scenario/schema.js';

export const RULES: readonly GradientRule[] = ['naive', 'backprop'];

/** Command-line values that override the scenario file. */
export interface Overrides {
  seed?: number;
  learningRate?: number;
  steps?: number;
}

export function applyOverrides(s: Scenario, o: Overrides): Scenario {
  return {
    ...s,
    seed: o.seed ?? s.seed,
    training: {
      ...s.training,
      learningRate: o.learningRate ?? s.training.learningRate,
      steps: o.steps ?? s.training.steps,
    },
  };
}

/** The example whose x̂ the dashboard follows: example 7 when there is one (as in the README). */
export function probeIndex(n: number): number {
  return Math.min(7, n - 1);
}

export function trainingSpec(s: Scenario): TrainingSpec {
  const dims = s.data.dims;
  const w = s.model.weight.init;
  return {
    arch: {
      dims,
      activation: s.model.activation,
      normalize: s.model.normalize,
      epsilon: s.model.epsilon,
      affine: s.model.affine,
    },
    init: { w: Array.isArray(w) ? w : new Array<number>(dims).fill(w), b: s.model.bias.init },
    learn: { w: s.model.weight.learn, b: s.model.bias.learn },
    learningRate: s.training.learningRate,
    batch: s.training.batch,
    sampling: s.training.sampling,
    runningMomentum: s.training.runningMomentum ?? null,
    probe: probeIndex(exampleCount(s)),
  };
}

/**
 * The two networks of a scenario, in lockstep: same data, same initial parameters, same batch
 * sequence (one SharedBatches, drawn once a step for both), different gradient rule.
 */
export class Pair {
  readonly scenario: Scenario;
  readonly data: Dataset;
  readonly naive: Trainer;
  readonly backprop: Trainer;

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.data = makeDataset(
      { n: scenario.data.n, dims: scenario.data.dims, u: scenario.data.u, y: scenario.data.y },
      scenario.seed,
    );
    const spec = trainingSpec(scenario);
    // One batch sequence for both: drawn and gathered once a step.
    const batches = new SharedBatches(this.data, spec.batch, spec.sampling, scenario.seed);
    this.naive = new Trainer('naive', spec, this.data, scenario.seed, batches);
    this.backprop = new Trainer('backprop', spec, this.data, scenario.seed, batches);
  }

  get step(): number {
    return this.naive.t;
  }

  /**
   * k steps of both, a step of each in turn: they share one batch sequence (see SharedBatches).
   * `prepared`, when given, is called at each step once both gradients are prepared and before
   * either update, with the step's values all there (WholeRun reads them into its stores).
   */
  advance(k = 1, prepared?: (naive: Trainer, backprop: Trainer) => void): void {
    const { naive, backprop } = this;
    for (let i = 0; i < k; i++) {
      // Both gradients, then both updates: the same numbers as a step of each in turn (the
      // shared batch is drawn by the first prepare, read by the second).
      naive.prepare();
      backprop.prepare();
      if (prepared !== undefined) prepared(naive, backprop);
      naive.advance();
      backprop.advance();
    }
  }

  states(): { naive: StepState; backprop: StepState } {
    return { naive: this.naive.state(), backprop: this.backprop.state() };
  }
}
