import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { LiveSession, type LiveView } from '../../src/session/live.js';
import { helpFrame, helpLineText } from '../../src/ui/components/Help.js';
import { glyphsFor } from '../../src/ui/glyphs.js';
import { cellWidth } from '../../src/text/cells.js';
import { builtin, gradientAt, run } from '../scenarios/helpers.js';
import { scenario, session, source } from '../session/helpers.js';
import { frame } from './frame.js';

/** The frame for a session at a terminal size with the help open, as the live view draws it. */
function helpOpen(s: LiveSession, columns: number, rows: number, o: { ascii?: boolean; view?: Partial<LiveView> } = {}) {
  const { out, lines } = frame(s, columns, rows, { ...o, help: true });
  const closingAt = lines.findIndex((l) => l.includes('esc closes help'));
  // The overlay: between the header and its closing line.
  return { out, lines, body: lines.slice(1, closingAt), closing: lines[closingAt] };
}

const squash = (lines: string[]) => lines.map((l) => l.trim()).join(' ').replace(/\s+/g, ' ');
const nonBlank = (lines: string[]) => lines.filter((l) => l.trim() !== '');
const builtins = new Map(BUILTIN_ORDER.map((name) => [name, builtin(name)]));
/** A built-in as the live view starts it: named, and placed in the library for the title. */
const forBuiltin = (name: string) =>
  session({
    initial: { name, arg: name, builtin: true, scenario: builtins.get(name)! },
    source: source(Object.fromEntries(builtins)),
    paused: true,
  });

/** The replay command's lines as shown: from "replay" to the blank line after it. */
function replayLines(body: string[]): string[] {
  const at = body.findIndex((l) => l.startsWith(' replay '));
  const end = body.findIndex((l, i) => i > at && l.trim() === '');
  return body.slice(at, end);
}

/** What a shell makes of the text: the arguments `normdrift` would get, one per line. */
function shellWords(text: string): string[] {
  const script = `normdrift() { for a; do printf '%s\\n' "$a"; done; }\n${text}\n`;
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\n').slice(0, -1);
}

