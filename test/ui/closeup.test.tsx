import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { num } from '../../src/output/explain.js';
import { closeUp, closeUpAt } from '../../src/session/closeup.js';
import { Pair } from '../../src/session/pair.js';
import { cellWidth } from '../../src/text/cells.js';
import { bar, CloseUp, closeUpLines } from '../../src/ui/components/CloseUp.js';
import { ASCII_GLYPHS, UNICODE } from '../../src/ui/glyphs.js';
import { builtin } from '../scenarios/helpers.js';

/**
 * The close-up view (key c): its claims asserted from the numbers (E[x + Δb] = E[x] + Δb, x̂
 * unchanged, the identity, the breaking term), and those numbers found in the rendered frame.
 */

const frame = (c: ReturnType<typeof closeUpAt>, columns: number, rows: number, o: { ascii?: boolean; scroll?: number } = {}) => {
  // Ink's own renderer at the terminal's width (ink-testing-library's stdout is 100 columns).
  return renderToString(<CloseUp c={c} width={columns} height={rows} scroll={o.scroll ?? 0} g={o.ascii ? ASCII_GLYPHS : UNICODE} />, { columns });
};

/** The whole close-up, unscrolled, in a window tall enough for all of it. */
const whole = (c: ReturnType<typeof closeUpAt>, columns: number, ascii = false) =>
  frame(c, columns, closeUpLines(c, columns, ascii ? ASCII_GLYPHS : UNICODE).length + 2, { ascii });

