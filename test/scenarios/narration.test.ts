import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/schema.js';
import { caption, narrationContext, renderNarration, templateProblem } from '../../src/session/captions.js';
import { applyOverrides } from '../../src/session/pair.js';
import { builtin, covariance, dot, mean, run, variance, type Run } from './helpers.js';

/**
 * Narration that tells the truth: every number a built-in's summary or caption states is claimed
 * below, and each claim is checked against the run it narrates (500 steps at the shipped
 * settings). A number in the text that no claim covers fails the first test, so a new number
 * cannot slip in unchecked. Captions that depend on η are computed from the η in use.
 */

interface Claim {
  /** 'summary', or the caption's `at` */
  where: 'summary' | number;
  /** Part of the rendered text: every number in the text must fall inside some claim's `says`. */
  says: string;
  check: (r: Run, s: Scenario) => void;
}

const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol);
const norm = (v: number[]) => Math.sqrt(dot(v, v));
const u1 = (r: Run) => r.u.map((row) => row[0]);
const steps = (r: Run, side: 'naive' | 'backprop', key: 'b' | 'loss') => r[side].slice(1).map((st, t) => st[key] - r[side][t][key]);
const euyOverSd = (r: Run) => mean(u1(r).map((v, i) => v * r.y[i])) / Math.sqrt(variance(u1(r)));

