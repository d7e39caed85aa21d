import { describe, expect, it } from 'vitest';
import { closeUp, closeUpAt, whereItSits, type ModelCloseUp } from '../../src/session/closeup.js';
import { Pair } from '../../src/session/pair.js';
import { builtin, mean } from '../scenarios/helpers.js';
import { tiny } from './tiny.js';

/**
 * The close-up's claims, asserted from its numbers: E[x + Δb] = E[x] + Δb, x̂ unchanged, the
 * paper's identity, and, where the step does not cancel, the term that breaks it.
 */

const within = (v: number, tol: number) => expect(Math.abs(v)).toBeLessThanOrEqual(tol);

describe('closeUp by hand: u = (1, 2, 6), y = (1, 0, 2), w = 1, b = 0.5, η = 0.1', () => {
  // x = u + b = (1.5, 2.5, 6.5), E[x] = 3.5, x̂ = (−2, −1, 3), ∂ℓ/∂x̂ = x̂ − y = (−3, −1, 1).
  // Naive: ∂L/∂b = mean(∂ℓ/∂x̂) = −1, Δb = +0.1. Backprop: mean(∂ℓ/∂x̂ − (−1)) = 0.
  // Next: x′ = (1.6, 2.6, 6.6), E[x′] = 3.6, x̂′ = x̂. L = mean(½·(9, 1, 1)) = 11/6.
  const c = closeUpAt(tiny, 0);
  const n = c.naive!;

  it('the forward pass', () => {
    expect(n.examples.map((e) => e.x)).toEqual([1.5, 2.5, 6.5]);
    expect(n.meanX).toBeCloseTo(3.5, 15);
    expect(n.examples.map((e) => e.xhat)).toEqual([-2, -1, 3]);
    expect(n.examples.map((e) => e.dl_dxhat)).toEqual([-3, -1, 1]);
    expect(n.loss).toBeCloseTo(11 / 6, 15);
    expect(n.more).toBe(0);
  });

  it('each rule\'s ∂L/∂b and Δb, and the other rule\'s beside it', () => {
    expect(n.gradB).toBeCloseTo(-1, 15);
    expect(n.deltaB).toBeCloseTo(0.1, 15);
    within(n.otherGradB, 1e-15);
    within(c.backprop!.gradB, 1e-15);
    expect(c.backprop!.otherGradB).toBeCloseTo(-1, 15);
  });

  it('the next step and the identity for the probe (example 2, u = 6): 6 + (0.5 + 0.1) − 3.6 = 6 + 0.5 − 3.5 = 3', () => {
    expect(n.examples.map((e) => e.xNext)).toEqual([1.6, 2.6, 6.6].map((v) => expect.closeTo(v, 14)));
    expect(n.meanXNext).toBeCloseTo(3.6, 14);
    expect(n.identity.index).toBe(2);
    expect(n.identity.left).toBeCloseTo(3, 14);
    expect(n.identity.right).toBeCloseTo(3, 14);
  });
});

function assertCancels(m: ModelCloseUp) {
  within(m.meanGap, m.roundOff);
  within(m.shiftSpread, m.roundOff);
  within(m.xhatChange, m.roundOff);
  within(m.identity.gap, m.roundOff);
  within(m.lossNext - m.loss, m.roundOff);
}

describe('paper-bias: the step cancels, at every step shown', () => {
  const s = builtin('paper-bias');
  const pair = new Pair(s);
  const y = Array.from(pair.data.y);
  const eta = s.training.learningRate;
  for (const t of [0, 1, 40, 300]) {
    it(`step ${t}: E[x + Δb] = E[x] + Δb, x̂ and loss unchanged, identity holds; Δb = η·ȳ; true ∂L/∂b = 0`, () => {
      const c = closeUpAt(s, t);
      const n = c.naive!;
      assertCancels(n);
      expect(n.deltaB).toBe(-eta * n.gradB);
      // With E[x] constant, ∂L/∂b = mean(x̂ − y) = −ȳ: Δb = η·ȳ.
      expect(n.deltaB).toBeCloseTo(eta * mean(y), 12);
      expect(Math.abs(n.deltaB)).toBeGreaterThan(1e10 * n.roundOff);
      within(n.otherGradB, 1e-14);
      within(c.backprop!.gradB, 1e-14);
      expect(n.featured).toBe(7);
      expect(n.examples.map((e) => e.index)).toContain(7);
      expect(n.more).toBe(64 - n.examples.length);
      // Every shown example moved by Δb exactly (to round-off).
      for (const e of n.examples) within(e.shift - n.deltaB, n.roundOff);
    });
  }

  it('the identity, written with the probe\'s numbers, holds to round-off at every one of 500 steps', () => {
    const p = new Pair(s);
    for (let t = 0; t < 500; t++) {
      const n = closeUp(s, { naive: p.naive, backprop: p.backprop }, 7, 1).naive!;
      within(n.identity.gap, n.roundOff);
      within(n.meanGap, n.roundOff);
      expect(n.identity.deltaB).toBeGreaterThan(0.08);
      p.advance(1);
    }
  });

  it("the close-up's Δb is the update the trainer then makes", () => {
    const p = new Pair(s);
    p.advance(25);
    const c = closeUp(s, { naive: p.naive, backprop: p.backprop }, 7);
    const b = p.naive.net.params.b;
    p.advance(1);
    // The kernel's gradient and step.ts's agree to the last bits (test/engine/step.test.ts).
    expect(p.naive.net.params.b).toBeCloseTo(b + c.naive!.deltaB, 13);
    expect(c.step).toBe(25);
  });
});

