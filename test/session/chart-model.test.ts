import { describe, expect, it } from 'vitest';
import { chartModel } from '../../src/session/chart-model.js';
import { Pair } from '../../src/session/pair.js';
import { WholeRun } from '../../src/session/whole-run.js';
import { builtin } from '../scenarios/helpers.js';
import { NAIVE_DIVERGES, scenario } from './helpers.js';

/** paper-bias at 60 steps/s for 30 s: a sample every 10 steps, as the live session's stride. */
function paperBias30s(): WholeRun {
  const pair = new Pair(builtin('paper-bias'));
  const run = new WholeRun(['bias', 'loss'], pair);
  run.sample(0, pair.states());
  for (let t = 10; t <= 1800; t += 10) {
    run.advance(pair, 10);
    run.sample(t, pair.states());
  }
  return run;
}

describe('chartModel', () => {
  it('recent window: the last samples, each panel its own range for b (naive climbing, backprop at 0)', () => {
    const run = paperBias30s();
    const m = chartModel({ run, key: 'bias', span: 'recent', window: 20, axis: 'log', columns: 20, noise: 0, diverged: { naive: false, backprop: false } });
    expect(m.columns.naive).toHaveLength(20);
    expect(m.steps).toEqual({ axis: 'linear', from: m.columns.naive[0].from, to: 1801 });
    expect(m.columns.naive[0].from).toBe(1601);
    expect(m.scale.shared).toBe(false);
    // All 181 samples held: since step 0, the climb starts from backprop's 0 and the range is shared.
    expect(chartModel({ run, key: 'bias', span: 'recent', axis: 'linear', columns: 20, noise: 0, diverged: { naive: false, backprop: false } }).scale.shared).toBe(true);
    // The window's columns tile the window's steps.
    for (let i = 1; i < 20; i++) expect(m.columns.naive[i].from).toBe(m.columns.naive[i - 1].to);
  });

  it('whole run: from step 0, shared (the climb starts at backprop\'s 0), linear or log', () => {
    const run = paperBias30s();
    for (const axis of ['linear', 'log'] as const) {
      const m = chartModel({ run, key: 'bias', span: 'whole', axis, columns: 80, noise: 0, diverged: { naive: false, backprop: false } });
      expect(m.steps).toEqual({ axis, from: 0, to: 1801 });
      expect(m.scale.shared).toBe(true);
      expect(m.columns.naive[0].min).toBe(0);
    }
  });

  it('a diverged panel keeps its columns but not its say in the scale', () => {
    const pair = new Pair(scenario(NAIVE_DIVERGES));
    const run = new WholeRun(['loss'], pair);
    run.sample(0, pair.states());
    run.advance(pair, 50);
    run.sample(50, pair.states());
    const m = chartModel({ run, key: 'loss', span: 'whole', axis: 'linear', columns: 10, noise: 0, diverged: { naive: true, backprop: false } });
    expect(m.scale.panels.naive).toBeNull();
    expect(m.scale.panels.backprop).not.toBeNull();
    expect(m.columns.naive).toHaveLength(10);
  });
});
