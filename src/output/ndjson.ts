import type { StepState, Trainer } from '../engine/trainer.js';
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

/** A number as JSON.stringify writes it: the shortest round-trip digits, null when not finite. */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

function vecText(v: Float64Array): string {
  if (v.length === 1) return num(v[0]);
  let out = '[';
  for (let k = 0; k < v.length; k++) out += (k ? ',' : '') + num(v[k]);
  return out + ']';
}

/**
 * JSON.stringify(stepRecord(trainer.state(), affine)), to the byte, read from the trainer in
 * place: no StepState, no record object, no x̂ for every example (only the probe's, which
 * `diverged` reads). What keeps `--every 1` near the speed of training.
 */
export function stepLine(trainer: Trainer, affine: boolean): string {
  trainer.evaluate(false);
  const { params: p, grads: g, stats } = trainer.net;
  const tracked = trainer.spec.runningMomentum !== null;
  const loss = trainer.fullLoss;
  let sum = loss + p.b + p.gamma + p.beta + g.b + g.gamma + g.beta + stats.meanX + stats.varX + trainer.probeXhat;
  for (let k = 0; k < p.w.length; k++) sum += p.w[k] + g.w[k];
  if (tracked) sum += trainer.fullEvalLoss + trainer.runningMean + trainer.runningVar;
  // Trainer.state()'s `diverged`; a sum of finite numbers can overflow on its own: then one by one.
  let finite = Number.isFinite(sum);
  if (!finite && !Number.isNaN(sum)) {
    const each = [loss, p.b, p.gamma, p.beta, g.b, g.gamma, g.beta, stats.meanX, stats.varX, trainer.probeXhat, ...p.w, ...g.w];
    if (tracked) each.push(trainer.fullEvalLoss, trainer.runningMean, trainer.runningVar);
    finite = each.every(Number.isFinite);
  }
  let line =
    `{"type":"step","step":${trainer.t},"model":"${trainer.rule}","loss":${num(loss)},"w":${vecText(p.w)},` +
    `"b":${num(p.b)},"gradW":${vecText(g.w)},"gradB":${num(g.b)},"meanX":${num(stats.meanX)},"varX":${num(stats.varX)}`;
  if (affine) line += `,"gamma":${num(p.gamma)},"beta":${num(p.beta)},"gradGamma":${num(g.gamma)},"gradBeta":${num(g.beta)}`;
  if (tracked)
    line += `,"runningMean":${num(trainer.runningMean)},"runningVar":${num(trainer.runningVar)},"evalLoss":${num(trainer.fullEvalLoss)}`;
  return line + `,"diverged":${trainer.diverged || !finite}}`;
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
  // A Pair's subclass may watch its states (CsvRecordingPair writes the CSV from them): it gets
  // them at every recorded step. A plain Pair's lines are read from the trainers (stepLine), but
  // for --batches, whose lines carry each model's next batch.
  const plain = Object.getPrototypeOf(pair) === Pair.prototype && !o.batches;
  let last = plain ? null : pair.states();
  for (let t = 0; ; ) {
    if (isRecorded(t, o.every, o.steps)) {
      if (plain && t < o.steps) {
        yield stepLine(pair.naive, affine);
        yield stepLine(pair.backprop, affine);
      } else {
        last = pair.states(); // the last step's states are the summary's too
        for (const rule of RULES) {
          const r = stepRecord(last[rule], affine);
          // The batch update t+1 uses, drawn as the step will draw it (nextBatch does not advance).
          yield JSON.stringify(o.batches ? withBatch(r, pair[rule]) : r);
        }
      }
    }
    // Indexed, not for…of: an iterator object at every step of 10⁶ is garbage for nothing.
    const found = detector.observePair(pair);
    for (let i = 0; i < found.length; i++) yield JSON.stringify(eventRecord(found[i]));
    if (t >= o.steps) break;
    // One step at a time, the two trainers in lockstep: each trains on its own (the data is
    // only read), so the order in which they take their steps changes nothing.
    pair.naive.step();
    pair.backprop.step();
    t++;
  }
  yield JSON.stringify(summaryRecord(pair, last ?? pair.states()));
}

/** The whole run at once, each line handed to `write`. */
export function runHeadless(pair: Pair, o: HeadlessOptions, write: (line: string) => void): void {
  for (const line of headlessLines(pair, o)) write(line);
}
