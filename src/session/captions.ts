import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { formatDelta, formatNumber } from './format.js';
import { seriesValue, type History, type SeriesKey } from './history.js';
import { inheritedRoundOff, isRoundOff } from './rows.js';
import { seriesLabel } from './labels.js';

/**
 * The caption under the panels: one sentence derived from the live state (what moved since step
 * 0, by how much, and what did not), and the scenario's own narration for the current step.
 * Nothing here is canned per scenario: the paper's story is recognized from the numbers.
 */

export interface CaptionInput {
  scenario: Scenario;
  step: number;
  baseline: Record<GradientRule, StepState>;
  latest: Record<GradientRule, StepState>;
  divergedAt: Record<GradientRule, number | null>;
  /**
   * The sampled history. Step 0 and now can agree while a quantity went somewhere in between
   * (scale-blowup's loss toggles between two levels): "moved only by round-off" needs the path too.
   */
  history?: History;
}

export interface Caption {
  /** The scenario's caption for this step (raw scenario text: the UI sanitizes it). */
  narration: string | null;
  live: string;
}

/** The last scenario caption whose `at` has been reached. */
export function narrationAt(captions: Scenario['captions'], step: number): string | null {
  let best: { at: number; text: string } | null = null;
  for (const c of captions) if (c.at <= step && (best === null || c.at >= best.at)) best = c;
  return best ? best.text : null;
}


interface Change {
  key: SeriesKey;
  name: string;
  delta: number;
  magnitude: number;
  /** Round-off inherited from x̂ (rows.ts's inheritedRoundOff). */
  noise: number;
  moved: boolean;
  exact: boolean;
}

