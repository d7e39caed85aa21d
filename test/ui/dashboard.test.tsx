import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveSession, LiveView } from '../../src/session/live.js';
import { MAX_SPEED } from '../../src/session/clock.js';
import { cellWidth } from '../../src/text/cells.js';
import { NAIVE_DIVERGES, paperBias, scenario, session } from '../session/helpers.js';
import { builtin } from '../scenarios/helpers.js';
import { frame } from './frame.js';

/** Columns [from, to) of a line, counted in terminal cells (x̂ is two code units, one cell). */
function cells(line: string, from: number, to = Infinity): string {
  let out = '';
  let w = 0;
  for (const ch of line) {
    const cw = cellWidth(ch);
    if (w >= from && w + cw <= to) out += ch;
    else if (cw === 0 && w > from && w <= to) out += ch;
    w += cw;
  }
  return out;
}

function stepped(n: number, sc = paperBias()) {
  const s = session({ scenario: sc, paused: true });
  for (let i = 0; i < n; i++) s.dispatch('step');
  return s;
}

describe('the dashboard', () => {
  const s = stepped(30);

  it('shows both panels side by side with the same rows in the same order at 120×40', () => {
    const { lines, layout } = frame(s, 120, 40);
    expect(layout.kind).toBe('side');
    expect(lines[0]).toMatch(/^ normdrift · The paper's example .*step 30 · paused · seed 42$/);
    expect(lines[1]).toMatch(/^╭─ naive: E\[x\] held constant in the gradient ─+╮╭─ backprop: gradient flows through E\[x\] ─+╮$/);
    const labels = ['bias b', 'E[x]', 'x̂ ex.7', 'x̂ spread', 'loss', '∂L/∂b'];
    labels.forEach((label, i) => {
      const line = lines[2 + i];
      const [left, right] = [cells(line, 0, 60), cells(line, 60)];
      // The naive panel's gradient is the naive rule's estimate: ~∂L/∂b.
      expect(left.startsWith(`│ ${label === '∂L/∂b' ? '~∂L/∂b' : label}`), left).toBe(true);
      expect(right.startsWith(`│ ${label}`), right).toBe(true);
    });
  });

  it('draws the naive climb, the flat lines labelled flat, and the change since step 0', () => {
    const { lines } = frame(s, 120, 40);
    const bias = lines[2];
    const naive = cells(bias, 0, 60);
    const backprop = cells(bias, 60);
    expect(naive).toMatch(/│ bias b\s+[▁▂▃▄▅▆▇]+█\s+2\.5\d\d \+2\.5\d\d\s+│/);
    // Round-off or exactly zero, depending on the engine's order of operations: either way not a number.
    expect(backprop).toMatch(/│ bias b\s+─+\s+≈?0 ≈?0\s+flat │/);
    for (const row of [4, 6]) {
      expect(cells(lines[row], 0, 60)).toMatch(/─+ .* flat │$/);
      expect(cells(lines[row], 60)).toMatch(/─+ .* flat │$/);
    }
  });

  it('never draws NaN and never exceeds rows − 1 lines or the width, at any size', () => {
    const sessions = [s, stepped(3, scenario(NAIVE_DIVERGES)), stepped(5, scenario('data: {dims: 3}\nmodel: {weight: {init: [1, 0, 0], learn: true}, normalize: standardize, affine: true}\ntraining: {runningMomentum: 0.1}'))];
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 220 }), fc.integer({ min: 2, max: 60 }), fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.boolean(), (c, r, which, ascii, help) => {
        const { out, lines } = frame(sessions[which], c, r, { ascii, help });
        expect(lines.length).toBeLessThanOrEqual(r - 1);
        for (const l of lines) expect(cellWidth(l)).toBeLessThanOrEqual(c);
        expect(out).not.toMatch(/NaN|Infinity|undefined/);
      }),
      { numRuns: 120 },
    );
  });

  it('keeps the panels side by side at 80×24, compact, and fits the caption and the keys', () => {
    const { lines, layout } = frame(s, 80, 24);
    expect(layout).toMatchObject({ kind: 'side', compact: true });
    expect(lines).toHaveLength(23);
    expect(lines[1]).toMatch(/^ naive: .{30,} backprop: /);
    // Each row: naive's label, sparkline and value, then backprop's on the same line.
    expect(lines.find((l) => l.startsWith(' bias b'))).toMatch(/^ bias b\s+\S+\s+2\.5\d*\s+bias b\s+─+\s+0$/);
    expect(lines.join('\n')).toContain('The naive step moved b by +2.5');
    // The session is paused (stepped by hand): space would resume it.
    expect(lines[22]).toMatch(/^ space resume · s step · .*n\/p scenario · c explain · \? help · q quit/);
  });

  it('shows "diverged at step t" in the diverged model’s panel instead of numbers', () => {
    const d = stepped(3, scenario(NAIVE_DIVERGES));
    const { lines } = frame(d, 160, 30);
    // The panel's rows (the caption below it names the event, in words of its own).
    const naive = lines.filter((l) => /^[│╭╰]/.test(l)).map((l) => cells(l, 0, 80)).join('\n');
    const backprop = lines.map((l) => cells(l, 80)).join('\n');
    expect(lines[1]).toContain('naive: E[x] and Var[x] held constant in the gradient · diverged at step 1');
    expect(naive).toContain('│ diverged at step 1');
    expect(naive).not.toMatch(/bias b|loss /);
    expect(backprop).toMatch(/│ w\s+─+\s+1\.000 0\s+flat │/);
    expect(lines.join('\n')).toContain('naive diverged at step 1 (a value overflowed) and stopped');
    // Narrower, the explanation wraps into the panel's empty rows instead of being cut.
    const narrow = frame(d, 100, 30).lines.map((l) => cells(l, 0, 50).replace(/[│ ]+$/, '').replace(/^│ /, ''));
    expect(narrow.join(' ')).toContain('A value overflowed or hit 0/0; this network stopped updating.');
  });

  it('shows w, γ, β, Var[x] and the eval loss, with ‖w‖ for several inputs', () => {
    const bn = stepped(20, scenario('data: {dims: 3}\nmodel: {weight: {init: [1, 0.5, 0], learn: true}, normalize: standardize, affine: true}\ntraining: {runningMomentum: 0.1}'));
    const { out } = frame(bn, 140, 40);
    for (const label of ['Var[x]', 'eval loss', '‖w‖', 'γ', 'β']) expect(out).toContain(`│ ${label} `);
    expect(out).toContain('naive: E[x] and Var[x] held constant in the gradient');
  });

  it('the help overlay explains both networks, the equations and every key', () => {
    const { out } = frame(s, 100, 40, { help: true });
    expect(out).toContain('paper-bias (1/1)');
    expect(out).toMatch(/naive\s+x̂ᵢ = xᵢ − E\[x\], with E\[x\] treated as a constant/);
    expect(out).toMatch(/backprop\s+the gradient flows through E\[x\] too/);
    expect(out.replace(/\u00a0/g, ' ')).toContain('u + (b + Δb) − E[u + (b + Δb)] = u + b − E[u + b]');
    for (const k of ['space', 'pause', 'R', 'new seed', 'n', 'next scenario', 'q', 'quit', 'Ctrl+C']) expect(out).toContain(k);
    // Keys by the names printed on a keyboard; the four scroll keys one entry.
    expect(out).toMatch(/\[ ←\s+previous stop/);
    expect(out).toMatch(/↑ ↓ k j\s+scroll; PgUp\/PgDn a page/);
    expect(out).not.toMatch(/pageup|pagedown|ctrl\+c/);
    expect(out).not.toContain('╭─ naive');
    // In a small window the keys come before the prose. With the presenter, close-up and chart
    // keys the table no longer fits 80×24's first page: there the help scrolls (help.test.tsx).
    const small = frame(s, 80, 32, { help: true }).out;
    for (const k of ['pause', 'step', 'faster', 'slower', 'reset', 'new seed', 'next scenario', 'previous scenario', 'export CSV', 'quit (exit 130)'])
      expect(small).toContain(k);
  });

  it('the help overlay shows the command that reproduces the view, right under the title', () => {
    const { lines } = frame(s, 100, 40, { help: true });
    expect(lines[2]).toBe(' replay normdrift paper-bias --seed 42 --lr 0.1 --speed 60');
    // Too long for one line: wrapped at spaces with a shell line continuation, never cut, so the
    // lines pasted together are still one command (the title above wraps to two lines here).
    const narrow = frame(s, 50, 30, { help: true }).lines;
    expect(narrow.slice(3, 5)).toEqual([' replay normdrift paper-bias --seed 42 --lr 0.1 \\', '        --speed 60']);
    expect(narrow.slice(3, 5).map((l) => l.slice(8).replace(/ \\$/, '')).join(' ')).toBe('normdrift paper-bias --seed 42 --lr 0.1 --speed 60');
  });

  it('--ascii draws with ASCII only', () => {
    const { out } = frame(s, 100, 30, { ascii: true });
    expect(out).toMatch(/^[\x00-\x7f]*$/);
    expect(out).toContain('+- naive: E[x] held constant in the gradient');
    expect(out).toMatch(/\| bias b\s+[_.:=+*#]+@\s+2\.5\d\d \+2\.5\d\d/);
    expect(out).toMatch(/\| loss\s+-+\s+[\d.]+ ~0\s+flat \|/);
    const help = frame(s, 100, 30, { ascii: true, help: true }).out;
    expect(help).toMatch(/^[\x00-\x7f]*$/);
  });

  it('says how big the terminal must be when it is too small', () => {
    const { out } = frame(s, 40, 10);
    expect(out).toMatch(/^terminal too small \(need \d+×\d+\)\nnow 40×10 · q quits$/);
  });

  it('without a keyboard the footer says so instead of listing keys', () => {
    const { lines } = frame(s, 100, 30, { keyboard: false });
    expect(lines.at(-1)).toBe(' no keyboard: stdin is not a terminal · Ctrl+C quits');
  });

  it('scenario text cannot inject escape sequences', () => {
    // The loader accepts any text; the view shows control characters as visible placeholders.
    const sc = { ...paperBias(), title: 'evil \x1b]0;owned\x07 title', captions: [{ at: 0, text: 'hi \x1b[2J there' }] };
    const evil = stepped(1, sc);
    const { out } = frame(evil, 120, 30);
    expect(out).not.toContain('\x1b');
    expect(out).not.toContain('\x07');
    expect(out).toContain('evil ␛]0;owned␇ title');
    expect(out).toContain('hi ␛[2J there');
  });
});

describe('hidden rows', () => {
  it('are counted where the panel has room to say so, bordered or not', () => {
    const bn = stepped(3, scenario('data: {dims: 2}\nmodel: {weight: {init: [1, 0.5], learn: true}, normalize: standardize, affine: true}\ntraining: {runningMomentum: 0.1}'));
    const tall = frame(bn, 80, 40).out;
    expect(tall).not.toContain('hidden');
    const short = frame(bn, 80, 15);
    if (short.layout.kind === 'tooSmall') throw new Error('unreachable');
    expect(short.layout.hidden).toBeGreaterThan(0);
    // On both panels, which hide the same rows.
    expect(short.out.split(short.layout.compact ? `(${short.layout.hidden} hidden)` : `${short.layout.hidden} rows hidden`)).toHaveLength(3);
    const compact = frame(bn, 60, 15);
    if (compact.layout.kind === 'tooSmall') throw new Error('unreachable');
    expect(compact.layout.bordered).toBe(false);
    // Side by side in 30 cells a panel, the note is short enough to keep beside the title.
    const note = compact.layout.compact ? `(${compact.layout.hidden} hidden)` : `(${compact.layout.hidden} rows hidden)`;
    // Side by side (compact): both titles, on one line, say it.
    expect(compact.out.split(note)).toHaveLength(3);
  });
});

describe('the header', () => {
  it('cuts the title at the same place while the step gains digits and the rate changes width', () => {
    const s = stepped(3);
    const titles = new Set<string>();
    for (const step of [5, 50, 500, 5000, 50_000, 500_000])
      for (const rate of [900, 764_000, 1_020_000]) {
        const line = frame(s, 80, 24, { view: { step, speed: MAX_SPEED, rate, paused: false } }).lines[0];
        expect(line, `step ${step}, rate ${rate}`).toContain(`step ${step}`);
        titles.add(line.slice(0, line.indexOf(' step ')).trimEnd());
      }
    expect([...titles]).toHaveLength(1);
    expect([...titles][0]).toMatch(/^ normdrift · The paper's/);
    // Near the engine's pace "(max)" comes and goes, and the step reaches 8 digits: still one cut.
    const fast = new Set<string>();
    for (const step of [5_000_000, 50_000_000])
      for (const behind of [false, true]) {
        const line = frame(s, 80, 24, { view: { step, speed: 1_000_000, behind, rate: behind ? 960_000 : 1_000_000, paused: false } }).lines[0];
        fast.add(line.slice(0, line.indexOf(' step ')).trimEnd());
      }
    expect([...fast]).toHaveLength(1);
    // At the default speed, nothing to fast-forward, the title keeps more room.
    const calm = frame(s, 80, 24, { view: { step: 500, speed: 60, behind: false, paused: false } }).lines[0];
    expect(calm.slice(0, calm.indexOf(' step ')).trimEnd().length).toBeGreaterThan([...fast][0].length);
  });
});

describe('text below the panels', () => {
  const bn = () => stepped(30, builtin('batchnorm-2d'));
  const squash = (lines: string[]) => lines.map((l) => l.trim()).join(' ').replace(/\s+/g, ' ');

  it('a tall window shows the whole caption and the whole summary, not cut while rows stay empty', () => {
    const s = bn();
    const { lines } = frame(s, 120, 40);
    const text = squash(lines);
    expect(text).toContain(s.scenario.summary.replace(/\s+/g, ' ').trim());
    expect(text).toContain(s.view(1).caption.live);
    expect(lines.join('\n')).not.toContain('…');
  });

  it('a short window cuts the summary first, then the caption, and says so with an ellipsis', () => {
    const s = bn();
    // (26 rows: batchnorm-2d's panels are 17 lines with the true ∂L/∂b and w·∂L/∂w rows.)
    const { lines, layout } = frame(s, 120, 26);
    if (layout.kind === 'tooSmall') throw new Error('unreachable');
    expect(lines).toHaveLength(25);
    expect(squash(lines)).toContain(s.view(1).caption.live);
    expect(lines.some((l) => l.trimEnd().endsWith('…'))).toBe(true);
  });
});
