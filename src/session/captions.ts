import { makeDataset } from '../engine/data.js';
import type { GradientRule } from '../engine/normalize.js';
import { forward } from '../engine/step.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { formatDelta, formatNumber, MINUS } from './format.js';
import { trainingSpec } from './pair.js';
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

/** The last scenario caption whose `at` has been reached (as written: see renderNarration). */
export function narrationAt(captions: Scenario['captions'], step: number): string | null {
  let best: { at: number; text: string } | null = null;
  for (const c of captions) if (c.at <= step && (best === null || c.at >= best.at)) best = c;
  return best ? best.text : null;
}

/**
 * Numbers in narration that follow the scenario in use. A caption may contain `{expr}` or
 * `{expr:d}` (d significant digits, default 2), where expr is arithmetic (+ − * / ^, parentheses,
 * abs(), sqrt()) over these names, computed from the live scenario, overrides included: `--lr 0.5`
 * turns paper-bias's "η·ȳ = {eta*ybar}" into 0.43, not the file's 0.085. With several inputs,
 * u means the first.
 */
export const NARRATION_NAMES = {
  eta: 'the learning rate η',
  momentum: 'the running statistics\' momentum (NaN without them)',
  batch: 'the batch size m',
  n: 'the number of training examples',
  ybar: 'ȳ, the mean target',
  ubar: 'ū, the mean input',
  varu: 'Var u (population)',
  sdu: 'σᵤ = √Var u',
  euy: 'E[u·y]',
  covuy: 'Cov(u, y)',
  loss0: 'the loss at the initial parameters, on the full training set',
  lag: 'η·ȳ/momentum: how far a running mean settles behind a b that climbs by η·ȳ a step',
} as const;

export type NarrationContext = Record<keyof typeof NARRATION_NAMES, number>;

const contexts = new WeakMap<Scenario, NarrationContext>();

export function narrationContext(s: Scenario): NarrationContext {
  const known = contexts.get(s);
  if (known) return known;
  const data = makeDataset({ n: s.data.n, dims: s.data.dims, u: s.data.u, y: s.data.y }, s.seed);
  const spec = trainingSpec(s);
  const u = Array.from({ length: data.n }, (_, i) => Array.from(data.u.subarray(i * data.dims, (i + 1) * data.dims)));
  const y = Array.from(data.y);
  const avg = (v: number[]) => v.reduce((a, x) => a + x, 0) / v.length;
  const u1 = u.map((row) => row[0]);
  const ubar = avg(u1);
  const ybar = avg(y);
  const varu = avg(u1.map((v) => (v - ubar) ** 2));
  const euy = avg(u1.map((v, i) => v * y[i]));
  const init = { w: spec.init.w, b: spec.init.b, gamma: 1, beta: 0 };
  const ctx: NarrationContext = {
    eta: s.training.learningRate,
    momentum: s.training.runningMomentum ?? NaN,
    batch: s.training.batch === 'full' ? data.n : Math.min(s.training.batch, data.n),
    n: data.n,
    ybar,
    ubar,
    varu,
    sdu: Math.sqrt(varu),
    euy,
    covuy: euy - ubar * ybar,
    loss0: forward(spec.arch, init, u, y).L,
    lag: (s.training.learningRate * ybar) / (s.training.runningMomentum ?? NaN),
  };
  contexts.set(s, ctx);
  return ctx;
}

/** Evaluates one placeholder's expression; throws with a reason when it cannot. */
function evaluate(expr: string, ctx: Record<string, number>): number {
  const tokens = expr.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_]\w*|[-+*/^()−]|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (t?: string) => {
    const tok = tokens[at++];
    if (t !== undefined && tok !== t) throw new Error(`expected '${t}'`);
    return tok;
  };
  const FUNCS: Record<string, (v: number) => number> = { abs: Math.abs, sqrt: Math.sqrt };
  function atom(): number {
    const tok = take();
    if (tok === undefined) throw new Error('ends too soon');
    if (tok === '(') {
      const v = sum();
      take(')');
      return v;
    }
    if (tok === '-' || tok === '−') return -power();
    if (/^\d/.test(tok)) return Number(tok);
    if (tok in FUNCS) {
      take('(');
      const v = sum();
      take(')');
      return FUNCS[tok](v);
    }
    if (tok in ctx) return ctx[tok];
    throw new Error(`unknown name '${tok}'`);
  }
  function power(): number {
    const base = atom();
    if (peek() === '^') {
      take();
      return base ** power();
    }
    return base;
  }
  function product(): number {
    let v = power();
    while (peek() === '*' || peek() === '/') v = take() === '*' ? v * power() : v / power();
    return v;
  }
  function sum(): number {
    let v = product();
    while (peek() === '+' || peek() === '-' || peek() === '−') v = take() === '+' ? v + product() : v - product();
    return v;
  }
  const v = sum();
  if (at < tokens.length) throw new Error(`unexpected '${tokens[at]}'`);
  return v;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** d significant digits, the real minus sign; whole numbers from 10^d up. */
function significant(v: number, digits: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'n/a' : v > 0 ? '∞' : `${MINUS}∞`;
  const a = Math.abs(v);
  // toPrecision keeps the digits asked for (0.60, not 0.6), but writes 1234 as 1.2e+3.
  const text = a >= 10 ** digits ? String(Math.round(a)) : a.toPrecision(digits);
  return (v < 0 && text !== '0' ? MINUS : '') + text;
}

/** The caption with its placeholders computed; one that cannot be is left as written. */
export function renderNarration(text: string, ctx: Record<string, number>): string {
  return text.replace(PLACEHOLDER, (whole, inner: string) => {
    const [expr, d] = inner.split(':');
    try {
      const digits = d === undefined ? 2 : Number(d);
      if (!Number.isInteger(digits) || digits < 1 || digits > 15) return whole;
      return significant(evaluate(expr, ctx), digits);
    } catch {
      return whole;
    }
  });
}

/** What is wrong with a caption's placeholders, for a loader or `--check` to report; null if nothing. */
export function templateProblem(text: string): string | null {
  const names = Object.fromEntries(Object.keys(NARRATION_NAMES).map((k) => [k, 1]));
  for (const m of text.matchAll(PLACEHOLDER)) {
    const [expr, d] = m[1].split(':');
    if (d !== undefined && !/^(?:[1-9]|1[0-5])$/.test(d)) return `{${m[1]}}: digits must be 1 to 15 (got ${d})`;
    try {
      evaluate(expr, names);
    } catch (e) {
      return `{${m[1]}}: ${(e as Error).message}; known names: ${Object.keys(NARRATION_NAMES).join(', ')}`;
    }
  }
  return null;
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
  const text = narrationAt(inp.scenario.captions, inp.step);
  const narration = text === null || !text.includes('{') ? text : renderNarration(text, narrationContext(inp.scenario));
  return { narration, live: liveCaption(inp) };
}
