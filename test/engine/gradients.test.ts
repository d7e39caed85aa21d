import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/engine/data.js';
import { Network, type Activation } from '../../src/engine/model.js';
import type { GradientRule, Normalization } from '../../src/engine/normalize.js';
import {
  finiteDifferences,
  oracleLoss,
  preNormalize,
  relativeError,
  statistics,
  type OracleConfig,
  type OracleParams,
} from './oracle.js';

/** Every activation × normalization × affine × dims ∈ {1, 2, 3}, four random draws each: 72 cases. */
function configurations() {
  const rand = seedrandom('gradient-check');
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const cases: Array<{ name: string; cfg: OracleConfig; dims: number; u: number[][]; y: number[]; p: OracleParams }> = [];
  for (const activation of ['identity', 'tanh', 'relu'] as Activation[])
    for (const normalize of ['center', 'standardize'] as Normalization[])
      for (const affine of [false, true])
        for (const dims of [1, 2, 3])
          for (let draw = 0; draw < 4; draw++) {
            const n = 4 + Math.floor(rand() * 13);
            const epsilon = draw % 2 === 0 ? 0 : 1e-3 * rand();
            for (;;) {
              const u = Array.from({ length: n }, () => Array.from({ length: dims }, () => 0.5 + 1.5 * gauss()));
              const y = Array.from({ length: n }, () => 0.4 + gauss());
              const p: OracleParams = {
                w: Array.from({ length: dims }, () => gauss()),
                b: 0.3 * gauss(),
                gamma: 0.5 + rand(),
                beta: gauss(),
              };
              const cfg: OracleConfig = { activation, normalize, epsilon, affine };
              const z = u.map((row) => row.reduce((s, ui, k) => s + p.w[k] * ui, p.b));
              // Finite differences are meaningless across relu's kink, and a dead unit has no spread.
              if (activation === 'relu' && z.some((zi) => Math.abs(zi) < 1e-3)) continue;
              const x = preNormalize(cfg, p, u);
              if (statistics(x).variance < 1e-2) continue;
              cases.push({ name: `${activation}/${normalize}/${affine ? 'affine' : 'plain'}/dims${dims}/#${draw}`, cfg, dims, u, y, p });
              break;
            }
          }
  return cases;
}

function engineGradient(
  c: ReturnType<typeof configurations>[number],
  rule: GradientRule,
): number[] {
  const n = c.u.length;
  const data: Dataset = { n, dims: c.dims, u: Float64Array.from(c.u.flat()), y: Float64Array.from(c.y) };
  const net = new Network({ dims: c.dims, ...c.cfg }, { w: c.p.w, b: c.p.b }, n);
  net.params.gamma = c.p.gamma;
  net.params.beta = c.p.beta;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const loss = net.forward(data, idx, n);
  expect(loss).toBeCloseTo(oracleLoss(c.cfg, c.p, c.u, c.y), 12);
  net.backward(data, idx, n, rule);
  const g = [...net.grads.w, net.grads.b];
  return c.cfg.affine ? [...g, net.grads.gamma, net.grads.beta] : g;
}

const cases = configurations();

describe('gradients against central finite differences (float64)', () => {
  it('covers at least 50 configurations', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases.map((c) => [c.name, c] as const))('backprop = FD of the true loss: %s', (_name, c) => {
    const fd = finiteDifferences((p) => oracleLoss(c.cfg, p, c.u, c.y), c.p, c.cfg.affine);
    expect(relativeError(engineGradient(c, 'backprop'), fd)).toBeLessThanOrEqual(1e-6);
  });

  it.each(cases.map((c) => [c.name, c] as const))('naive = FD with μ, σ² frozen: %s', (_name, c) => {
    const frozen = statistics(preNormalize(c.cfg, c.p, c.u));
    const fd = finiteDifferences((p) => oracleLoss(c.cfg, p, c.u, c.y, frozen), c.p, c.cfg.affine);
    expect(relativeError(engineGradient(c, 'naive'), fd)).toBeLessThanOrEqual(1e-6);
  });

  it('the two rules really differ (the check above is not vacuous)', () => {
    const differing = cases.filter((c) => relativeError(engineGradient(c, 'naive'), engineGradient(c, 'backprop')) > 1e-3);
    expect(differing.length).toBeGreaterThan(cases.length / 2);
  });
});