const CLAIMS: Record<string, Claim[]> = {
  'paper-bias': [
    {
      where: 40,
      says: 'each step adds η·ȳ = 0.085 to b',
      check: (r, s) => {
        for (const d of steps(r, 'naive', 'b')) near(d, s.training.learningRate * mean(r.y), 1e-12);
        expect(Number((s.training.learningRate * mean(r.y)).toPrecision(2))).toBe(0.085);
      },
    },
    {
      where: 118,
      says: 'The loss is flat on both sides, to round-off',
      check: (r) => {
        // x̂ = x − E[x] keeps the round-off of |E[x]|, which grows with the naive b.
        for (const side of ['naive', 'backprop'] as const) for (const st of r[side]) near(st.loss, r[side][0].loss, 16 * Number.EPSILON * Math.max(1, Math.abs(st.meanX)));
      },
    },
    {
      where: 240,
      says: '∂E[x]/∂b = 1, so ∂L/∂b = 0 and b stays put',
      check: (r) => {
        r.naive.forEach((st) => near(st.meanX - r.naive[0].meanX, st.b - r.naive[0].b, 1e-12 * Math.max(1, st.b)));
        for (const st of r.backprop) {
          near(st.gradB, 0, 1e-15);
          near(st.b, 0, 1e-15);
        }
      },
    },
  ],
  'weight-and-bias': [
    {
      where: 'summary',
      says: 'With ū ≠ 0',
      check: (r) => expect(mean(u1(r))).not.toBe(0),
    },
    {
      where: 'summary',
      says: 'ū = 3, ȳ = 4, Var u = 2, E[uy] = 13.8, Cov(u, y) = 1.8, so naive w → 6.9, backprop w → 0.9, and the naive loss stays 36 above backprop\'s (44.19 against 8.19)',
      check: (r) => {
        const u = u1(r);
        near(mean(u), 3, 1e-12);
        near(mean(r.y), 4, 1e-12);
        near(variance(u), 2, 1e-12);
        near(mean(u.map((v, i) => v * r.y[i])), 13.8, 1e-12);
        near(covariance(u, r.y), 1.8, 1e-12);
        near(r.naive[500].w[0], 6.9, 1e-3);
        near(r.backprop[500].w[0], 0.9, 1e-3);
        near(r.naive[500].loss - r.backprop[500].loss, 36, 1e-2);
        near(r.naive[500].loss, 44.19, 5e-3);
        near(r.backprop[500].loss, 8.19, 5e-3);
      },
    },
    { where: 0, says: 'ū = 3, ȳ = 4. Both start at w = 1', check: (r) => expect([mean(u1(r)), mean(r.y), r.naive[0].w[0], r.backprop[0].w[0]]).toEqual([3, 4, 1, 1]) },
    {
      where: 15,
      says: 'E[uy]/Var u = 13.8/2 = 6.9; backprop w for Cov(u,y)/Var u = 1.8/2 = 0.9',
      check: (r) => {
        near(r.naive[500].w[0], 13.8 / 2, 1e-3);
        near(r.backprop[500].w[0], 1.8 / 2, 1e-3);
      },
    },
    {
      where: 60,
      says: 'Naive loss plateaus at 44.19, backprop\'s at 8.19: a gap of ½(ū·ȳ)²/Var u = ½·12²/2 = 36',
      check: (r) => {
        for (let t = 60; t <= 500; t++) expect(r.naive[t].loss).toBeGreaterThan(r.naive[500].loss - 1);
        near(r.naive[500].loss, 44.19, 5e-3);
        near(r.backprop[500].loss, 8.19, 5e-3);
        near(0.5 * (3 * 4) ** 2 / 2, 36, 0);
      },
    },
    { where: 120, says: 'naive b climbs by η·ȳ = 0.20 a step', check: (r, s) => near(steps(r, 'naive', 'b')[499], s.training.learningRate * 4, 1e-3) },
  ],
  'scale-drift': [
    {
      where: 'summary',
      says: 'the naive step is w ← w − η(1 − E[uy]/σᵤ)/w; with targets three times the inputs\' scale, E[uy]/σᵤ ≈ 3 and w² grows by about 2 a step. Backprop\'s gradient for w is 0',
      check: (r, s) => {
        const c = euyOverSd(r);
        near(c, 3, 0.15);
        for (let t = 0; t < 500; t++) near(r.naive[t].gradW[0], (1 - c) / r.naive[t].w[0], 1e-9);
        near(mean(r.naive.slice(1).map((st, t) => st.w[0] ** 2 - r.naive[t].w[0] ** 2)), 2, 0.15);
        for (const st of r.backprop) near(st.gradW[0], 0, 1e-12);
        expect(s.data.y).toMatchObject({ slope: 3 });
      },
    },
    {
      where: 20,
      says: 'Naive: w ← w + η(E[uy]/σ − 1)/w, E[uy]/σ = 3.0: targets about 3× the scale',
      check: (r, s) => {
        const c = euyOverSd(r);
        expect(c.toPrecision(2)).toBe('3.0');
        for (let t = 0; t < 500; t++) near(r.naive[t + 1].w[0], r.naive[t].w[0] + (s.training.learningRate * (c - 1)) / r.naive[t].w[0], 1e-9 * r.naive[t].w[0]);
      },
    },
    {
      where: 90,
      says: 'w² grows by 2η(E[uy]/σ − 1) = 2.0 a step: |w| ≈ √(1 + that·t). Loss unchanged since step 0',
      check: (r, s) => {
        const g = 2 * s.training.learningRate * (euyOverSd(r) - 1);
        expect(g.toPrecision(2)).toBe('2.0');
        for (const t of [90, 200, 500]) near(Math.abs(r.naive[t].w[0]) / Math.sqrt(1 + g * t), 1, 0.02);
        for (const st of r.naive) near(st.loss, r.naive[0].loss, 1e-12);
      },
    },
    {
      where: 200,
      says: '∂L/∂w = 0 up to round-off, since L(c·w) = L(w). Its w stays at 1',
      check: (r) =>
        r.backprop.forEach((st) => {
          near(st.gradW[0], 0, 1e-14);
          near(st.w[0], 1, 1e-14);
        }),
    },
  ],
  'scale-blowup': [
    {
      where: 'summary',
      says: 'the naive w collapses toward 0, jumps and flips sign. x = w·u is standardized, so x̂ = sign(w)·(u − ū)/σᵤ and the loss takes only two values, one per sign of w. The naive step w ← w − η(1 − sign(w)·E[uy]/σᵤ)/w always pulls w toward 0 when |E[uy]|/σᵤ < 1; near 0 the step, proportional to 1/w, overshoots to the other side. The loss toggles between its two levels: §2\'s "the model blows up". Backprop\'s gradient for w is 0',
      check: (r, s) => {
        const c = euyOverSd(r);
        expect(Math.abs(c)).toBeLessThan(1);
        const levels = new Set(r.naive.map((st) => st.loss.toPrecision(9)));
        expect(levels.size).toBe(2);
        for (let t = 0; t < 500; t++) {
          const w = r.naive[t].w[0];
          near(r.naive[t + 1].w[0], w - (s.training.learningRate * (1 - Math.sign(w) * c)) / w, 1e-9 * Math.max(1, Math.abs(r.naive[t + 1].w[0])));
        }
        expect(r.naive.some((st, t) => t > 0 && Math.sign(st.w[0]) !== Math.sign(r.naive[t - 1].w[0]))).toBe(true);
        for (const st of r.backprop) expect(st.gradW[0]).toBe(0);
      },
    },
    { where: 15, says: 'Naive w shrinks toward 0: its step is −η(1 − E[uy]/σ)/w, and E[uy]/σ ≈ 0.5 is less than 1', check: (r) => near(euyOverSd(r), 0.5, 0.1) },
    { where: 39, says: 'Near 0 the step, ∝ 1/w, overshoots: w jumps across and flips sign', check: (r) => expect(r.naive.slice(30, 60).some((st, t) => Math.sign(st.w[0]) !== Math.sign(r.naive[29 + t].w[0]))).toBe(true) },
    {
      where: 193,
      says: 'from w ≈ 0 one step, ∝ 1/w, throws w far out. There its steps are tiny: w stays huge',
      check: (r) => {
        // The step into 193 starts nearer 0 than any before it and lands further out than |w| ever was.
        const before = r.naive.slice(0, 193).map((st) => Math.abs(st.w[0]));
        expect(Math.abs(r.naive[192].w[0])).toBe(Math.min(...before));
        expect(Math.abs(r.naive[193].w[0])).toBeGreaterThan(100 * Math.max(...before));
        for (const st of r.naive.slice(193)) expect(Math.abs(st.w[0])).toBeGreaterThan(0.99 * Math.abs(r.naive[193].w[0]));
        for (let t = 193; t < 500; t++) expect(Math.abs(r.naive[t + 1].w[0] - r.naive[t].w[0])).toBeLessThan(1e-2);
      },
    },
    { where: 90, says: 'the loss toggles between two levels', check: (r) => expect(new Set(r.naive.slice(90).map((st) => st.loss.toPrecision(9))).size).toBe(2) },
    {
      where: 180,
      says: 'Backprop: ∂L/∂w = 0 (scale invariance). Its w stays at 2 and its loss at the lower level',
      check: (r) => {
        for (const st of r.backprop) expect([st.gradW[0], st.w[0]]).toEqual([0, 2]);
        expect(r.backprop[0].loss).toBeLessThanOrEqual(Math.min(...r.naive.map((st) => st.loss)) + 1e-12);
      },
    },
  ],
  nonlinearity: [
    {
      where: 150,
      says: 'Backprop sits at its optimum, b ≈ −0.04. Naive b nears 2.3: tanh′ averages 0.11 there, 0.57 at b = 0',
      check: (r) => {
        near(r.backprop[150].b, -0.04, 0.005);
        near(r.backprop[150].gradB, 0, 1e-4);
        near(r.backprop[500].b, r.backprop[150].b, 1e-3);
        near(r.naive[500].b, 2.3, 0.05);
        const slope = (b: number) => mean(u1(r).map((u) => 1 - Math.tanh(u + b) ** 2));
        near(slope(r.naive[500].b), 0.11, 0.005);
        near(slope(0), 0.57, 0.005);
      },
    },
  ],
  'nonlinearity-relu': [
    {
      where: 'summary',
      says: 'x = max(0, u + b) is centred, and b starts high enough that every example is active: there the ReLU is the identity and this is the paper\'s example, b falling by η·|ȳ| a step with the loss frozen. Then examples switch off one by one, x̂ shrinks and the loss rises; when the last one switches off, every gradient is 0 and the unit is dead for good. Backprop\'s gradient for b is 0',
      check: (r) => {
        const dead = r.naive.findIndex((st) => u1(r).every((u) => u + st.b <= 0));
        expect(dead).toBeGreaterThan(0);
        for (const st of r.naive.slice(dead)) expect([st.gradB, st.b]).toEqual([0, r.naive[dead].b]);
        for (const st of r.backprop) near(st.gradB, 0, 1e-12);
      },
    },
    { where: 0, says: 'x = max(0, u + b), centred. b = 5: every example is active', check: (r) => expect(Math.min(...u1(r)) + r.naive[0].b).toBeGreaterThan(0) },
    {
      where: 2,
      says: 'Naive b falls by η·|ȳ| = 0.38 a step with the loss frozen',
      check: (r, s) => {
        const d = s.training.learningRate * Math.abs(mean(r.y));
        expect(d.toPrecision(2)).toBe('0.38');
        for (let t = 0; t < 3; t++) near(steps(r, 'naive', 'b')[t], -d, 1e-12);
        near(r.naive[3].loss, r.naive[0].loss, 1e-12);
      },
    },
    { where: 8, says: 'z = u + b < 0 for some examples', check: (r) => expect(u1(r).some((u) => u + r.naive[8].b < 0)).toBe(true) },
    {
      where: 150,
      says: 'x = 0 for every example, every gradient is 0, forever. Backprop never moved: its ∂L/∂b = 0',
      check: (r) => {
        for (const st of r.naive.slice(150)) expect(u1(r).every((u) => u + st.b <= 0) && st.gradB === 0).toBe(true);
        for (const st of r.backprop) near(st.b, 5, 1e-12);
      },
    },
  ],
  minibatch: [
    { where: 'summary', says: 'Backprop\'s gradient for b is 0', check: (r) => r.backprop.forEach((st) => near(st.gradB, 0, 1e-12)) },
    { where: 0, says: 'Batches of 8 of 128 examples', check: (r, s) => expect([s.training.batch, r.y.length]).toEqual([8, 128]) },
    {
      where: 5,
      says: 'lagging E[x] by L: eval out = x̂ + L, eval loss = train − L·ȳ + L²/2',
      check: (r) => {
        for (const st of r.naive) {
          const L = st.meanX - st.runningMean!;
          near(st.evalLoss!, st.loss - L * mean(r.y) + (L * L) / 2, 1e-9 * Math.max(1, L * L));
        }
      },
    },
    {
      where: 12,
      says: 'Naive eval dips below train while L < 2ȳ: centring took away the targets\' mean ȳ = 0.97; L gives some back',
      check: (r) => {
        expect(mean(r.y).toPrecision(2)).toBe('0.97');
        const below = r.naive.filter((st) => st.evalLoss! < st.loss);
        for (const st of below) expect(st.meanX - st.runningMean!).toBeLessThan(2 * mean(r.y));
        for (let t = 8; t <= 16; t++) expect(r.naive[t].evalLoss!).toBeLessThan(Math.min(r.naive[t].loss, r.backprop[t].loss));
        const best = r.naive.reduce((a, st) => (st.evalLoss! < a.evalLoss! ? st : a));
        near(best.meanX - best.runningMean!, mean(r.y), 0.1);
      },
    },
    {
      where: 37,
      says: 'toward η·ȳ/momentum = 3.2',
      check: (r, s) => {
        const L = (s.training.learningRate * mean(r.y)) / s.training.runningMomentum!;
        expect(L.toPrecision(2)).toBe('3.2');
        near(mean(r.naive.slice(200).map((st) => st.meanX - st.runningMean!)), L, 0.15 * L);
        for (const st of r.naive.slice(30)) expect(st.evalLoss!).toBeGreaterThan(st.loss);
      },
    },
    {
      where: 120,
      says: 'Naive eval loss ≈ 2.7, train loss frozen at 0.60. Backprop: b fixed, eval ≈ train',
      check: (r) => {
        near(mean(r.naive.slice(120).map((st) => st.evalLoss!)), 2.7, 0.3);
        expect(r.naive[0].loss.toPrecision(2)).toBe('0.60');
        for (const st of r.naive) near(st.loss, r.naive[0].loss, 1e-9);
        for (const st of r.backprop.slice(120)) near(st.evalLoss!, st.loss, 0.2 * st.loss);
      },
    },
  ],
  'batchnorm-2d': [
    {
      where: 'summary',
      says: 'while γ is too large (weak targets want γ ≈ 0.2), it shortens w every step. ‖w‖ collapses toward 0, where the 1/σ in the naive step turns it into a jump',
      check: (r) => {
        // σ of z = w·u is ∝ ‖w‖: the step at the collapse is far larger than the steps before it.
        const stepW = r.naive.slice(1).map((st, t) => norm([st.w[0] - r.naive[t].w[0], st.w[1] - r.naive[t].w[1]]));
        expect(Math.max(...stepW.slice(80, 110))).toBeGreaterThan(10 * Math.max(...stepW.slice(0, 60)));
        expect(r.naive[0].gamma).toBe(1);
        near(r.naive[500].gamma, 0.2, 0.1);
        for (let t = 1; t < 80; t++) expect(norm(r.naive[t].w)).toBeLessThan(norm(r.naive[t - 1].w));
      },
    },
    { where: 30, says: 'w·∇w = γ·∂L/∂γ > 0 while γ is too big', check: (r) => r.naive.slice(0, 80).forEach((st) => expect(dot(st.w, st.gradW)).toBeGreaterThan(0)) },
    {
      where: 80,
      says: '‖w‖ is near 0 and the naive loss is still the lower one. But the naive step is ∝ 1/σ: about to jump',
      check: (r) => {
        const stepW = r.naive.slice(1).map((st, t) => norm([st.w[0] - r.naive[t].w[0], st.w[1] - r.naive[t].w[1]]));
        expect(Math.max(...stepW.slice(80, 110))).toBeGreaterThan(5 * Math.max(...stepW.slice(0, 60)));
        expect(norm(r.naive[80].w)).toBeLessThan(0.15 * norm(r.naive[0].w));
        for (let t = 80; t < 87; t++) expect(r.naive[t].loss).toBeLessThan(r.backprop[t].loss);
      },
    },
    {
      where: 87,
      says: 'Single steps throw w across 0: each spikes the naive loss, up to 24× backprop\'s; the next step it drops back',
      check: (r) => {
        expect(r.naive.slice(87, 107).some((st, k) => dot(st.w, r.naive[86 + k].w) < 0)).toBe(true);
        const ratio = r.naive.map((st, t) => st.loss / r.backprop[t].loss);
        const spikes = ratio.map((q, t) => (q > 5 && ratio[t - 1] < q / 2 ? t : -1)).filter((t) => t >= 0);
        expect(spikes[0]).toBe(87);
        expect(Math.max(...ratio)).toBeCloseTo(24, -0.5);
        expect(Math.round(Math.max(...ratio))).toBe(24);
        for (const t of spikes.filter((t) => t < 106)) expect(ratio[t + 1]).toBeLessThan(ratio[t] / 2);
      },
    },
    {
      where: 110,
      says: 'Thrown out to ‖w‖ ≈ 1.9 in a worse direction, naive learns slowly: its loss stays about 6× backprop\'s',
      check: (r) => {
        near(norm(r.naive[110].w), 1.9, 0.05);
        for (let t = 110; t <= 500; t++) near(r.naive[t].loss / r.backprop[t].loss, 6, 0.7);
      },
    },
  ],
};