describe('the help overlay’s equations', () => {
  it('follow each built-in’s activation: θ′ when θ is not the identity, ∂ℓ/∂b = 0 only when it is', () => {
    for (const name of BUILTIN_ORDER) {
      const s = forBuiltin(name);
      const { activation } = s.scenario.model;
      expect(s.view(1).activation, name).toBe(activation);
      const text = squash(helpOpen(s, 120, 80).body);
      if (activation === 'identity') {
        expect(text, name).toContain('∂ℓ/∂b = 0');
        expect(text, name).not.toMatch(/θ′|tanh′|relu′/);
      } else {
        expect(text, name).toContain(`${activation}′(zᵢ)`);
        expect(text, name).not.toContain('∂ℓ/∂b = 0');
        // The nonlinear scenarios centre: backprop's ∂ℓ/∂xᵢ still sums to 0, but θ′ weighs it.
        expect(text, name).toContain(`∂ℓ/∂b = Σᵢ (${activation}′(zᵢ) − mean(${activation}′(z)))·∂ℓ/∂xᵢ`);
      }
    }
  });

  it('say the same for every normalization × activation, in ASCII too', () => {
    for (const normalize of ['center', 'standardize'] as const)
      for (const activation of ['identity', 'tanh', 'relu'] as const) {
        const s = session({ scenario: scenario(`model: {activation: ${activation}, normalize: ${normalize}}`), paused: true });
        const what = `${normalize} × ${activation}`;
        const text = squash(helpOpen(s, 100, 80).body);
        const ascii = squash(helpOpen(s, 100, 80, { ascii: true }).body);
        expect(ascii, what).toMatch(/^[\x00-\x7f]*$/);
        if (activation === 'identity') {
          expect(text, what).toContain('∂ℓ/∂b = 0');
          expect(ascii, what).toContain('dl/db = 0');
        } else {
          expect(text, what).toContain(`∂ℓ/∂b = Σᵢ ${activation}′(zᵢ)·∂ℓ/∂xᵢ`);
          expect(text, what).not.toContain('∂ℓ/∂b = 0');
          expect(ascii, what).toContain(`dl/db = sum_i (${activation}'(z_i) - mean(${activation}'(z)))*dl/dx_i`);
        }
        if (normalize === 'standardize') {
          expect(text, what).toContain('∂ℓ/∂xᵢ = (∂ℓ/∂x̂ᵢ) / √(Var[x] + ε).');
          expect(text, what).toContain('∂ℓ/∂xᵢ = (∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂) − x̂ᵢ·mean(∂ℓ/∂x̂·x̂)) / √(Var[x] + ε).');
        } else {
          expect(text, what).toContain('∂ℓ/∂xᵢ = ∂ℓ/∂x̂ᵢ,');
          expect(text, what).toContain('∂ℓ/∂xᵢ = ∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂)');
        }
      }
  });

  /**
   * The equations as arithmetic, checked against the engine: x = θ(z), z = w·u + b, with γ and β
   * so that ∂ℓ/∂x̂ᵢ = γ·rᵢ/m is not just the residual. The help's ∂ℓ/∂xᵢ for each rule, then
   * ∂ℓ/∂b = Σᵢ θ′(zᵢ)·∂ℓ/∂xᵢ, which under backprop is Σᵢ (θ′(zᵢ) − mean(θ′(z)))·∂ℓ/∂xᵢ.
   */
  it('are the gradients the engine computes, for every normalization × activation', () => {
    const theta = { identity: (z: number) => z, tanh: Math.tanh, relu: (z: number) => Math.max(0, z) };
    const slope = { identity: () => 1, tanh: (z: number) => 1 - Math.tanh(z) ** 2, relu: (z: number) => (z > 0 ? 1 : 0) };
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    for (const normalize of ['center', 'standardize'] as const)
      for (const activation of ['identity', 'tanh', 'relu'] as const)
        for (const epsilon of normalize === 'standardize' ? [0, 0.3] : [0]) {
          const sc = scenario(
            `data: {n: 16, dims: 2, y: {slope: [1, -0.5], intercept: 0.8, noise: 0.2}}\n` +
              `model: {weight: {init: [0.9, -0.4]}, bias: {init: 0.3}, activation: ${activation}, normalize: ${normalize}, epsilon: ${epsilon}}`,
          );
          const r = run(sc, 0);
          const [w, b] = [[0.9, -0.4], 0.3];
          const z = r.u.map((u) => w[0] * u[0] + w[1] * u[1] + b);
          const x = z.map(theta[activation]);
          const d = z.map(slope[activation]);
          const mu = mean(x);
          const s = normalize === 'standardize' ? Math.sqrt(mean(x.map((v) => (v - mu) ** 2)) + epsilon) : 1;
          const xhat = x.map((v) => (v - mu) / s);
          const m = x.length;
          const g = xhat.map((v, i) => (v - r.y[i]) / m); // γ = 1, β = 0
          const gBar = mean(g);
          const gXhatBar = mean(g.map((v, i) => v * xhat[i]));
          const dx = {
            naive: g.map((v) => v / s),
            backprop: g.map((v, i) => (v - gBar - (normalize === 'standardize' ? xhat[i] * gXhatBar : 0)) / s),
          };
          const what = `${normalize} × ${activation}, ε = ${epsilon}`;
          for (const rule of ['naive', 'backprop'] as const) {
            const engine = gradientAt(r, rule, w, b);
            const gradB = dx[rule].reduce((a, v, i) => a + d[i] * v, 0);
            expect(engine.b, `${what}: ${rule} ∂ℓ/∂b`).toBeCloseTo(gradB, 12);
            for (const k of [0, 1])
              expect(engine.w[k], `${what}: ${rule} ∂ℓ/∂w`).toBeCloseTo(
                dx[rule].reduce((a, v, i) => a + d[i] * v * r.u[i][k], 0),
                12,
              );
          }
          // Backprop: Σᵢ ∂ℓ/∂xᵢ = 0, so only θ′ varying from example to example leaves a ∂ℓ/∂b.
          expect(mean(dx.backprop), what).toBeCloseTo(0, 14);
          const dBar = mean(d);
          const bp = gradientAt(r, 'backprop', w, b);
          expect(bp.b, what).toBeCloseTo(dx.backprop.reduce((a, v, i) => a + (d[i] - dBar) * v, 0), 12);
          if (activation === 'identity') expect(bp.b, what).toBeCloseTo(0, 12);
          else expect(Math.abs(bp.b), what).toBeGreaterThan(1e-4);
          // Standardizing without θ: scaling w (and b) changes nothing when ε = 0, so w·∂ℓ/∂w = 0.
          if (normalize === 'standardize' && activation === 'identity') {
            const radial = w[0] * bp.w[0] + w[1] * bp.w[1];
            if (epsilon === 0) expect(radial, what).toBeCloseTo(0, 12);
            else expect(Math.abs(radial), what).toBeGreaterThan(1e-4);
          }
        }
  });
});

