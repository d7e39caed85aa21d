import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headlessLines } from '../../src/output/ndjson.js';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { EventDetector, eventsOfRun, type Reading, type SessionEvent } from '../../src/session/events.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';
import { NAIVE_DIVERGES, scenario } from './helpers.js';

/*
 * The detector is checked against an independent reading of the NDJSON trajectory: the step
 * lines of a `--json --every 1` run, read with plain array code written from the rules as the
 * README states them (never by calling the detector), must predict exactly the event lines the
 * same run wrote.
 */

type Line = Record<string, unknown> & { type: string };
type StepLine = {
  step: number;
  model: 'naive' | 'backprop';
  loss: number | null;
  w: number | number[] | null;
  b: number | null;
  gradW: number | number[] | null;
  gradB: number | null;
  meanX: number | null;
  varX: number | null;
  evalLoss?: number | null;
  diverged: boolean;
};
type Key = string; // `${step} ${model} ${kind}`

function ndjson(s: Scenario, steps: number, every = 1): Line[] {
  return [...headlessLines(new Pair(s), { name: 't', steps, every })].map((l) => JSON.parse(l) as Line);
}

/** How many of 1, 10, 100, … are ≤ x, read off the decimal exponent JavaScript prints. */
function powersAtMost(x: number): number {
  if (!(x >= 1)) return 0;
  const e = Number(x.toExponential().split('e')[1]);
  return e + 1;
}

/** The events the step lines imply, by the README's rules. */
function expectedEvents(lines: Line[], activation: string): Key[] {
  const steps = lines.filter((l) => l.type === 'step') as unknown as StepLine[];
  const by = { naive: steps.filter((l) => l.model === 'naive'), backprop: steps.filter((l) => l.model === 'backprop') };
  const found: Array<[number, number, Key]> = [];
  for (const [model, own] of Object.entries(by) as Array<['naive' | 'backprop', StepLine[]]>) {
    const other = model === 'naive' ? by.backprop : by.naive;
    let lastW: number[] | null = null;
    let spiking = false;
    let dead = false;
    let powers = -1;
    let armed = false;
    let parted = false;
    const losses: number[] = [];
    const order = model === 'naive' ? 0 : 1;
    const add = (t: number, kind: string) => found.push([t, order, `${t} ${model} ${kind}`]);
    for (const [t, l] of own.entries()) {
      expect(l.step).toBe(t);
      if (l.diverged) {
        add(t, 'divergence');
        break;
      }
      const w = Array.isArray(l.w) ? l.w : [l.w as number];
      if (lastW !== null && w.reduce((s, x, k) => s + x * lastW![k], 0) < 0) add(t, 'sign-flip');
      if (w.some((x) => x !== 0)) lastW = w;
      const loss = l.loss as number;
      if (losses.length >= 5) {
        const window = losses.slice(-20).sort((a, b) => a - b);
        const median = window[Math.floor((window.length - 1) / 2)];
        const o = other[t];
        const spike = loss > 2 * median && (o.diverged || loss > 2 * (o.loss as number)) && loss >= 1e-6 * losses[0];
        if (spike && !spiking) add(t, 'loss-spike');
        spiking = spike;
      }
      losses.push(loss);
      const gradW = Array.isArray(l.gradW) ? l.gradW : [l.gradW];
      if (activation === 'relu' && !dead && l.meanX === 0 && l.varX === 0 && l.gradB === 0 && gradW.every((g) => g === 0)) {
        dead = true;
        add(t, 'relu-dead');
      }
      const p = powersAtMost(Math.abs(l.b as number));
      if (powers >= 0 && p > powers) add(t, 'bias-power');
      powers = Math.max(powers, p);
      if (l.evalLoss !== undefined) {
        const gap = Math.abs((l.evalLoss as number) - loss) / loss;
        if (gap > 0.5) {
          if (armed) add(t, 'eval-gap');
          if (armed) parted = true;
          armed = false;
        } else if (!parted || gap <= 0.25) {
          armed = true;
          parted = false;
        }
      }
    }
  }
  // NDJSON order: by step, naive's before backprop's, each model's in the order the rules are listed.
  return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((f) => f[2]);
}