/** Numbers, except section references (§2): a citation, not a claim about the run. */
const NUMBER = /(?<!§)\d+(?:\.\d+)?/g;

describe.each(Object.keys(CLAIMS))('narration of %s', (name) => {
  const s = builtin(name);
  const ctx = narrationContext(s);
  const texts: Array<[Claim['where'], string]> = [['summary', s.summary], ...s.captions.map((c): [number, string] => [c.at, renderNarration(c.text, ctx)])];

  it('every number it states is inside a claim checked below, and every placeholder computes', () => {
    for (const [where, text] of texts) {
      expect(templateProblem(where === 'summary' ? text : s.captions.find((c) => c.at === where)!.text)).toBeNull();
      expect(text).not.toMatch(/[{}]/);
      const claims = CLAIMS[name].filter((c) => c.where === where);
      for (const c of claims) expect(text, `${where}: "${c.says}"`).toContain(c.says);
      for (const m of text.matchAll(NUMBER)) {
        const covered = claims.some((c) => {
          const from = text.indexOf(c.says);
          return m.index >= from && m.index < from + c.says.length;
        });
        expect(covered, `${name} ${where}: "${m[0]}" in "${text}" is claimed by no test`).toBe(true);
      }
    }
  });

  const r = run(s, 500);
  it.each(CLAIMS[name].map((c) => [String(c.where), c.says, c] as const))('%s: %s', (_w, _s, c) => c.check(r, s));
});

