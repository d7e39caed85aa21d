import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { exampleCount } from '../scenario/examples.js';
import { EventDetector, type SessionEvent } from '../session/events.js';
import { Pair, RULES } from '../session/pair.js';
import { withBatch, withData } from './batches.js';
// The recording policy the live session's CSV and export follow too: one rule for every output.
import { isRecorded } from '../session/recording.js';

export { isRecorded };

/**
 * The headless contract (DESIGN.md, "Headless output"). JSON.stringify writes float64 values at
 * full round-trip precision and turns NaN and ±Infinity into null, as the contract asks.
 */

export interface HeadlessOptions {
  name: string;
  steps: number;
  every: number;
  /** --batches: the training set on the scenario line, each step's batch on its step lines. */
  batches?: boolean;
}

function scenarioRecord(s: Scenario, o: HeadlessOptions): Record<string, unknown> {
  return {
    type: 'scenario',
    name: o.name,
    title: s.title,
    seed: s.seed,
    learningRate: s.training.learningRate,
    n: exampleCount(s),
    dims: s.data.dims,
    steps: o.steps,
    every: o.every,
    batch: s.training.batch,
    sampling: s.training.sampling,
    activation: s.model.activation,
    normalize: s.model.normalize,
    epsilon: s.model.epsilon,
    affine: s.model.affine,
    learn: { w: s.model.weight.learn, b: s.model.bias.learn },
    runningMomentum: s.training.runningMomentum ?? null,
    models: RULES,
  };
}

/** A vector is written as a number when the network has one input, as the contract shows. */
function vec(v: number[]): number | number[] {
  return v.length === 1 ? v[0] : v;
}

export function stepRecord(st: StepState, affine: boolean): Record<string, unknown> {
  const r: Record<string, unknown> = {
    type: 'step',
    step: st.step,
    model: st.model,
    loss: st.loss,
    w: vec(st.w),
    b: st.b,
    gradW: vec(st.gradW),
    gradB: st.gradB,
    meanX: st.meanX,
    varX: st.varX,
  };
  if (affine) {
    r.gamma = st.gamma;
    r.beta = st.beta;
    r.gradGamma = st.gradGamma;
    r.gradBeta = st.gradBeta;
  }
  if (st.evalLoss !== undefined) {
    r.runningMean = st.runningMean;
    r.runningVar = st.runningVar;
    r.evalLoss = st.evalLoss;
  }
  r.diverged = st.diverged;
  return r;
}

function summaryRecord(pair: Pair, last: { naive: StepState; backprop: StepState }): Record<string, unknown> {
  const affine = pair.scenario.model.affine;
  const models: Record<string, unknown> = {};
  for (const rule of RULES) {
    const { type: _type, model: _model, ...values } = stepRecord(last[rule], affine);
    models[rule] = { ...values, divergedAt: pair[rule].divergedAt };
  }
  return { type: 'summary', steps: pair.step, models };
}

/** `{"type":"event", "step", "model", "kind", "text"}`: after the step lines of its step, if recorded. */
export function eventRecord(e: SessionEvent): Record<string, unknown> {
  return { type: 'event', step: e.step, model: e.model, kind: e.kind, text: e.text };
}

/**
 * A scenario run headless, as its NDJSON lines, each made when it is asked for: a consumer that
 * stops asking (its reader is slow, or gone) stops the training too. Between recorded steps the
 * trainers build no state objects: the event detector reads them in place at every step (events
 * are found at every step whatever `--every` keeps), which is what keeps 10⁶ steps/s possible.
 */
export function* headlessLines(pair: Pair, o: HeadlessOptions): Generator<string, void, undefined> {
  const affine = pair.scenario.model.affine;
  const detector = new EventDetector(pair.scenario);
  const scenario = scenarioRecord(pair.scenario, o);
  yield JSON.stringify(o.batches ? withData(scenario, pair.data) : scenario);
  let last = pair.states();
  for (let t = 0; ; ) {
    if (isRecorded(t, o.every, o.steps)) {
      last = pair.states();
      for (const rule of RULES) {
        const r = stepRecord(last[rule], affine);
        // The batch update t+1 uses, drawn as the step will draw it (nextBatch does not advance).
        yield JSON.stringify(o.batches ? withBatch(r, pair[rule]) : r);
      }
    }
    for (const e of detector.observePair(pair)) yield JSON.stringify(eventRecord(e));
    if (t >= o.steps) break;
    // One step at a time, the two trainers in lockstep: each trains on its own (the data is
    // only read), so the order in which they take their steps changes nothing.
    pair.naive.step();
    pair.backprop.step();
    t++;
  }
  yield JSON.stringify(summaryRecord(pair, last));
}

/** The whole run at once, each line handed to `write`. */
export function runHeadless(pair: Pair, o: HeadlessOptions, write: (line: string) => void): void {
  for (const line of headlessLines(pair, o)) write(line);
}