/** Lowest and highest value of a series over the sampled history and both ends; null if none is finite. */
function span(inp: CaptionInput, rule: GradientRule, key: SeriesKey): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: number) => {
    if (!Number.isFinite(v)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  see(seriesValue(inp.baseline[rule], key));
  see(seriesValue(inp.latest[rule], key));
  const ring = inp.history?.series(rule, key);
  if (ring) for (let i = 0; i < ring.length; i++) see(ring.at(i));
  return lo <= hi ? [lo, hi] : null;
}

/** The values a series went through, when more than round-off apart: it did not stay put. */
function excursion(inp: CaptionInput, rule: GradientRule, c: Change): [number, number] | null {
  const s = span(inp, rule, c.key);
  if (s === null) return null;
  const m = Math.max(c.magnitude, Math.abs(s[0]), Math.abs(s[1]));
  return isRoundOff(s[1] - s[0], m, c.noise) ? null : s;
}

/** Both models' states at step 0 and now, for inheritedRoundOff. */
function ends(inp: CaptionInput): StepState[] {
  return [inp.baseline.naive, inp.baseline.backprop, inp.latest.naive, inp.latest.backprop];
}

function range(r: [number, number]): string {
  const m = Math.max(Math.abs(r[0]), Math.abs(r[1]));
  return `${formatNumber(r[0], m)}–${formatNumber(r[1], m)}`;
}

function change(inp: CaptionInput, rule: GradientRule, key: SeriesKey): Change {
  let magnitude = 0;
  for (const r of ['naive', 'backprop'] as const) {
    for (const s of [inp.baseline[r], inp.latest[r]]) {
      const v = seriesValue(s, key);
      if (Number.isFinite(v)) magnitude = Math.max(magnitude, Math.abs(v));
    }
  }
  const delta = seriesValue(inp.latest[rule], key) - seriesValue(inp.baseline[rule], key);
  const name = seriesLabel(key, inp.latest[rule].w.length).name;
  const noise = inheritedRoundOff(key, ends(inp), inp.scenario.model.normalize);
  return { key, name, delta, magnitude, noise, moved: !isRoundOff(delta, magnitude, noise), exact: delta === 0 };
}

function learned(s: Scenario): SeriesKey[] {
  const keys: SeriesKey[] = [];
  if (s.model.bias.learn) keys.push('bias');
  if (s.model.weight.learn) keys.push('weight');
  if (s.model.affine) keys.push('gamma', 'beta');
  return keys;
}

function by(c: Change): string {
  return `${c.name} by ${formatDelta(c.delta, c.magnitude, c.noise)}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function summary(inp: CaptionInput, rule: GradientRule): string {
  const moved = learned(inp.scenario)
    .map((k) => change(inp, rule, k))
    .filter((c) => c.moved);
  const loss = change(inp, rule, 'loss');
  const went = loss.moved ? null : excursion(inp, rule, loss);
  const parts = moved.map((c) => `${c.name} ${formatDelta(c.delta, c.magnitude, c.noise)}`);
  parts.push(
    loss.moved
      ? `loss ${formatDelta(loss.delta, loss.magnitude, loss.noise)}`
      : went
        ? `loss back at its start after ranging ${range(went)}`
        : 'loss unchanged',
  );
  if (moved.length === 0 && !loss.moved && !went) return `${rule}: nothing moved`;
  return `${rule}: ${parts.join(', ')}`;
}

export function liveCaption(inp: CaptionInput): string {
  const { step, divergedAt, scenario } = inp;
  const dn = divergedAt.naive;
  const db = divergedAt.backprop;
  if (dn !== null && db !== null) return `Both networks diverged: naive at step ${dn}, backprop at step ${db}.`;
  if (dn !== null || db !== null) {
    const [bad, good] = dn !== null ? (['naive', 'backprop'] as const) : (['backprop', 'naive'] as const);
    return `${bad} diverged at step ${divergedAt[bad]} (a value overflowed) and stopped; ${summary(inp, good)}.`;
  }
  if (step === 0)
    return 'Step 0: both networks start from the same parameters and will see the same batches.';

  const naiveMoved = learned(scenario)
    .map((k) => change(inp, 'naive', k))
    .filter((c) => c.moved);
  const xhat = change(inp, 'naive', 'xhatProbe');
  const loss = change(inp, 'naive', 'loss');
  if (naiveMoved.length > 0 && !xhat.moved && !loss.moved) {
    const backpropMoved = learned(scenario)
      .map((k) => change(inp, 'backprop', k))
      .filter((c) => c.moved);
    const grad = change(inp, 'backprop', 'gradB');
    const gradZero = !grad.moved && isRoundOff(seriesValue(inp.latest.backprop, 'gradB'), grad.magnitude, grad.noise);
    const back =
      backpropMoved.length === 0
        ? `Backprop has not moved${gradZero && scenario.model.bias.learn ? ': its ∂L/∂b is 0' : ''}.`
        : `Backprop moved ${list(backpropMoved.map(by))}.`;
    // Back where they started is not the same as never having left: say what they went through.
    const lossWent = excursion(inp, 'naive', loss);
    const xhatWent = excursion(inp, 'naive', xhat);
    if (lossWent || xhatWent) {
      const went = lossWent ? `the loss went through ${range(lossWent)}` : `x̂ went through ${range(xhatWent!)}`;
      return `The naive step moved ${list(naiveMoved.map(by))}; x̂ and loss are back at their step-0 values, but did not stay there: ${went}. ${back}`;
    }
    // The paper's §2 observation, recognized from the numbers: parameters moved, output did not.
    const undo = scenario.model.normalize === 'center' ? 're-centring' : 're-standardizing';
    const residue = xhat.exact && loss.exact ? 'moved 0' : 'moved only by round-off';
    return `The naive step moved ${list(naiveMoved.map(by))} and the ${undo} took it all back: x̂ and loss ${residue}. ${back}`;
  }

  const lossN = inp.latest.naive.loss;
  const lossB = inp.latest.backprop.loss;
  const gap = lossN - lossB;
  const mag = Math.max(Math.abs(lossN), Math.abs(lossB));
  const compare = isRoundOff(gap, mag)
    ? 'Same loss.'
    : `backprop's loss is ${gap > 0 ? 'lower' : 'higher'} by ${formatNumber(Math.abs(gap), Math.abs(gap))}.`;
  return `Since step 0 — ${summary(inp, 'naive')}; ${summary(inp, 'backprop')}. ${compare.charAt(0).toUpperCase()}${compare.slice(1)}`;
}

export function caption(inp: CaptionInput): Caption {
  return { narration: narrationAt(inp.scenario.captions, inp.step), live: liveCaption(inp) };
}
