import { describe, expect, it } from 'vitest';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import type { LiveSession } from '../../src/session/live.js';
import { cellWidth, toAscii } from '../../src/text/cells.js';
import { builtin } from '../scenarios/helpers.js';
import { session, source } from '../session/helpers.js';
import { mountApp, tick } from './frame.js';

/**
 * The live view with its charts, as the App draws it at a terminal size: small terminals keep
 * both panels side by side and the caption; big ones fill the screen with charts; w/l/y switch
 * what the charts show; the help scrolls.
 */

const ESC = '\u001b';

/** A built-in run to `steps` as the live view would have it (samples every `every` steps). */
function ranTo(name: string, steps: number, every = 4): LiveSession {
  const sc = builtin(name);
  const s = session({ scenario: sc, source: source({ [name]: sc }), paused: true, stopAt: steps });
  s.fastForward(every);
  return s;
}

function mount(s: LiveSession, columns: number, rows: number, ascii = false) {
  return mountApp(s, { columns, rows, ascii });
}

/** The first few words of a caption, as the view wraps it (a line can end anywhere after them). */
const opening = (text: string, ascii = false) => (ascii ? toAscii(text) : text).split(' ').slice(0, 4).join(' ');

describe('small terminals: both panels side by side, and the caption', () => {
  for (const name of BUILTIN_ORDER)
    for (const [columns, rows] of [
      [80, 24],
      [60, 20],
    ] as const)
      it(`${name} at ${columns}×${rows}`, async () => {
        const s = ranTo(name, 150);
        const m = mount(s, columns, rows);
        await tick();
        const lines = m.lines();
        expect(lines.length).toBeLessThanOrEqual(rows - 1);
        for (const l of lines) expect(cellWidth(l), l).toBeLessThanOrEqual(columns);
        // Naive and backprop titled on one line: side by side, not stacked.
        expect(lines.filter((l) => /naive/.test(l) && /backprop/.test(l)).length, lines.join('\n')).toBeGreaterThanOrEqual(1);
        expect(lines.some((l) => /^ backprop: gradient/.test(l))).toBe(false);
        // Both models' bias row on one line.
        expect(lines.some((l) => (l.match(/bias b/g) ?? []).length === 2), lines.join('\n')).toBe(true);
        const v = s.view(1);
        const text = lines.join(' ').replace(/\s+/g, ' ');
        expect(text, `${name}: the live sentence`).toContain(opening(v.caption.live));
        if (v.caption.narration) expect(text, `${name}: the narration`).toContain(opening(v.caption.narration));
        m.unmount();
      });
});

describe('big terminals: charts fill the screen', () => {
  it('at 200×55 every row of the frame is used, with braille charts in both panels', async () => {
    const m = mount(ranTo('paper-bias', 400), 200, 55);
    await tick();
    const lines = m.lines();
    expect(lines).toHaveLength(54);
    const body = lines.slice(1, -1);
    // Blank rows only where the caption's reserve is not needed: a few, not 41 of 55 (six charts
    // of equal height leave up to five rows over).
    expect(body.filter((l) => l.trim() === '').length).toBeLessThanOrEqual(5);
    // Chart rows (a y-axis edge after the label column) in both panels, most of the height.
    const chartRow = /^│ .{7}[┤│]/;
    // ("Most": more than half; the rows above them grew with the close-up's Δb and ~∂L/∂b rows.)
    expect(body.filter((l) => chartRow.test(l)).length).toBeGreaterThan(body.length / 2);
    // (The right panel by code units, one off where a combining x̂ is on the left; with CI=true
    // the harness draws it without its left padding: the y-label column is 6 or 7 cells there.)
    const rightChartRow = /^│ ?[ \d.e−-]{6,7}[┤│]/;
    // Backprop's panel has one chart fewer: its true ∂L/∂b is the ∂L/∂b charted above it (the line
    // says so), so most of its height is five charts of six.
    const right = body.filter((l) => rightChartRow.test(l.slice(100))).length;
    expect(right).toBeGreaterThan(body.length * 0.4);
    expect(body.filter((l) => l.slice(100).includes('= ∂L/∂b above: the true gradient'))).toHaveLength(1);
    const braille = /[\u2801-\u28ff]/;
    expect(body.filter((l) => braille.test(l.slice(0, 100))).length).toBeGreaterThanOrEqual(5);
    expect(body.filter((l) => braille.test(l.slice(100))).length).toBeGreaterThanOrEqual(5);
    // y labels (naive's panel), a step axis with its labels, and what the charts show.
    expect(body.some((l) => /^│ +\d[\d.]*┤/.test(l))).toBe(true);
    expect(body.some((l) => /└─+/.test(l))).toBe(true);
    expect(lines.join('\n')).toContain('recent (w: whole run)');
    m.unmount();
  });

  it('at 120×40 the charts use the rows the summary had', async () => {
    const m = mount(ranTo('paper-bias', 400), 120, 40);
    await tick();
    const lines = m.lines();
    expect(lines).toHaveLength(39);
    expect(lines.filter((l) => /^│ .{7}[┤│]/.test(l)).length).toBeGreaterThanOrEqual(15);
    m.unmount();
  });

  it('naive b beside backprop b at 0: each panel its own scale, and says so', async () => {
    const m = mount(ranTo('paper-bias', 2000, 20), 120, 40);
    await tick();
    const rows = m.lines().filter((l) => l.includes('bias b'));
    // Naive b is near 170 at step 2000 and backprop's is 0: shared, the climb would be a tenth
    // of the height… the rule (scale.ts) gives each its own range, and the view labels both.
    const gradRows = m.lines().filter((l) => l.includes('∂L/∂b'));
    expect(gradRows.some((l) => l.includes('own scale'))).toBe(true);
    expect(rows).toHaveLength(1);
    m.unmount();
  });

  it('--ascii draws the charts in ASCII only', async () => {
    const m = mount(ranTo('paper-bias', 300), 160, 50, true);
    await tick();
    const out = m.lastFrame() ?? '';
    const plain = out.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
    expect(plain.match(/[^\x20-\x7e\n]/g) ?? []).toEqual([]);
    expect(out).toMatch(/\+-{10,}/);
    m.unmount();
  });
});