describe('the help overlay in a narrow, tall window', () => {
  it('shows every paragraph whole, with no "…", while rows are left', () => {
    const s = forBuiltin('nonlinearity');
    const { body, closing } = helpOpen(s, 50, 120);
    expect(closing).toMatch(/^ \? or esc closes help\s*$/);
    expect(body.join('\n')).not.toContain('…');
    const text = squash(body).replace(/\u00a0/g, ' ');
    expect(text).toContain('Ioffe & Szegedy (2015), §2:');
    expect(text).toContain('Batch Normalization (§3) differentiates through the statistics.');
    expect(text).toContain('≈0 = zero up to round-off.');
    expect(text).toContain(`nonlinearity (5/8): ${s.scenario.title}`);
  });

  it('wraps a long equation onto as many lines as it takes', () => {
    const s = session({ scenario: scenario('model: {activation: relu, normalize: standardize}'), paused: true });
    const { body } = helpOpen(s, 41, 120);
    const text = squash(body);
    expect(body.join('\n')).not.toContain('…');
    expect(text).toContain('∂ℓ/∂xᵢ = (∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂) − x̂ᵢ·mean(∂ℓ/∂x̂·x̂)) / √(Var[x] + ε).');
    expect(text).toContain('∂ℓ/∂b = Σᵢ (relu′(zᵢ) − mean(relu′(z)))·∂ℓ/∂xᵢ');
  });

  it('counts the lines it leaves out, "1 more line" for one, and shortens the closing line to fit', () => {
    let single = 0;
    let shortened = 0;
    for (const name of ['nonlinearity', 'paper-bias'])
      for (const ascii of [false, true])
        for (const columns of [41, 44, 50, 60, 80]) {
          const s = forBuiltin(name);
          const all = helpOpen(s, columns, 200, { ascii });
          for (let rows = 8; rows <= 60; rows++) {
            const f = helpOpen(s, columns, rows, { ascii });
            if (f.closing === undefined) continue; // too small for the dashboard at all
            const where = `${name} ${columns}×${rows}${ascii ? ' ascii' : ''}`;
            const sep = ascii ? ' \\| ' : ' · ';
            const keys = ascii ? 'up/down' : '↑/↓';
            expect(f.closing, where).toMatch(new RegExp(`^ \\? or esc closes help(${sep}\\d+ more lines?(: ${keys}( PgUp/PgDn)? scroll| \\(${keys}\\))?)?\\s*$`));
            expect(cellWidth(f.closing), where).toBeLessThanOrEqual(columns);
            const more = Number(/(\d+) more line/.exec(f.closing)?.[1] ?? NaN);
            const left = nonBlank(all.body).length - nonBlank(f.body).length;
            if (Number.isNaN(more)) {
              // No count only when none is left or it does not fit.
              if (left > 0) expect(cellWidth(` ? or esc closes help · ${left} more ${left === 1 ? 'line' : 'lines'}`), where).toBeGreaterThan(columns - 1);
              continue;
            }
            expect(more, where).toBe(left);
            if (more === 1) {
              expect(f.closing, where).toMatch(/ 1 more line(:| |\s*$)/);
              single++;
            } else expect(f.closing, where).toMatch(/ \d+ more lines/);
            if (!f.closing.includes('PgUp/PgDn scroll')) {
              expect(cellWidth(` ? or esc closes help · ${more} more ${more === 1 ? 'line' : 'lines'}: ${keys} PgUp/PgDn scroll`), where).toBeGreaterThan(columns - 1);
              shortened++;
            }
          }
        }
    expect(single).toBeGreaterThan(0);
    expect(shortened).toBeGreaterThan(0);
    }, 120_000); // ~1,000 frames through Ink: seconds alone, far more on a loaded 2-core machine

  it('shows the same lines as a taller window, up to a cut marked with "…"', () => {
    const s = forBuiltin('nonlinearity');
    const full = helpOpen(s, 50, 200).body;
    let cuts = 0;
    for (let rows = 12; rows <= 60; rows++) {
      const { body, closing } = helpOpen(s, 50, rows);
      if (closing === undefined) continue; // too small for the dashboard at all
      const end = body.length - 1;
      expect(body.slice(0, end), `${rows} rows`).toEqual(full.slice(0, end));
      const cut = (full[end + 1] ?? '').trim() !== '' && full[end].trim() !== '';
      if (cut) expect(body[end].trimEnd(), `${rows} rows`).toMatch(/…$/);
      else expect(body[end], `${rows} rows`).toBe(full[end]);
      cuts += cut ? 1 : 0;
    }
    expect(cuts).toBeGreaterThan(0);
  });
});

