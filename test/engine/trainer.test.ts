import { describe, expect, it } from 'vitest';
import { BatchSampler } from '../../src/engine/batches.js';
import { parseScenario } from '../../src/scenario/load.js';
import { Pair } from '../../src/session/pair.js';

function scenario(body: string) {
  return parseScenario(`title: test\nsummary: test\n${body}`, 'inline.yaml');
}

describe('batch order', () => {
  const draw = (s: BatchSampler, size: number) => {
    const idx = new Int32Array(size);
    const m = s.next(idx);
    return Array.from(idx.subarray(0, m));
  };

  it('full batch visits every example in order', () => {
    expect(draw(new BatchSampler(5, 'full', 'shuffle', 1), 5)).toEqual([0, 1, 2, 3, 4]);
  });

  it('shuffle visits each example once per epoch and drops the remainder', () => {
    const s = new BatchSampler(10, 3, 'shuffle', 7);
    const epoch = [...draw(s, 3), ...draw(s, 3), ...draw(s, 3)];
    expect(new Set(epoch).size).toBe(9);
    expect(epoch.every((i) => i >= 0 && i < 10)).toBe(true);
  });

  it('replacement draws stay in range and can repeat', () => {
    const s = new BatchSampler(4, 3, 'replacement', 3);
    const seen = Array.from({ length: 50 }, () => draw(s, 3)).flat();
    expect(seen.every((i) => i >= 0 && i < 4)).toBe(true);
    expect(new Set(seen).size).toBe(4);
  });

  it('two samplers with one seed give one sequence (how both networks see the same batches)', () => {
    const a = new BatchSampler(20, 4, 'shuffle', 11);
    const b = new BatchSampler(20, 4, 'shuffle', 11);
    const c = new BatchSampler(20, 4, 'shuffle', 12);
    const seqA = Array.from({ length: 12 }, () => draw(a, 4));
    expect(Array.from({ length: 12 }, () => draw(b, 4))).toEqual(seqA);
    expect(Array.from({ length: 12 }, () => draw(c, 4))).not.toEqual(seqA);
  });
});

describe('divergence is isolated to the model that diverged', () => {
  // u = ±1, y = 0, η = 1, w = 1: the naive step is w ← w − η·Q/w with Q = 1, landing on w = 0
  // exactly; then Var[x] = 0 and x̂ = 0/0. Backprop's gradient for w is 0: it never moves.
  const s = scenario(`
data: {u: [-1, 1], y: [0, 0]}
model: {weight: {init: 1}, bias: {init: 0, learn: false}, normalize: standardize}
training: {learningRate: 1}`);

  it('marks naive diverged at step 1, keeps backprop going, and throws nothing', () => {
    const pair = new Pair(s);
    pair.advance(1);
    expect(pair.naive.state().w[0]).toBe(0);
    pair.advance(10);
    expect(pair.naive.divergedAt).toBe(1);
    expect(pair.backprop.divergedAt).toBeNull();
    const { naive, backprop } = pair.states();
    expect(naive.diverged).toBe(true);
    expect(Number.isNaN(naive.loss)).toBe(true);
    expect(naive.w[0]).toBe(0); // frozen where it diverged, not updated with NaN
    expect(backprop.step).toBe(11);
    expect(Number.isFinite(backprop.loss)).toBe(true);
    expect(backprop.w[0]).toBe(1);
  });
});

describe('running statistics', () => {
  it('follow r_t = (1−m)^t·r_0 + (1 − (1−m)^t)·μ when the batch mean is constant', () => {
    // Backprop on the paper's example never moves b, so E[x] is the same every step.
    const pair = new Pair(
      scenario(`
data: {n: 16, u: {dist: normal, mean: 0.5}, y: {intercept: 1}}
model: {weight: {init: 1, learn: false}}
training: {runningMomentum: 0.1}`),
    );
    const mu = pair.backprop.state().meanX;
    const varX = pair.backprop.state().varX;
    for (let t = 1; t <= 60; t++) {
      pair.advance(1);
      const st = pair.backprop.state();
      const decay = 0.9 ** t;
      expect(st.runningMean).toBeCloseTo(decay * 0 + (1 - decay) * mu, 12);
      expect(st.runningVar).toBeCloseTo(decay * 1 + (1 - decay) * varX, 12);
    }
    // After convergence, eval mode (running statistics) reproduces train mode.
    pair.advance(400);
    const st = pair.backprop.state();
    expect(st.evalLoss).toBeCloseTo(st.loss, 9);
  });
});
