import { describe, expect, it } from 'vitest';
import { explainMarkdown, explainText, num } from '../../src/output/explain.js';
import { closeUpAt } from '../../src/session/closeup.js';
import { cellWidth } from '../../src/text/cells.js';
import { builtin } from '../scenarios/helpers.js';
import { tiny } from '../session/tiny.js';

/**
 * `explain`'s text, checked against a step done by hand: u = (1, 2, 6), y = (1, 0, 2), w = 1,
 * b = 0.5, η = 0.1, centring. x = (1.5, 2.5, 6.5), E[x] = 3.5, x̂ = (−2, −1, 3),
 * ∂ℓ/∂x̂ = x̂ − y = (−3, −1, 1); naive ∂L/∂b = −1, Δb = −0.1 × (−1) = +0.1; next x = (1.6, 2.6, 6.6),
 * E[x′] = 3.6; for the probe, example 2: 6 + (0.5 + 0.1) − 3.6 = 3 = 6 + 0.5 − 3.5.
 */
describe('explain, on a step done by hand', () => {
  const text = explainText(closeUpAt(tiny, 0), { width: 120, ascii: false });

  it('prints the forward pass and each rule\'s gradient with the hand-computed numbers', () => {
    expect(text).toContain('E[x] = (1/m)·Σᵢ xᵢ = 3.5000');
    expect(text).toMatch(/2 ←\s+6\.0000\s+6\.5000\s+3\.0000\s+2\.0000\s+1\.0000\s+6\.6000\s+3\.0000/);
    expect(text).toContain("naive rule's estimate of ∂L/∂b (E[x] held constant) = (1/m)·Σᵢ ∂ℓ/∂x̂ᵢ = −1.0000");
    expect(text).toContain('Δb = −η·∂L/∂b = −0.1000 × (−1.0000) = +0.1000');
  });

  it('fills in the paper\'s identity with the probe\'s numbers on both sides', () => {
    expect(text).toContain('u₂ + (b + Δb) − E[u + (b + Δb)] = 6.0000 + (0.5000 + 0.1000) − 3.6000 = 3.0000');
    expect(text).toMatch(/u₂ \+ b − E\[u \+ b\] +=  ?6\.0000 \+ 0\.5000 − 3\.5000 = 3\.0000/);
    expect(text).toContain('E[x + Δb] = E[x] + Δb = 3.5000 + 0.1000 = 3.6000');
    expect(text).toMatch(/Δb is one number added to every example/);
  });

  it('says where this sits in a network', () => {
    expect(text).toContain("previous layer's output h → u = W·h → x = u + b → x̂ = x − E[x] → γ, β → θ → next layer");
  });
});

describe('explain, laid out', () => {
  const c = closeUpAt(builtin('nonlinearity'), 100);

  it('wraps prose to the width and breaks long equations before an =', () => {
    for (const [width, ascii] of [[60, false], [80, false], [60, true], [80, true]] as const) {
      const lines = explainText(c, { width, ascii }).split('\n');
      const long = lines.filter((l) => cellWidth(l) > width);
      expect(long, long.join('\n')).toEqual([]);
    }
  });

  it('--ascii: ASCII only, and Δ and ∂ spelled apart', () => {
    const t = explainText(closeUpAt(builtin('paper-bias'), 3), { width: 100, ascii: true });
    expect([...t].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(t).toContain('delta_b = -eta*dL/db');
    expect(t).toContain('u_7 + (b + delta_b) - E[u + (b + delta_b)]');
  });

  it('--markdown: a GFM table, equations in code blocks, scenario text escaped and sanitized', () => {
    const md = explainMarkdown(closeUpAt({ ...builtin('paper-bias'), title: 'a | b \u001b[31m' }, 3));
    expect(md).toMatch(/^## a \\\| b ␛\\\[31m: step 3 up close$/m);
    expect(md).toContain('| i | uᵢ | xᵢ | x̂ᵢ | yᵢ | ∂ℓ/∂x̂ᵢ | xᵢ + Δb | x̂′ᵢ |');
    expect(md).toContain('| 7 ← |');
    expect(md).toContain('_and 59 more_');
    expect(md.match(/^```$/gm)!.length % 2).toBe(0);
  });

  it('a model that diverged says so', () => {
    const s = builtin('scale-drift');
    const c2 = closeUpAt({ ...s, training: { ...s.training, learningRate: 1e308 } }, 3);
    expect(c2.naive).toBeNull();
    expect(explainText(c2, { width: 80, ascii: false })).toContain('Naive: diverged');
  });

  it('num: four decimals, exponents outside [1e−4, 1e5), the real minus', () => {
    expect(num(-1)).toBe('−1.0000');
    expect(num(0.1, true)).toBe('+0.1000');
    expect(num(2.2e-16)).toBe('2.20e−16');
    expect(num(123456)).toBe('1.23e5');
    expect(num(0)).toBe('0');
  });
});
