import type { GradientRule } from '../engine/normalize.js';
import { step, type Backward, type Forward, type Step, type StepInput } from '../engine/step.js';
import type { Trainer } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { Pair } from './pair.js';

/**
 * One step up close: what the close-up view and `normdrift explain` print. A pure function of a
 * scenario and its two trainers at step t; the numbers all come from engine/step.ts, worked on
 * the batch update t+1 uses, at each model's own parameters.
 *
 * Each model is shown under its own rule (the naive model takes naive steps) and, next to it,
 * the other rule's gradient at the same parameters: the naive panel's ∂L/∂b is the naive
 * estimate, and the true ∂L/∂b is beside it.
 */

/** One example of the batch, before and after this model's step. */
export interface CloseUpExample {
  /** Index in the training set. */
  index: number;
  u: number[];
  x: number;
  xhat: number;
  y: number;
  /** ∂ℓᵢ/∂x̂ᵢ = γ·(outᵢ − yᵢ) */
  dl_dxhat: number;
  /** θ′(zᵢ) */
  slope: number;
  /** x after the step (x′ᵢ = θ(w′·uᵢ + b′)), and its shift x′ᵢ − xᵢ (= Δb when θ is the identity and w is not learned). */
  xNext: number;
  shift: number;
  xhatNext: number;
}

/** u + (b + Δb) − E[u + (b + Δb)] = u + b − E[u + b], for one example, with the numbers filled in. */
export interface Identity {
  index: number;
  u: number[];
  w: number[];
  b: number;
  deltaB: number;
  /** Right side's parts: xᵢ and E[x] at b. left and right are x̂ᵢ after and before. */
  x: number;
  meanX: number;
  /** Left side: at b + Δb (and w + Δw, γ, β moved too, if learned). */
  xNext: number;
  meanXNext: number;
  /** s and s′: 1 when centring, √(Var[x] + ε) when standardizing. */
  s: number;
  sNext: number;
  left: number;
  right: number;
  /** left − right: 0 to round-off when the step cancels. */
  gap: number;
}

/**
 * What keeps the step from cancelling, each with its number. Present only for the causes that
 * apply to the scenario (and, for the weight, when w is learned).
 */
export interface Breaks {
  /** θ before centring: θ′(zᵢ) differs across examples, so xᵢ moves by ≈ θ′(zᵢ)·Δb, not by Δb. */
  activation?: { slopeMin: number; slopeMax: number; spread: number };
  /** A learned w: xᵢ also moves by Δw·uᵢ, which differs across examples. spread = max − min of Δw·uᵢ. */
  weight?: { deltaW: number[]; spread: number };
  /** γ and β: they act after the normalization, so nothing re-centres them away. */
  affine?: { deltaGamma: number; deltaBeta: number; outChange: number };
  /**
   * Minibatches: the batch mean is not the training set's. Within the batch the shift still
   * cancels; the running mean (eval mode) moves by momentum·(μ_B − running), not by Δb, so the
   * eval-mode x̂ moves by evalShift = Δb − Δrunning.
   */
  minibatch?: { batchMean: number; setMean: number; runningMean: number | null; runningMeanNext: number | null; evalShift: number | null };
}

export interface ModelCloseUp {
  rule: GradientRule;
  diverged: boolean;
  /** The examples shown (the featured one first among them, in batch order), and how many are not. */
  examples: CloseUpExample[];
  more: number;
  /** The batch size, and whether it is the whole training set. */
  m: number;
  fullBatch: boolean;
  /** The example written out in the identity: the probe when it is in the batch, else the batch's first. */
  featured: number;
  probeInBatch: boolean;
  meanX: number;
  varX: number;
  meanXNext: number;
  learningRate: number;
  learnsB: boolean;
  /** This rule's ∂L/∂b, the update it makes (Δb = −η·∂L/∂b, 0 when b is not learned), and the other rule's ∂L/∂b at the same parameters. */
  gradB: number;
  deltaB: number;
  otherGradB: number;
  /** All of this rule's gradients and updates. */
  grad: Backward['grad'];
  delta: Backward['delta'];
  /** E[x′] − (E[x] + Δb): 0 to round-off when every xᵢ moves by Δb. */
  meanGap: number;
  /** max |x′ᵢ − xᵢ| − min: the spread of the shifts (0 when the shift is uniform). */
  shiftSpread: number;
  /** The least and greatest x′ᵢ − xᵢ over the batch (the rows shown may all sit at one end). */
  shiftRange: [number, number];
  /** max |x̂′ᵢ − x̂ᵢ| over the batch, and the batch loss before and after. */
  xhatChange: number;
  loss: number;
  lossNext: number;
  /** Round-off a difference of these numbers carries: a few ulps of |b| + |Δb| + max|zᵢ|. */
  roundOff: number;
  identity: Identity;
  breaks: Breaks;
  /** The full step, for a view that wants more. */
  step: Step;
}