describe('where it does not cancel, the close-up carries the term that breaks it', () => {
  it('nonlinearity-relu: the shift range is the batch\'s, from the dead units (0) to the live ones (Δb), though every row shown may be dead', () => {
    const n = closeUpAt(builtin('nonlinearity-relu'), 30).naive!;
    // Hand reading: a ReLU passes Δb where z > 0 (θ′ = 1) and nothing where z < 0 (θ′ = 0).
    const [lo, hi] = n.shiftRange;
    expect(Math.min(lo, hi)).toBeCloseTo(Math.min(0, n.deltaB), 14);
    expect(n.deltaB).toBeLessThan(-0.01);
    expect(Math.max(lo, hi)).toBeCloseTo(Math.max(0, n.deltaB), 14);
    expect(hi - lo).toBe(n.shiftSpread);
    for (const e of n.examples) expect(e.shift >= lo && e.shift <= hi).toBe(true);
  });
  it('nonlinearity (tanh before centring): θ′ differs across examples; the spread of θ′(zᵢ)·Δb is the shift spread to first order', () => {
    const n = closeUpAt(builtin('nonlinearity'), 100).naive!;
    const a = n.breaks.activation!;
    expect(a.slopeMax - a.slopeMin).toBeGreaterThan(0.5);
    expect(n.xhatChange).toBeGreaterThan(1e6 * n.roundOff);
    expect(Math.abs(n.shiftSpread - a.spread) / a.spread).toBeLessThan(0.05);
    // Centring: x̂ᵢ changes by exactly its shift minus the mean's.
    const f = n.examples.find((e) => e.index === n.featured)!;
    within(n.identity.gap - (f.shift - (n.meanXNext - n.meanX)), 1e-14);
    expect(n.breaks.weight).toBeUndefined();
    expect(n.breaks.minibatch).toBeUndefined();
  });

  it('minibatch: the batch mean is not the set mean; the batch x̂ still cancels, the eval-mode x̂ moves by Δb − Δrunning', () => {
    const s = builtin('minibatch');
    const pair = new Pair(s);
    pair.advance(12);
    const n = closeUp(s, { naive: pair.naive, backprop: pair.backprop }, 7).naive!;
    const mb = n.breaks.minibatch!;
    // The batch of update 13, of which the shown examples are part; the featured one stands in
    // for the probe when the probe is not in it.
    const batch = pair.naive.nextBatch();
    expect(n.m).toBe(8);
    expect(n.more).toBe(8 - n.examples.length);
    for (const e of n.examples) expect(batch).toContain(e.index);
    expect(n.probeInBatch).toBe(batch.includes(7));
    expect(n.featured).toBe(n.probeInBatch ? 7 : batch[0]);
    expect(Math.abs(mb.batchMean - mb.setMean)).toBeGreaterThan(1e-3);
    assertCancels(n);
    const running = pair.naive.runningMean;
    pair.advance(1);
    expect(pair.naive.runningMean).toBe(mb.runningMeanNext);
    expect(mb.evalShift).toBeCloseTo(n.deltaB - (pair.naive.runningMean - running), 14);
    expect(Math.abs(mb.evalShift!)).toBeGreaterThan(0.01);
  });

  it('batchnorm-2d: a learned w (its Δw·uᵢ spread) and γ, β (their change to out)', () => {
    const n = closeUpAt(builtin('batchnorm-2d'), 50).naive!;
    expect(n.breaks.weight!.spread).toBeGreaterThan(1e3 * n.roundOff);
    expect(n.breaks.affine!.outChange).toBeGreaterThan(1e3 * n.roundOff);
    expect(n.xhatChange).toBeGreaterThan(1e3 * n.roundOff);
  });

  it('weight-and-bias: the Δw·uᵢ spread is |Δw|·(max u − min u)', () => {
    const n = closeUpAt(builtin('weight-and-bias'), 5).naive!;
    expect(n.breaks.weight!.spread).toBeCloseTo(Math.abs(n.delta.w[0]) * (5 - 1), 14);
  });
});

describe('whereItSits', () => {
  it('names θ before centring only for the nonlinearity scenarios', () => {
    expect(whereItSits({ activation: 'identity' })).toHaveLength(3);
    expect(whereItSits({ activation: 'identity' })[2]).toMatch(/nonlinearity scenarios put θ .* before the centring/);
    expect(whereItSits({ activation: 'tanh' })[2]).toMatch(/θ = tanh before the centring/);
  });
});
