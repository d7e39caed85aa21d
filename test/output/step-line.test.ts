import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepLine, stepRecord } from '../../src/output/ndjson.js';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';
import { NAIVE_DIVERGES, scenario } from '../session/helpers.js';

/*
 * stepLine writes a step line from the trainer in place; the contract's bytes are those of
 * JSON.stringify(stepRecord(state)). Two pairs trained alike, one read each way, at every step.
 */
function agree(s: ReturnType<typeof builtin>, steps: number): number {
  const fast = new Pair(s);
  const slow = new Pair(s);
  const affine = s.model.affine;
  let lines = 0;
  for (let t = 0; t <= steps; t++) {
    if (t > 0) {
      fast.advance(1);
      slow.advance(1);
    }
    const st = slow.states();
    expect(stepLine(fast.naive, affine)).toBe(JSON.stringify(stepRecord(st.naive, affine)));
    expect(stepLine(fast.backprop, affine)).toBe(JSON.stringify(stepRecord(st.backprop, affine)));
    lines += 2;
  }
  return lines;
}

describe('stepLine: the bytes JSON.stringify(stepRecord(state)) writes', () => {
  for (const name of BUILTIN_ORDER) it(`${name}, 300 steps`, () => void agree(builtin(name), 300));

  it('a diverging model: nulls and diverged as the state says', () => {
    agree(scenario(NAIVE_DIVERGES), 5);
  });

  it('generated scenarios', () => {
    const arb = fc.record({
      dims: fc.constantFrom(1, 2),
      activation: fc.constantFrom('identity', 'tanh', 'relu'),
      normalize: fc.constantFrom('center', 'standardize'),
      affine: fc.boolean(),
      lr: fc.constantFrom(0.1, 1, 5),
      batch: fc.constantFrom('full', '4'),
      momentum: fc.option(fc.constantFrom(0.03, 0.3), { nil: undefined }),
      seed: fc.nat(1000),
    });
    fc.assert(
      fc.property(arb, (g) => {
        const w = g.dims === 1 ? '1' : '[1, -0.5]';
        const s = scenario(
          `seed: ${g.seed}\ndata: {n: 16, dims: ${g.dims}}\nmodel: {weight: {init: ${w}}, activation: ${g.activation}, normalize: ${g.normalize}, affine: ${g.affine}}\n` +
            `training: {learningRate: ${g.lr}, batch: ${g.batch}${g.momentum ? `, runningMomentum: ${g.momentum}` : ''}}`,
        );
        agree(s, 60);
      }),
      { numRuns: 40, seed: 16 },
    );
  });
});