describe('close-up of paper-bias: the step cancels, and the frame shows it with the numbers', () => {
  const c = closeUpAt(builtin('paper-bias'), 5);
  const n = c.naive!;

  it('the numbers: every x moves by Δb, so E[x + Δb] = E[x] + Δb, x̂ unchanged, both sides of the identity equal', () => {
    expect(n.deltaB).toBeGreaterThan(0.01);
    expect(Math.abs(n.meanXNext - n.meanX - n.deltaB)).toBeLessThanOrEqual(n.roundOff);
    for (const e of n.examples) {
      expect(Math.abs(e.xNext - e.x - n.deltaB)).toBeLessThanOrEqual(n.roundOff);
      expect(Math.abs(e.xhatNext - e.xhat)).toBeLessThanOrEqual(n.roundOff);
    }
    expect(Math.abs(n.identity.left - n.identity.right)).toBeLessThanOrEqual(n.roundOff);
    // The left side, computed from its own parts: u₇ + (b + Δb) − E[x′].
    expect(n.identity.u[0] + (n.identity.b + n.identity.deltaB) - n.identity.meanXNext).toBeCloseTo(n.identity.left, 12);
  });

  it('the frame: the identity with the probe\'s numbers on both sides, E[x + Δb] = E[x] + Δb and why', () => {
    const text = whole(c, 100);
    const prose = text.replace(/\s*\n\s*/g, ' ');
    const id = n.identity;
    expect(id.index).toBe(7);
    expect(text).toContain(`u₇ + (b + Δb) − E[u + (b + Δb)] = ${num(id.u[0])} + (${num(id.b)} + ${num(id.deltaB)}) − ${num(id.meanXNext)} = ${num(id.left)}`);
    expect(text).toMatch(new RegExp(`u₇ \\+ b − E\\[u \\+ b\\] += ${num(id.u[0])} \\+ ${num(id.b)} − ${num(id.meanX)} = ${num(id.right)}`));
    expect(num(id.left)).toBe(num(id.right));
    expect(text).toContain(`E[x + Δb] = E[x] + Δb = ${num(n.meanX)} + ${num(n.deltaB)} = ${num(n.meanX + n.deltaB)}`);
    expect(prose).toContain('Δb is one number added to every example');
    // Why Δb ∝ −∂ℓ/∂x̂, the naive estimate beside the true ∂L/∂b (0 here), and where the layer sits.
    expect(text).toContain(`naive rule's estimate of ∂L/∂b (E[x] held constant) = (1/m)·Σᵢ ∂ℓ/∂x̂ᵢ = ${num(n.gradB)}`);
    expect(prose).toContain('this is why the paper writes Δb ∝ −∂ℓ/∂x̂');
    expect(text).toMatch(/previous layer's output h → u = W·h → x = u \+ b → x̂ = x − E\[x\]/);
    expect(prose).toContain('Batch Normalization puts the nonlinearity θ after the normalization');
  });

  it('the bars: x moves by the same amount for every example, x̂ bars stay where they were', () => {
    const text = whole(c, 100);
    for (const e of n.examples) {
      const row = text.split('\n').find((l) => l.trimStart().startsWith(`${e.index}  `) && /[█▏▎▍▌▋▊▉]/.test(l));
      expect(row, `bars of example ${e.index}`).toBeDefined();
    }
    // x̂ before and after are the same bar (unchanged to round-off), x before and after differ by Δb.
    expect(bar(n.examples[0].xhat, -3, 3, UNICODE)).toBe(bar(n.examples[0].xhatNext, -3, 3, UNICODE));
    expect(bar(0.5, 0, 1, UNICODE)).toBe('█████     ');
    expect(bar(0.5625, 0, 1, UNICODE)).toBe('█████▋    ');
    expect(bar(0.5, 0, 1, ASCII_GLYPHS)).toBe('#####.....');
  });

  it('fits 80×24 (scrolled, saying how much is left) and uses the room at 200×55, side by side', () => {
    const small = frame(c, 80, 22).split('\n');
    expect(small.length).toBeLessThanOrEqual(22);
    for (const l of small) expect(cellWidth(l)).toBeLessThanOrEqual(80);
    expect(small.join('\n')).toContain('u₇ + (b + Δb) − E[u + (b + Δb)]');
    expect(small[small.length - 1]).toMatch(/1–20( of |\/)\d+ .*↑\/↓.* s steps.* · \d+ more below$/);
    const scrolled = frame(c, 80, 22, { scroll: 10 }).split('\n');
    expect(scrolled[scrolled.length - 1]).toMatch(/11–30( of |\/)\d+/);
    const big = frame(c, 200, 53).split('\n');
    for (const l of big) expect(cellWidth(l)).toBeLessThanOrEqual(200);
    // Both models' identities on the same screen.
    expect(big.filter((l) => (l.match(/u₇ \+ \(b \+ Δb\)/g) ?? []).length === 2)).toHaveLength(1);
  });

  it('--ascii: ASCII only, Δ and ∂ spelled apart', () => {
    const text = whole(c, 100, true);
    expect([...text].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(text).toContain('u_7 + (b + delta_b) - E[u + (b + delta_b)]');
    expect(text).toContain('dL/db');
    // Scrolled at 80×24: the keys line names the arrows in words, the chain breaks between links.
    const small = frame(c, 80, 22, { ascii: true });
    expect(small).toMatch(/up\/down/);
    expect(small).toContain('-> x^ = x - E[x]');
  });
});

describe('close-up: where the step does not cancel, the breaking term with its number', () => {
  it('nonlinearity (tanh before centring): θ′ differs across examples, the shift is not uniform', () => {
    const c = closeUpAt(builtin('nonlinearity'), 100);
    const n = c.naive!;
    const a = n.breaks.activation!;
    expect(a.slopeMax - a.slopeMin).toBeGreaterThan(0.01);
    // Each example moves by about θ′(zᵢ)·Δb (first order), not by Δb.
    for (const e of n.examples) expect(e.shift).toBeCloseTo(e.slope * n.deltaB, 5);
    expect(n.shiftSpread).toBeGreaterThan(n.roundOff * 1e3);
    const text = whole(c, 100);
    expect(text).toContain(`the spread of θ′(zᵢ)·Δb is ${num(a.spread)}`);
    expect(text).toContain(`The sides differ by ${num(n.identity.gap)}: the step does not cancel.`);
  });

  it('scale-drift (standardize with a learned w): the weight term', () => {
    const c = closeUpAt(builtin('scale-drift'), 50);
    const n = c.naive!;
    expect(n.breaks.weight).toBeDefined();
    expect(n.learnsB).toBe(false);
    expect(n.deltaB).toBe(0);
    const text = whole(c, 110);
    expect(text).toContain('b is not learned in this scenario: Δb = 0');
    expect(text).toContain(`∂L/∂w = ${num(n.grad.w[0])}`);
  });

  it('minibatch: the batch mean and the running mean, with their numbers', () => {
    const c = closeUpAt(builtin('minibatch'), 12);
    const mb = c.naive!.breaks.minibatch!;
    expect(mb.batchMean).not.toBeCloseTo(mb.setMean, 6);
    expect(mb.evalShift).not.toBeNull();
    expect(mb.evalShift!).toBeCloseTo(c.naive!.deltaB - (mb.runningMeanNext! - mb.runningMean!), 14);
    const text = whole(c, 100);
    expect(text).toContain(`this batch's mean E_B[x] = ${num(mb.batchMean)} is not the training set's E[x] = ${num(mb.setMean)}`);
  });
});

describe('the identity holds to round-off at every step of paper-bias', () => {
  it('steps 0 to 400, both models, from the trainers the live view steps', () => {
    const s = builtin('paper-bias');
    const pair = new Pair(s);
    for (let t = 0; t <= 400; t++) {
      const c = closeUp(s, { naive: pair.naive, backprop: pair.backprop }, pair.naive.spec.probe);
      for (const m of [c.naive!, c.backprop!]) {
        expect(Math.abs(m.identity.gap), `step ${t} ${m.rule}`).toBeLessThanOrEqual(m.roundOff);
        expect(Math.abs(m.meanGap), `step ${t} ${m.rule}`).toBeLessThanOrEqual(m.roundOff);
        expect(m.xhatChange, `step ${t} ${m.rule}`).toBeLessThanOrEqual(m.roundOff);
      }
      // The close-up shows the step the trainer then takes: its b moves by exactly the Δb shown.
      const b = pair.naive.net.params.b;
      pair.advance(1);
      expect(pair.naive.net.params.b - b).toBeCloseTo(c.naive!.deltaB, 14);
    }
  });
});