function written(lines: Line[]): Key[] {
  return lines.filter((l) => l.type === 'event').map((l) => `${String(l.step)} ${String(l.model)} ${String(l.kind)}`);
}

/** Every event line comes after its step's step lines and before any later step's. */
function expectPlaced(lines: Line[]): void {
  let lastStep = -1;
  for (const l of lines) {
    if (l.type === 'step') lastStep = l.step as number;
    if (l.type === 'event') expect(l.step).toBeGreaterThanOrEqual(lastStep);
    if (l.type === 'step') expect(lastStep).toBeGreaterThanOrEqual(0);
  }
}

const sortKeys = (k: Key[]) => [...k].sort();

describe('events, against an independent reading of the NDJSON trajectory', () => {
  for (const name of BUILTIN_ORDER) {
    it(`${name}: the event lines are the ones the step lines imply`, () => {
      const s = builtin(name);
      const lines = ndjson(s, 600);
      const got = written(lines);
      // (the checker's order within a step is by model only; compare as multisets, then order by step)
      expect(sortKeys(got)).toEqual(sortKeys(expectedEvents(lines, s.model.activation)));
      expect(got.map((k) => Number(k.split(' ')[0]))).toEqual([...got.map((k) => Number(k.split(' ')[0]))].sort((a, b) => a - b));
      expectPlaced(lines);
    });
  }

  it('finds the stories the built-ins tell, at the steps the numbers put them', () => {
    const kinds = (name: string) => written(ndjson(builtin(name), 600));
    expect(kinds('scale-blowup')).toContain('39 naive sign-flip');
    expect(kinds('batchnorm-2d')).toContain('87 naive loss-spike');
    expect(kinds('nonlinearity-relu')).toEqual(['150 naive relu-dead']);
    expect(kinds('paper-bias')).toEqual(['12 naive bias-power', '118 naive bias-power']);
    expect(kinds('minibatch').filter((k) => k.endsWith('eval-gap')).every((k) => k.includes('naive'))).toBe(true);
    expect(kinds('scale-drift')).toEqual([]);
  });

  it('a diverging model reports its divergence once, and nothing after it', () => {
    const s = scenario(NAIVE_DIVERGES);
    const lines = ndjson(s, 20);
    expect(written(lines)).toEqual(expectedEvents(lines, s.model.activation));
    expect(written(lines).filter((k) => k.includes('naive'))).toEqual(['1 naive divergence']);
  });

  it('are found at every step whatever --every keeps: the same event lines at every K', () => {
    for (const name of ['scale-blowup', 'minibatch', 'batchnorm-2d']) {
      const s = builtin(name);
      const all = ndjson(s, 400, 1).filter((l) => l.type === 'event');
      for (const every of [7, 100, 400]) expect(ndjson(s, 400, every).filter((l) => l.type === 'event')).toEqual(all);
    }
  });

  it('reading the trainers in place gives the same events as reading StepStates', () => {
    for (const name of BUILTIN_ORDER) {
      const s = builtin(name);
      const fast = eventsOfRun(new Pair(s), 300);
      const pair = new Pair(s);
      const d = new EventDetector(s);
      const slow: SessionEvent[] = [];
      for (let t = 0; t <= 300; t++) {
        if (t > 0) pair.advance(1);
        const st = pair.states();
        slow.push(...d.observe(st.naive, st.backprop));
      }
      expect(fast).toEqual(slow);
    }
  });

  it('generated scenarios: the event lines are the ones the step lines imply', () => {
    const arb = fc.record({
      dims: fc.constantFrom(1, 2),
      activation: fc.constantFrom('identity', 'tanh', 'relu'),
      normalize: fc.constantFrom('center', 'standardize'),
      affine: fc.boolean(),
      lr: fc.constantFrom(0.01, 0.1, 0.5, 1, 3),
      batch: fc.constantFrom('full', '4', '8'),
      momentum: fc.option(fc.constantFrom(0.03, 0.3), { nil: undefined }),
      w: fc.double({ min: -3, max: 3, noNaN: true }),
      b: fc.double({ min: -6, max: 6, noNaN: true }),
      learnW: fc.boolean(),
      slope: fc.double({ min: -4, max: 4, noNaN: true }),
      intercept: fc.double({ min: -3, max: 3, noNaN: true }),
      noise: fc.constantFrom(0, 0.1, 1),
      seed: fc.nat(1000),
    });
    const seen = new Set<string>();
    fc.assert(
      fc.property(arb, (g) => {
        const w = g.dims === 1 ? String(g.w) : `[${g.w}, ${-g.w / 2}]`;
        const s = scenario(
          `seed: ${g.seed}\ndata: {n: 16, dims: ${g.dims}, y: {slope: ${g.slope}, intercept: ${g.intercept}, noise: ${g.noise}}}\n` +
            `model: {weight: {init: ${w}, learn: ${g.learnW}}, bias: {init: ${g.b}}, activation: ${g.activation}, normalize: ${g.normalize}, affine: ${g.affine}}\n` +
            `training: {learningRate: ${g.lr}, batch: ${g.batch}${g.momentum ? `, runningMomentum: ${g.momentum}` : ''}}`,
        );
        const lines = ndjson(s, 150);
        const got = written(lines);
        expect(sortKeys(got)).toEqual(sortKeys(expectedEvents(lines, s.model.activation)));
        for (const k of got) seen.add(k.split(' ')[2]);
      }),
      { numRuns: 60, seed: 12 },
    );
    // The generated runs exercise every rule, so agreement is not agreement on silence.
    expect([...seen].sort()).toEqual(['bias-power', 'divergence', 'eval-gap', 'loss-spike', 'relu-dead', 'sign-flip']);
  });
});

