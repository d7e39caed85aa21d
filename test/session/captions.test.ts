import { describe, expect, it } from 'vitest';
import { caption, liveCaption, narrationAt } from '../../src/session/captions.js';
import { Pair } from '../../src/session/pair.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { NAIVE_DIVERGES, paperBias, scenario } from './helpers.js';

function after(s: Scenario, steps: number) {
  const pair = new Pair(s);
  const baseline = pair.states();
  pair.advance(steps);
  const latest = pair.states();
  return {
    scenario: s,
    step: pair.step,
    baseline,
    latest,
    divergedAt: { naive: pair.naive.divergedAt, backprop: pair.backprop.divergedAt },
  };
}

describe('live caption', () => {
  it("recognizes the paper's observation from the numbers and says how far b moved", () => {
    const inp = after(paperBias(), 100);
    const db = inp.latest.naive.b - inp.baseline.naive.b;
    const text = liveCaption(inp);
    expect(text).toContain(`The naive step moved b by +${db.toFixed(db < 10 ? 3 : 2)}`);
    expect(text).toContain('re-centring took it all back: x̂ and loss');
    expect(text).toContain('Backprop has not moved: its ∂L/∂b is 0.');
  });

  it('at step 0 says both start alike', () => {
    expect(liveCaption(after(paperBias(), 0))).toMatch(/^Step 0: both networks start/);
  });

  it('otherwise lists what moved for each model and compares the losses', () => {
    const s = scenario(`
data: {n: 32, u: {dist: normal, mean: 3}, y: {slope: 1, intercept: 4, noise: 0.1}}
model: {weight: {init: 1, learn: true}, bias: {init: 0, learn: true}}
training: {learningRate: 0.05}`);
    const text = liveCaption(after(s, 200));
    expect(text).toMatch(/^Since step 0 — naive: b \+[\d.]+, w [+−][\d.]+, loss [+−][\d.]+; backprop: /);
    expect(text).toMatch(/Backprop's loss is lower by [\d.]+\.$/);
  });

  it('names the model that diverged and the step', () => {
    const text = liveCaption(after(scenario(NAIVE_DIVERGES), 5));
    expect(text).toMatch(/^naive diverged at step 1 \(a value overflowed\) and stopped; backprop: nothing moved\.$/);
  });
});

describe('narration', () => {
  const caps = [
    { at: 0, text: 'first' },
    { at: 60, text: 'second' },
    { at: 180, text: 'third' },
  ];

  it('is the last caption whose step has been reached', () => {
    expect(narrationAt(caps, 0)).toBe('first');
    expect(narrationAt(caps, 59)).toBe('first');
    expect(narrationAt(caps, 60)).toBe('second');
    expect(narrationAt(caps, 10_000)).toBe('third');
    expect(narrationAt([{ at: 5, text: 'late' }], 4)).toBeNull();
    expect(narrationAt([], 4)).toBeNull();
  });

  it('comes with the live sentence', () => {
    const c = caption(after(paperBias(), 70));
    expect(c.narration).toBe(paperBias().captions.filter((x) => x.at <= 70).at(-1)!.text);
    expect(c.live).toContain('The naive step moved b');
  });
});
