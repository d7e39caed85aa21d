import { describe, expect, it } from 'vitest';
import { caption, liveCaption, narrationAt, narrationContext, renderNarration } from '../../src/session/captions.js';
import { Pair } from '../../src/session/pair.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { History } from '../../src/session/history.js';
import { builtin } from '../scenarios/helpers.js';
import { NAIVE_DIVERGES, paperBias, scenario, session, source } from './helpers.js';

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
    // The caption in force, its {…} placeholders computed (η·ȳ for paper-bias at 70).
    const s = paperBias();
    expect(c.narration).toBe(renderNarration(s.captions.filter((x) => x.at <= 70).at(-1)!.text, narrationContext(s)));
    expect(c.narration).not.toContain('{');
    expect(c.live).toContain('The naive step moved b');
  });
});

describe('live caption over the history (scale-blowup)', () => {
  // The naive w collapses toward 0, jumps across, flips sign: the loss toggles between two levels
  // and is back at its step-0 value at step 90, having been 1.7 in between.
  const blowup = () => builtin('scale-blowup');

  it('does not say "moved only by round-off" when the loss went elsewhere in between', () => {
    const s = session({ scenario: blowup(), source: source({}), paused: true });
    for (let i = 0; i < 90; i++) s.dispatch('step');
    const live = s.view(10).caption.live;
    expect(live).not.toMatch(/round-off|moved 0/);
    expect(live).toMatch(
      /^The naive step moved w by −\d\.\d{3}; x̂ and loss are back at their step-0 values, but did not stay there: the loss went through 0\.794–1\.705\. Backprop has not moved\.$/,
    );
  });

  it('needs the path: from the two ends alone the same step reads as round-off', () => {
    const inp = after(blowup(), 90);
    expect(inp.latest.naive.loss).toBeCloseTo(inp.baseline.naive.loss, 12);
    expect(liveCaption(inp)).toMatch(/took it all back: x̂ and loss moved (only by round-off|0)/);
  });

  it('still recognizes the paper’s observation when the loss really stayed put', () => {
    const s = session({ paused: true });
    for (let i = 0; i < 60; i++) s.dispatch('step');
    expect(s.view(10).caption.live).toMatch(/re-centring took it all back: x̂ and loss moved (only by round-off|0)\./);
  });

  it('in the comparison, a loss back at its start is not "unchanged"', () => {
    const s = session({ scenario: blowup(), source: source({}), paused: true });
    for (let i = 0; i < 45; i++) s.dispatch('step');
    // step 45: naive's loss is on its upper level, so the sentence compares the two models
    expect(s.view(10).caption.live).toMatch(/^Since step 0 — naive: w −[\d.]+, loss \+0\.912; backprop: nothing moved\./);
  });
});

describe('the comparison sentence over the history', () => {
  it('says a loss that went up and came back "back at its start", with the range, not "unchanged"', () => {
    const inp = after(paperBias(), 10);
    // Hand-made states: x̂ moved (so not the §2 sentence) and the loss came back to its start.
    const latest = {
      naive: { ...inp.latest.naive, xhatProbe: inp.latest.naive.xhatProbe + 0.5, loss: inp.baseline.naive.loss },
      backprop: inp.latest.backprop,
    };
    const history = new History(8);
    history.record(0, inp.baseline);
    history.record(5, { naive: { ...inp.baseline.naive, loss: inp.baseline.naive.loss + 1 }, backprop: inp.baseline.backprop });
    const text = liveCaption({ ...inp, latest, history });
    expect(text).toMatch(/^Since step 0 — naive: b \+[\d.]+, loss back at its start after ranging 0\.807–1\.807; backprop: /);
    expect(liveCaption({ ...inp, latest })).toMatch(/^Since step 0 — naive: b \+[\d.]+, loss unchanged; /);
  });
});
