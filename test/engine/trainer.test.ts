import { describe, expect, it } from 'vitest';
import { BatchSampler } from '../../src/engine/batches.js';
import { Network } from '../../src/engine/model.js';
import { stepRecord } from '../../src/output/ndjson.js';
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

describe('a state whose full-set evaluation is not finite', () => {
  // x = 0.1 + 1e-30·u rounds to 0.1 for every example. The full set's mean of four copies is
  // 0.1 exactly, so its variance is 0 and, with ε = 0, x̂ = 0/0. A batch of three copies has a
  // mean one rounding away from 0.1: a variance of round-off, but a finite loss, so training
  // goes on.
  const s = scenario(`
data: {u: [-1, 0, 1, 0], y: [0, 1, 0, 1]}
model: {weight: {init: 1.0e-30, learn: false}, bias: {init: 0.1, learn: false}, normalize: standardize}
training: {batch: 3, learningRate: 0.1}`);

  it('is diverged with loss null, while divergedAt, decided by training alone, stays null', () => {
    const pair = new Pair(s);
    pair.advance(10);
    expect(pair.naive.divergedAt).toBeNull();
    const st = pair.naive.state();
    expect(st.varX).toBe(0);
    expect(Number.isNaN(st.loss)).toBe(true);
    expect(st.diverged).toBe(true);
    const line = JSON.parse(JSON.stringify(stepRecord(st, false))) as Record<string, unknown>;
    expect(line).toMatchObject({ loss: null, diverged: true });
  });

  it('and recording it changes nothing: recorded every step or never, the runs agree', () => {
    const recorded = new Pair(s);
    const quiet = new Pair(s);
    for (let t = 0; t < 10; t++) {
      recorded.states();
      recorded.advance(1);
    }
    quiet.advance(10);
    expect(JSON.stringify(recorded.states())).toBe(JSON.stringify(quiet.states()));
    expect(recorded.naive.divergedAt).toBe(quiet.naive.divergedAt);
  });
});

describe('networks keep no state between instances', () => {
  const steps = 40;
  const run = (body: string) => {
    const pair = new Pair(scenario(body));
    const lines: string[] = [];
    for (let t = 0; t <= steps; t++) {
      lines.push(JSON.stringify(pair.states()));
      pair.advance(1);
    }
    return lines;
  };
  const shapes = [
    `data: {n: 23, dims: 2, u: {dist: normal, mean: 0.3}, y: {slope: [1, -1], intercept: 0.5}}
model: {weight: {init: [0.8, 0.4]}, normalize: standardize, affine: true}
training: {learningRate: 0.05}`,
    `data: {n: 30, u: {dist: normal, mean: 0.3}, y: {slope: 1, intercept: 0.9}}
model: {weight: {init: 0.8}, activation: tanh}
training: {batch: 7, runningMomentum: 0.2}`,
    `data: {n: 13, dims: 3, u: {dist: uniform, low: -1, high: 2}, y: {slope: [1, 0.5, -2]}}
model: {weight: {init: [0.5, 1, -0.3]}, activation: relu, normalize: standardize, epsilon: 0.001}
training: {learningRate: 0.2, batch: 5, sampling: replacement}`,
  ];

  it('a run gives the same states whatever other networks were made and trained before it', () => {
    const first = shapes.map(run);
    const again = [...shapes].reverse().map(run).reverse();
    expect(again).toEqual(first);
  });

  it('a new network holds its initial parameters, and no statistics or gradients yet', () => {
    run(shapes[0]);
    const arch = { dims: 2, activation: 'identity', normalize: 'center', epsilon: 0, affine: false } as const;
    const net = new Network(arch, { w: [0.5, -1], b: 0.25 }, 8);
    expect(Array.from(net.params.w)).toEqual([0.5, -1]);
    expect(net.params).toMatchObject({ b: 0.25, gamma: 1, beta: 0 });
    expect(Object.values(net.stats).every(Number.isNaN)).toBe(true);
    expect([...net.grads.w, net.grads.b, net.grads.gamma, net.grads.beta].every(Number.isNaN)).toBe(true);
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
