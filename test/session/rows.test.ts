import { describe, expect, it } from 'vitest';
import { History } from '../../src/session/history.js';
import { ViewPair } from '../../src/session/view-pair.js';
import type { StepState } from '../../src/engine/trainer.js';
import { inheritedRoundOff, isRoundOff, rowModel, rowSpecs } from '../../src/session/rows.js';
import { NAIVE_DIVERGES, paperBias, scenario } from './helpers.js';
import { builtin } from '../scenarios/helpers.js';

function run(s = paperBias(), steps = 40, window = 16) {
  const pair = new ViewPair(s);
  const h = new History(64);
  const baseline = pair.states();
  h.record(0, baseline);
  for (let t = 0; t < steps; t++) {
    pair.advance(1);
    h.record(pair.step, pair.states());
  }
  const latest = pair.states();
  const diverged = { naive: pair.naive.diverged, backprop: pair.backprop.diverged };
  return (key: Parameters<typeof rowModel>[1]) => rowModel({ history: h, window, baseline, latest, diverged, still: true, normalize: s.model.normalize }, key);
}

describe('rowSpecs', () => {
  it("shows the paper's rows in the paper's order for the paper's example", () => {
    expect(rowSpecs(paperBias()).map((r) => r.key)).toEqual(['bias', 'meanX', 'xhatProbe', 'xhatSpread', 'loss', 'gradB', 'trueGradB', 'deltaB']);
  });

  it('adds w, γ, β, Var[x] and the eval-mode loss when the scenario has them', () => {
    const s = scenario(
      'data: {dims: 3}\nmodel: {weight: {init: [1, 0, 0], learn: true}, normalize: standardize, affine: true}\ntraining: {runningMomentum: 0.1}',
    );
    expect(rowSpecs(s).map((r) => r.key)).toEqual([
      'bias',
      'meanX',
      'varX',
      'xhatProbe',
      'xhatSpread',
      'loss',
      'evalLoss',
      'gradB',
      'trueGradB',
      'deltaB',
      'weight',
      'gradW',
      'radialGradW',
      'trueRadialGradW',
      'gamma',
      'beta',
    ]);
    // The paper's core rows can never be hidden.
    expect(rowSpecs(s).filter((r) => r.priority === 0).map((r) => r.key)).toEqual(['bias', 'meanX', 'loss', 'gradB']);
    // One row at a time on a short terminal: no two rows share a priority.
    const priorities = rowSpecs(s).filter((r) => r.priority > 0).map((r) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it('puts the true gradient under each learned gradient, and hides it before the gradient it belongs to', () => {
    const keys = (body: string) => rowSpecs(scenario(body)).map((r) => r.key);
    // One input, w and b learned: the true ∂L/∂b and the true ∂L/∂w.
    expect(keys('model: {weight: {init: 1, learn: true}}')).toEqual(expect.arrayContaining(['trueGradB', 'trueGradW']));
    // w alone: no ∂L/∂b row, true or not; the true ∂L/∂w is kept as long as a parameter is.
    const wOnly = rowSpecs(scenario('model: {weight: {init: 1, learn: true}, bias: {init: 0, learn: false}, normalize: standardize}'));
    expect(wOnly.map((r) => r.key)).not.toContain('trueGradB');
    expect(wOnly.find((r) => r.key === 'trueGradW')!.priority).toBeLessThan(2);
    // Several inputs: the true gradient's part along w (scale invariance makes it 0), not its norm.
    expect(keys('data: {dims: 2}\nmodel: {weight: {init: [1, 1], learn: true}}')).toEqual(expect.arrayContaining(['trueRadialGradW']));
    expect(keys('data: {dims: 2}\nmodel: {weight: {init: [1, 1], learn: true}}')).not.toContain('trueGradW');
    // Rows are hidden from the highest priority down: a true row never outlives its estimate's row.
    for (const body of ['seed: 1', 'model: {weight: {init: 1, learn: true}}', 'data: {dims: 2}\nmodel: {weight: {init: [1, 1], learn: true}}']) {
      const specs = rowSpecs(scenario(body));
      const p = (k: string) => specs.find((r) => r.key === k)?.priority;
      for (const [own, truth] of [['gradB', 'trueGradB'], ['gradW', 'trueGradW'], ['radialGradW', 'trueRadialGradW']] as const)
        if (p(truth) !== undefined) expect(p(truth)!, `${body}: ${truth}`).toBeGreaterThan(p(own)!);
    }
  });
});

describe('rowModel on the paper example', () => {
  const row = run();

  it('naive b climbs on a range shared with backprop; backprop b is flat (round-off only)', () => {
    const b = row('bias');
    expect(b.cells.naive!.flat).toBe(false);
    expect(b.cells.naive!.deltaKind).toBe('moved');
    expect(b.cells.backprop!.flat).toBe(true);
    expect(b.cells.backprop!.deltaKind).not.toBe('moved');
    // One range for both panels: it reaches from backprop's 0 to naive's climb.
    expect(b.range![0]).toBeLessThanOrEqual(Math.min(...b.cells.backprop!.values));
    expect(b.range![1]).toBe(Math.max(...b.cells.naive!.values));
  });

  it('x̂ and the loss are flat in both panels: round-off is never amplified', () => {
    for (const key of ['xhatProbe', 'loss'] as const) {
      const r = row(key);
      expect(r.cells.naive!.flat).toBe(true);
      expect(r.cells.backprop!.flat).toBe(true);
    }
  });

  it("the true ∂L/∂b is 0 to round-off in both panels, while the naive rule's estimate is −ȳ", () => {
    const t = row('trueGradB');
    const g = row('gradB');
    for (const rule of ['naive', 'backprop'] as const) {
      expect(t.cells[rule]!.flat, rule).toBe(true);
      expect(isRoundOff(t.cells[rule]!.current, 1, t.noise), rule).toBe(true);
    }
    expect(g.cells.naive!.current).toBeLessThan(-0.8);
    // Backprop's own gradient is the true one: the two rows are the same numbers in its panel.
    expect(t.cells.backprop!.values).toEqual(g.cells.backprop!.values);
  });

  it('a true gradient of round-off is judged against the terms it is summed from: flat, ≈0 (scale-drift’s ∂L/∂w)', () => {
    const drift = run(builtin('scale-drift'), 200, 16)('trueGradW');
    for (const rule of ['naive', 'backprop'] as const) {
      expect(drift.cells[rule]!.flat, rule).toBe(true);
      expect(drift.cells[rule]!.deltaKind, rule).not.toBe('moved');
      // Not exactly 0: the round-off is really there, and the row says it is round-off.
      expect(isRoundOff(drift.cells[rule]!.current, drift.magnitude), rule).toBe(true);
    }
    expect(drift.cells.naive!.values.some((v) => v !== 0)).toBe(true);
    // The naive estimate beside it is not round-off: that scale is what the true one is judged by.
    expect(drift.magnitude).toBeGreaterThan(0.01);
  });

  it('the window is the newest samples and ends at the current value', () => {
    const b = row('bias');
    expect(b.cells.naive!.values).toHaveLength(16);
    expect(b.cells.naive!.values[15]).toBe(b.cells.naive!.current);
  });
});

describe('round-off rule', () => {
  it('is relative 1e-9 to the magnitude, with a floor so round-off around 0 counts as 0', () => {
    expect(isRoundOff(1e-10, 1)).toBe(true);
    expect(isRoundOff(1e-8, 1)).toBe(false);
    expect(isRoundOff(1e-17, 1e-17)).toBe(true);
    expect(isRoundOff(1e-12, 0)).toBe(false);
  });
});

describe('a diverged model', () => {
  it('has no cells to draw and does not stretch the other panel’s range', () => {
    const row = run(scenario(NAIVE_DIVERGES), 5, 8);
    const w = row('weight');
    expect(w.cells.naive).toBeNull();
    expect(w.cells.backprop).not.toBeNull();
    expect(w.range).toEqual([1, 1]);
    expect(w.cells.backprop!.flat).toBe(true);
  });
});

const eps = () => Number.EPSILON;

describe('round-off inherited from x̂', () => {
  const state = (meanX: number, varX: number, extra: Partial<StepState> = {}) => ({ meanX, varX, gamma: 1, loss: 0.5, ...extra }) as StepState;

  it('is ε·|E[x]|/s in x̂, times the residual and γ for the loss and ∂L/∂b, and 0 for parameters', () => {
    const eps = Number.EPSILON;
    expect(inheritedRoundOff('xhatProbe', [state(1e6, 4)], 'center')).toBeCloseTo(1e4 * eps * 1e6, 20);
    expect(inheritedRoundOff('xhatSpread', [state(-1e6, 4)], 'standardize')).toBeCloseTo((1e4 * eps * 1e6) / 2, 20);
    // √(2·loss) = 3 and γ = 2 multiply it for the loss.
    expect(inheritedRoundOff('loss', [state(1e6, 4, { loss: 4.5, gamma: 2 })], 'center')).toBeCloseTo(1e4 * eps * 1e6 * 2 * 3, 18);
    expect(inheritedRoundOff('bias', [state(1e6, 4)], 'center')).toBe(0);
    // The largest over the states given.
    expect(inheritedRoundOff('xhatProbe', [state(1, 1), state(1e3, 1)], 'center')).toBeCloseTo(1e4 * eps * 1e3, 20);
  });

  it("gives the true ∂L/∂b its terms' round-off, 1e-9 of γ·√(2L)/s, where E[x] says little (batchnorm-2d)", () => {
    const bn = state(0.02, 4, { loss: 0.005, gamma: 0.3 });
    expect(inheritedRoundOff('trueGradB', [bn], 'standardize')).toBeCloseTo((1e-9 * Math.sqrt(0.01)) / 2, 20);
    // The estimate's row keeps the rule it had.
    expect(inheritedRoundOff('gradB', [bn], 'standardize')).toBeCloseTo((1e4 * eps() * 0.02) / 2, 25);
    // Where x̂'s round-off is the larger (a huge E[x]), that one.
    const far = state(1e6, 4);
    expect(inheritedRoundOff('trueGradB', [far], 'center')).toBe(inheritedRoundOff('gradB', [far], 'center'));
  });

  it("keeps x̂ and the loss flat once the naive b is huge (the paper's example at η = 1000)", () => {
    const p = paperBias();
    const s = { ...p, training: { ...p.training, learningRate: 1000 } };
    const row = run(s, 3000, 16);
    for (const key of ['xhatProbe', 'xhatSpread', 'loss', 'gradB', 'trueGradB'] as const) {
      const r = row(key);
      expect(r.cells.naive!.flat, key).toBe(true);
      expect(r.cells.naive!.deltaKind, key).not.toBe('moved');
    }
    // b itself moved, by millions.
    expect(row('bias').cells.naive!.delta).toBeGreaterThan(1e6);
  });
});