describe('narration that depends on η follows the η in use', () => {
  it('paper-bias with --lr 0.5 says η·ȳ = 0.43, which is the step the run takes', () => {
    const s = applyOverrides(builtin('paper-bias'), { learningRate: 0.5 });
    const r = run(s, 3);
    const text = renderNarration(s.captions.find((c) => c.at === 40)!.text, narrationContext(s));
    expect(text).toContain('η·ȳ = 0.43 to b');
    expect((r.naive[1].b - r.naive[0].b).toPrecision(2)).toBe('0.43');
  });

  it('caption() renders the placeholders of the caption in force', () => {
    const s = builtin('paper-bias');
    const st = run(s, 0).naive[0];
    const both = { naive: st, backprop: st };
    const c = caption({ scenario: s, step: 45, baseline: both, latest: both, divergedAt: { naive: null, backprop: null } });
    expect(c.narration).toContain('η·ȳ = 0.085');
  });

  it('templateProblem names a bad placeholder; renderNarration leaves it as written', () => {
    expect(templateProblem('{eta*nope}')).toMatch(/unknown name 'nope'/);
    expect(templateProblem('{eta*(ybar}')).toMatch(/expected '\)'/);
    expect(templateProblem('{eta:0}')).toMatch(/digits/);
    expect(renderNarration('a {eta*nope} b', { eta: 1 })).toBe('a {eta*nope} b');
    expect(renderNarration('{2*eta^2:3} {-eta} {abs(-eta)+sqrt(4)}', { eta: 0.5 })).toBe('0.500 −0.50 2.5');
  });
});