describe('the whole run (w), its log step axis (l) and symlog y (y)', () => {
  it("scale-blowup's loss flips and batchnorm-2d's spike are in the whole-run chart at step 400", async () => {
    for (const [name, every, spike] of [
      ['scale-blowup', 100, 1.7],
      ['batchnorm-2d', 64, 0.15],
    ] as const) {
      const s = ranTo(name, 400, every);
      const m = mount(s, 200, 55);
      await tick();
      await m.press('w');
      expect(m.lastFrame()).toContain('whole run (w: recent)');
      const c = s.getSnapshot().chart({ key: 'loss', span: 'whole', axis: 'linear', y: 'linear', columns: 176, rows: 6 });
      // Sampled every 64 or 100 steps the spikes fall between samples; the whole run keeps them.
      const high = c.columns.naive.filter((col) => col.max > spike && col.from > 30);
      expect(high.length, name).toBeGreaterThan(0);
      const recent = s.getSnapshot().chart({ key: 'loss', span: 'page', axis: 'linear', y: 'linear', columns: 176, rows: 6 });
      expect(recent.columns.naive.length).toBe(176);
      m.unmount();
    }
  });

  it('l puts the whole run on a log step axis, y on symlog; both say so', async () => {
    const m = mount(ranTo('paper-bias', 5000, 50), 200, 55);
    await tick();
    await m.press('w');
    const linear = m.lines().find((l) => /└/.test(l))!;
    await m.press('l');
    expect(m.lastFrame()).toContain('whole run, log steps (w: recent)');
    const log = m.lines().find((l) => /└/.test(l))!;
    // The beats (early steps) spread out on the log axis.
    expect(log).not.toBe(linear);
    await m.press('y');
    expect(m.lastFrame()).toContain('symlog y (y: linear)');
    m.unmount();
  });
});

describe('the help scrolls', () => {
  it('↓ and PgDn move it on, ↑ and PgUp back, within its length; the last line says how', async () => {
    const m = mount(ranTo('nonlinearity', 10), 60, 20);
    await tick();
    await m.press('?');
    const first = m.lines();
    expect(first.at(-2)).toMatch(/more lines: ↑\/↓/);
    await m.press(`${ESC}[B`); // down
    const down = m.lines();
    expect(down[2]).toBe(first[3]);
    await m.press(`${ESC}[6~`); // page down
    const paged = m.lines();
    expect(paged.slice(1, -2)).not.toEqual(down.slice(1, -2));
    for (let i = 0; i < 20 && !/end/.test(m.lines().at(-2) ?? ''); i++) await m.press(`${ESC}[6~`);
    const end = m.lines();
    expect(end.at(-2)).toMatch(/end/);
    await m.press(`${ESC}[5~`); // page up
    await m.press(`${ESC}[A`); // up
    expect(m.lines()).not.toEqual(end);
    await m.press('?');
    await m.press('?');
    // Opened again, it starts at the top.
    expect(m.lines()[1]).toBe(first[1]);
    m.unmount();
  });
});