describe('the replay command in the help', () => {
  const command = (lines: string[]) =>
    lines
      .map((l, i) => {
        expect(l.slice(0, 8)).toBe(i === 0 ? ' replay ' : ' '.repeat(8));
        return l.slice(8).replace(/ \\$/, '');
      })
      .join(' ');

  it('ends every wrapped line but the last with " \\", and the lines join back into the command', () => {
    let wrapped = 0;
    for (const name of ['paper-bias', 'nonlinearity-relu'])
      for (const columns of [41, 45, 50, 57, 60, 80, 120]) {
        const s = forBuiltin(name);
        const replay = replayLines(helpOpen(s, columns, 60).body);
        const where = `${name} at ${columns}`;
        replay.forEach((l, i) => {
          expect(cellWidth(l), where).toBeLessThanOrEqual(columns);
          expect(l.endsWith(' \\'), `${where}, line ${i}`).toBe(i < replay.length - 1);
          // A flag keeps its value on its line.
          expect(l, `${where}, line ${i}`).not.toMatch(/ --\w+ \\$/);
        });
        expect(command(replay), where).toBe(s.view(1).replay);
        wrapped += replay.length > 1 ? 1 : 0;
      }
    expect(wrapped).toBeGreaterThan(0);
  });

  it('cut by the window height, ends in "…" instead of a continuation that would escape it', () => {
    const view = forBuiltin('nonlinearity').view(1);
    const g = glyphsFor(false);
    const text = (height: number) => helpFrame(view, 50, height, g).map(helpLineText);
    // The title's two lines, then the replay command's first line: the window has room for three.
    expect(text(6).slice(2, 4)).toEqual([' replay normdrift nonlinearity --seed 1 \\', '        --lr 0.2 --speed 60']);
    const cut = text(4);
    expect(cut[2]).toBe(' replay normdrift nonlinearity --seed 1…');
    expect(cut[3]).toMatch(/^ \? or esc closes help · \d+ more lines/);
  });

  it('pastes into a shell as the one command, quoted words kept whole', () => {
    const sc: Scenario = builtin('paper-bias');
    const arg = "my scenarios/it's a test.yaml";
    const s = new LiveSession({
      initial: { name: 'test', arg, builtin: false, scenario: sc },
      source: source({}),
      paused: true,
      replayFlags: ['--ascii'],
    });
    const want = s.view(1).replay;
    expect(want).toContain("'my scenarios/it'\\''s a test.yaml'");
    const words = ['--seed', '42', '--lr', '0.1', '--speed', '60', '--ascii'];
    expect(shellWords(want)).toEqual([arg, ...words]);
    // At 41 columns the quoted path is longer than a line: cut, and marked so.
    expect(replayLines(helpOpen(s, 41, 60).body).join('\n')).toContain('…');
    for (const columns of [50, 60, 70]) {
      const replay = replayLines(helpOpen(s, columns, 60).body);
      expect(replay.length, `${columns}`).toBeGreaterThan(1);
      // What a reader selects: from "normdrift" on, every line as it stands, indentation and all.
      const pasted = [replay[0].slice(8), ...replay.slice(1)].join('\n');
      expect(shellWords(pasted), `${columns}:\n${pasted}`).toEqual([arg, ...words]);
      expect(command(replay), `${columns}`).toBe(want);
    }
  });
});