export interface CloseUp {
  title: string;
  step: number;
  activation: Scenario['model']['activation'];
  normalize: Scenario['model']['normalize'];
  affine: boolean;
  learns: { w: boolean; b: boolean };
  dims: number;
  naive: ModelCloseUp | null;
  backprop: ModelCloseUp | null;
}


function inputOf(s: Scenario, t: Trainer, batch: number[]): StepInput {
  const { data, spec } = t;
  const p = t.net.params;
  return {
    arch: spec.arch,
    params: { w: Array.from(p.w), b: p.b, gamma: p.gamma, beta: p.beta },
    u: batch.map((j) => Array.from(data.u.subarray(j * data.dims, (j + 1) * data.dims))),
    y: batch.map((j) => data.y[j]),
    learningRate: s.training.learningRate,
    learn: spec.learn,
  };
}

const spread = (v: number[]): number => Math.max(...v) - Math.min(...v);
const maxAbs = (v: number[]): number => Math.max(0, ...v.map(Math.abs));

function identityOf(f: Forward, g: Backward, input: StepInput, i: number, index: number): Identity {
  const n = g.next;
  // The sides are x̂ᵢ after and before: (x − E[x])/s, which is x − E[x] as the paper writes it
  // when centring (s = 1).
  const left = n.xhat[i];
  const right = f.xhat[i];
  return {
    index,
    u: input.u[i],
    w: input.params.w,
    b: input.params.b,
    deltaB: g.delta.b,
    x: f.x[i],
    meanX: f.mu,
    xNext: n.x[i],
    meanXNext: n.mu,
    s: f.s,
    sNext: n.s,
    left,
    right,
    gap: left - right,
  };
}