/** Readings by hand, for the rules' edges. */
function reading(step: number, over: Partial<Reading> = {}): Reading {
  return { step, diverged: false, loss: 1, w: [1], b: 0, meanX: 0.5, ...over };
}

function feed(d: EventDetector, naive: Array<Partial<Reading>>, backprop: Partial<Reading> = {}): string[] {
  const out: string[] = [];
  naive.forEach((r, t) => {
    for (const e of d.observe(reading(t, r), reading(t, backprop))) out.push(`${e.step} ${e.model} ${e.kind}: ${e.text}`);
  });
  return out;
}

describe('event rules on hand-made numbers', () => {
  const plain = scenario('');

  it('a spike is twice the median of the last 20 losses and twice the other model, once per rise', () => {
    // Losses 1, 1, …: at step 6 a 2.5 (spike), 2.6 at 7 (still the same spike), 1 at 8, 3 at 9 (a new one).
    const losses = [1, 1, 1, 1, 1, 1, 2.5, 2.6, 1, 3, 1.9];
    const got = feed(new EventDetector(plain), losses.map((loss) => ({ loss })));
    expect(got.map((g) => g.split(':')[0])).toEqual(['6 naive loss-spike', '9 naive loss-spike']);
    expect(got[0]).toContain('2.5× its recent level and 2.5× backprop');
    // The same rise with the other model as high is not a spike of this one.
    expect(feed(new EventDetector(plain), losses.map((loss) => ({ loss })), { loss: 2 }).filter((g) => g.startsWith('6'))).toEqual([]);
  });

  it('a spike needs 5 earlier steps, and the median is of the last 20 only', () => {
    expect(feed(new EventDetector(plain), [1, 1, 1, 1, 9].map((loss) => ({ loss })))).toEqual([]);
    // 20 steps at 10 after 5 at 1: the median is 10 by then, and 15 is no spike; 21 is.
    const losses = [...Array(5).fill(1), ...Array(20).fill(10), 15, 21];
    expect(feed(new EventDetector(plain), losses.map((loss) => ({ loss }))).map((g) => g.split(':')[0])).toEqual([
      '5 naive loss-spike',
      '26 naive loss-spike',
    ]);
    // Ten 1s, nine 10s, then 1.5 (the spike is over) and 3: over the last 20 the median is 1 (a
    // spike); over the last 19 it would be 1.5 (none).
    const edge = [...Array(10).fill(1), ...Array(9).fill(10), 1.5, 3];
    expect(feed(new EventDetector(plain), edge.map((loss) => ({ loss }))).map((g) => g.split(':')[0])).toEqual([
      '10 naive loss-spike',
      '20 naive loss-spike',
    ]);
  });

  it('|b| passing 1, 10, 100: one event per step, naming the largest power passed, none for powers passed at step 0', () => {
    const got = feed(new EventDetector(plain), [{ b: 5 }, { b: 9.99 }, { b: 10 }, { b: -50 }, { b: 2e3 }, { b: 1e3 }, { b: 1e4 }]);
    expect(got).toEqual([
      '2 naive bias-power: naive b passed 10: the re-centring cancels every step, so it never stops',
      '4 naive bias-power: naive b passed 1,000: the re-centring cancels every step, so it never stops',
      '6 naive bias-power: naive b passed 10,000: the re-centring cancels every step, so it never stops',
    ]);
  });

  it('w flips when it turns by more than a right angle, measured against the last w that was not 0', () => {
    const two = scenario('data: {dims: 2}\nmodel: {weight: {init: [1, 1]}}');
    const got = feed(new EventDetector(two), [{ w: [1, 1] }, { w: [1, -0.9] }, { w: [0, 0] }, { w: [-1, -0.5] }, { w: [-1, 0.5] }]);
    expect(got.map((g) => g.split(':')[0])).toEqual(['3 naive sign-flip']);
  });

  it('eval parts from train above a relative gap of 0.5, and must come back to 0.25 before parting again', () => {
    const gaps = [0.1, 0.6, 0.7, 0.4, 0.6, 0.2, 0.55];
    const got = feed(new EventDetector(plain), gaps.map((g) => ({ loss: 1, evalLoss: 1 + g })));
    expect(got.map((g) => g.split(':')[0])).toEqual(['1 naive eval-gap', '6 naive eval-gap']);
    // Parted from the start: never below, so no event.
    expect(feed(new EventDetector(plain), [0.9, 0.8].map((g) => ({ loss: 1, evalLoss: 1 + g })))).toEqual([]);
  });

  it('refuses a skipped step: the rules compare each step with the one before', () => {
    const d = new EventDetector(plain);
    d.observe(reading(0), reading(0));
    expect(() => d.observe(reading(2), reading(2))).toThrow(/every step in order/);
  });
});