function modelCloseUp(s: Scenario, t: Trainer, other: GradientRule, probe: number, rows: number): ModelCloseUp {
  const batch = t.nextBatch();
  const input = inputOf(s, t, batch);
  const st = step(input);
  const f = st.forward;
  const g = st[t.rule];
  const n = g.next;
  const m = batch.length;
  const at = batch.indexOf(probe);
  const featured = at >= 0 ? at : 0;
  const shown = [featured, ...batch.map((_, i) => i).filter((i) => i !== featured)].slice(0, Math.min(rows, m));
  shown.sort((a, b) => a - b);
  const shift = f.x.map((x, i) => n.x[i] - x);
  const examples: CloseUpExample[] = shown.map((i) => ({
    index: batch[i],
    u: input.u[i],
    x: f.x[i],
    xhat: f.xhat[i],
    y: input.y[i],
    dl_dxhat: f.dl_dxhat[i],
    slope: g.slope[i],
    xNext: n.x[i],
    shift: shift[i],
    xhatNext: n.xhat[i],
  }));

  const arch = t.spec.arch;
  const breaks: Breaks = {};
  if (arch.activation !== 'identity')
    breaks.activation = {
      slopeMin: Math.min(...g.slope),
      slopeMax: Math.max(...g.slope),
      spread: spread(g.slope.map((d) => d * g.delta.b)),
    };
  if (t.spec.learn.w)
    breaks.weight = { deltaW: g.delta.w, spread: spread(input.u.map((ui) => ui.reduce((a, uk, k) => a + g.delta.w[k] * uk, 0))) };
  if (arch.affine)
    breaks.affine = {
      deltaGamma: g.delta.gamma,
      deltaBeta: g.delta.beta,
      outChange: maxAbs(n.xhat.map((xh, i) => g.params.gamma * xh + g.params.beta - f.out[i])),
    };
  if (m < t.data.n) {
    const set = t.state(); // full-set statistics at these parameters
    const momentum = t.spec.runningMomentum;
    const running = momentum === null ? null : t.runningMean;
    const runningNext = running === null || momentum === null ? null : running + momentum * (f.mu - running);
    breaks.minibatch = {
      batchMean: f.mu,
      setMean: set.meanX,
      runningMean: running,
      runningMeanNext: runningNext,
      evalShift: running === null || runningNext === null ? null : g.delta.b - (runningNext - running),
    };
  }

  const roundOff = 8 * Number.EPSILON * (Math.abs(input.params.b) + Math.abs(g.delta.b) + maxAbs(f.z) + maxAbs(n.z));
  return {
    rule: t.rule,
    diverged: t.diverged,
    examples,
    more: m - examples.length,
    m,
    fullBatch: m === t.data.n,
    featured: batch[featured],
    probeInBatch: at >= 0,
    meanX: f.mu,
    varX: f.sigma2,
    meanXNext: n.mu,
    learningRate: input.learningRate,
    learnsB: t.spec.learn.b,
    gradB: g.grad.b,
    deltaB: g.delta.b,
    otherGradB: st[other].grad.b,
    grad: g.grad,
    delta: g.delta,
    meanGap: n.mu - (f.mu + g.delta.b),
    shiftSpread: spread(shift),
    shiftRange: [Math.min(...shift), Math.max(...shift)],
    xhatChange: maxAbs(n.xhat.map((xh, i) => xh - f.xhat[i])),
    loss: f.L,
    lossNext: n.L,
    roundOff,
    identity: identityOf(f, g, input, featured, batch[featured]),
    breaks,
    step: st,
  };
}

/**
 * The close-up of both models at their current step (the trainers are not advanced: the batch
 * they are about to use is drawn, as stepping would). rows: how many examples to list.
 */
export function closeUp(
  scenario: Scenario,
  trainers: Record<GradientRule, Trainer>,
  probe: number,
  rows = 5,
): CloseUp {
  const m = scenario.model;
  const one = (rule: GradientRule, other: GradientRule) => {
    const t = trainers[rule];
    return t.diverged ? null : modelCloseUp(scenario, t, other, probe, rows);
  };
  return {
    title: scenario.title,
    step: trainers.naive.t,
    activation: m.activation,
    normalize: m.normalize,
    affine: m.affine,
    learns: { w: m.weight.learn, b: m.bias.learn },
    dims: scenario.data.dims,
    naive: one('naive', 'backprop'),
    backprop: one('backprop', 'naive'),
  };
}

/** The close-up after t steps of a fresh run of the scenario: what `normdrift explain --step t` prints. */
export function closeUpAt(scenario: Scenario, t: number, rows = 5): CloseUp {
  const pair = new Pair(scenario);
  pair.advance(t);
  return closeUp(scenario, { naive: pair.naive, backprop: pair.backprop }, pair.naive.spec.probe, rows);
}

/**
 * "Where this sits in a network", for the close-up, `explain` and the help: the paper's layer in
 * any network, and what this scenario changes about it.
 */
export function whereItSits(c: Pick<CloseUp, 'activation'>): string[] {
  const lines = [
    "previous layer's output h → u = W·h → x = u + b → x̂ = x − E[x] → γ, β → θ → next layer",
    'Any layer: u is whatever reaches it, and does not depend on b; only b is at stake. Batch Normalization puts the nonlinearity θ after the normalization.',
  ];
  if (c.activation === 'identity')
    lines.push(
      'Here θ is the identity, as in the paper. The nonlinearity scenarios put θ (tanh, ReLU) before the centring, x = θ(w·u + b): then a step in b no longer moves every x by the same amount, and the step no longer cancels.',
    );
  else
    lines.push(
      `This scenario puts θ = ${c.activation} before the centring, x = θ(w·u + b), as the question's θ(u + b + Δb) − E[θ(u + b + Δb)] does: θ′ differs from example to example, so a step in b no longer moves every x by the same amount.`,
    );
  return lines;
}