describe('events of minibatch runs of a centred linear network, read from the closed form', () => {
  // Runs that spike, part eval from train, flip and diverge: the estimates must hand every
  // close decision, and every event's text, to the passes.
  const bodies = {
    spiky: `seed: 3\ndata: {n: 12, u: {dist: normal, mean: 0.5, std: 1.5}, y: {slope: 0.05, intercept: 2, noise: 0.05}}\nmodel: {weight: {init: 0.1}, bias: {init: 0.5}, normalize: center, affine: true}\ntraining: {learningRate: 0.9, batch: 3, runningMomentum: 0.02}`,
    gaps: `seed: 3\ndata: {n: 7, u: {dist: normal, mean: 0.5, std: 1.5}, y: {slope: 1, intercept: 2, noise: 0.5}}\nmodel: {weight: {init: 1, learn: false}, bias: {init: 0.5}, normalize: center}\ntraining: {learningRate: 0.3, batch: 2, sampling: replacement, runningMomentum: 0.2}`,
    diverging: `seed: 3\ndata: {n: 96, u: {dist: normal, mean: 0.5, std: 1.5}, y: {slope: 1, intercept: 2, noise: 0.5}}\nmodel: {weight: {init: 1}, bias: {init: 0.5}, normalize: center}\ntraining: {learningRate: 2.1, batch: 8, runningMomentum: 0.05}`,
  };
  for (const [name, body] of Object.entries(bodies)) {
    it(`${name}: the same events as reading StepStates at every step`, () => {
      const s = scenario(body);
      const fast = eventsOfRun(new Pair(s), 2000);
      const pair = new Pair(s);
      const d = new EventDetector(s);
      const slow: SessionEvent[] = [];
      for (let t = 0; t <= 2000; t++) {
        if (t > 0) pair.advance(1);
        const st = pair.states();
        slow.push(...d.observe(st.naive, st.backprop));
      }
      expect(fast.length).toBeGreaterThan(3);
      expect(fast).toEqual(slow);
    });
  }
});
