import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/output/ndjson.js';
import { sampleEvery, tidyFrame } from '../../src/output/snapshot.js';
import { snapshot, type SnapshotOptions } from '../../src/modes/snapshot.js';
import { UsageError } from '../../src/scenario/errors.js';
import { applyOverrides, Pair } from '../../src/session/pair.js';
import { cellWidth } from '../../src/text/cells.js';
import { builtin } from '../scenarios/helpers.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function snap(name: string, o: Partial<SnapshotOptions> = {}) {
  const scenario = builtin(name);
  return snapshot({
    initial: { name, arg: name, builtin: true, scenario },
    steps: scenario.training.steps,
    every: 1,
    columns: 100,
    widthFrom: 'flag',
    ascii: false,
    ...o,
  });
}

describe('tidyFrame', () => {
  it('trims trailing spaces (keeping colour codes after them) and blank lines at the end', () => {
    expect(tidyFrame('a  \n\x1b[33mb \x1b[39m  \x1b[0m\n   \n\x1b[0m\n')).toBe('a\n\x1b[33mb \x1b[39m\x1b[0m\n');
    expect(tidyFrame('x')).toBe('x\n');
  });
});

describe('sampleEvery', () => {
  it('fits step 0 to N into the sparkline, the last cell being N', () => {
    for (const [steps, width] of [
      [500, 13],
      [500, 43],
      [7, 20],
      [0, 20],
      [1_000_000, 512],
    ]) {
      const k = sampleEvery(steps, width);
      const samples = Math.floor(steps / k) + 1 + (steps % k === 0 ? 0 : 1);
      expect(samples).toBeLessThanOrEqual(width);
      if (steps >= width) expect(samples).toBeGreaterThan(width / 2);
    }
  });
});

describe('--snapshot', () => {
  const text = snap('paper-bias', { columns: 100 });
  const lines = text.trimEnd().split('\n');

  it('is one frame at its natural height: header, both panels, caption; no key footer, no clock speed', () => {
    expect(lines[0]).toMatch(/^ normdrift · The paper's example \(Ioffe & Szegedy 2015, §2\)\s+step 500 · seed 42$/);
    expect(lines[1]).toMatch(/^╭─ naive: .*╮╭─ backprop: .*╮$/);
    expect(lines[10]).toMatch(/^╰─ value · change since step 0 ─+╯╰─ value · change since step 0 ─+╯$/);
    expect(lines.slice(11).join(' ')).toContain('The naive step moved b by +42.72 and the re-centring took it all back');
    expect(text).not.toMatch(/q quit|steps\/s|paused/);
    expect(lines.length).toBeLessThanOrEqual(15);
  });

  it('pastes cleanly: no trailing spaces, no escapes, nothing wider than the width, one final newline', () => {
    for (const l of lines) {
      expect(l).not.toMatch(/\s$/);
      expect(cellWidth(l)).toBeLessThanOrEqual(100);
    }
    expect(text).not.toContain('\x1b');
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
  });

  it('draws the whole run: b climbs from the first cell to the last', () => {
    const bias = lines[2];
    const spark = /│ bias b\s+([▁▂▃▄▅▆▇█]+)/.exec(bias)![1];
    expect(spark[0]).toBe('▁');
    expect(spark[spark.length - 1]).toBe('█');
    expect(bias).toMatch(/42\.72 \+42\.72/);
  });

  it("shows the true ∂L/∂b under the naive rule's estimate: 0 beside −0.854; backprop's line says its ∂L/∂b is the true one", () => {
    const at = lines.findIndex((l) => l.startsWith('│ ~∂L/∂b'));
    expect(lines[at]).toMatch(/^│ ~∂L\/∂b\s+─+\s+−0\.854 ≈0\s+flat ││ ∂L\/∂b\s+─+\s+0 0\s+flat │$/);
    // The row under the gradient applied, on the same line in both panels.
    expect(lines[at + 1]).toMatch(/^│ ↳ true\s+─+\s+0 0\s+flat ││ ↳ true   = ∂L\/∂b above: the true gradient\s+│$/);
    // --ascii: an arrow of ASCII; a learned w gets its own, and w·∂L/∂w with several inputs.
    const ascii = snap('paper-bias', { columns: 100, ascii: true });
    expect(ascii).toMatch(/\| ~dL\/db\s+-+\s+-0\.854 ~0\s+flat \|\| dL\/db\s+-+\s+0 0\s+flat \|\n\| -> true\s+-+\s+0 0\s+flat \|\| -> true   = dL\/db above: the true gradient\s+\|/);
    // scale-drift: the true ∂L/∂w is round-off (scale invariance), judged against the gradient's terms, not zigzagged.
    expect(snap('scale-drift', { columns: 100 })).toMatch(/│ ~∂L\/∂w .*\n│ ↳ true\s+─+\s+≈0 ≈0\s+flat ││ ↳ true   = ∂L\/∂w above: the true gradient\s+│/);
    expect(snap('batchnorm-2d', { columns: 120 })).toMatch(/│ ~w·∂L\/∂w .*\n│ ↳ true\s+─+\s+≈0 ≈0\s+flat ││ ↳ true\s+= w·∂L\/∂w above: the true gradient\s+│/);
  });

  it('stacks the panels at 80 columns, and --ascii is pure ASCII', () => {
    const narrow = snap('paper-bias', { columns: 80 }).split('\n');
    expect(narrow.filter((l) => /^╭─ (naive|backprop)/.test(l))).toHaveLength(2);
    const ascii = snap('scale-blowup', { columns: 80, ascii: true });
    expect([...Buffer.from(ascii)].every((b) => b < 0x80)).toBe(true);
    expect(ascii).toContain('+- naive: E[x] and Var[x] held constant in the gradient');
  });

  it('says how wide it must be when the width is too narrow', () => {
    expect(() => snap('paper-bias', { columns: 40 })).toThrow(UsageError);
    expect(() => snap('paper-bias', { columns: 40 })).toThrow(/^--width 40 is too narrow for paper-bias: it needs at least \d+ columns$/);
    expect(() => snap('paper-bias', { columns: 40, widthFrom: 'terminal' })).toThrow(
      /^a snapshot of paper-bias needs at least (\d+) columns and the terminal is 40: give --width \1 or more$/,
    );
  });

  it('with --csv writes the steps the headless NDJSON records, with the same numbers', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'normdrift-snap-')), 's.csv');
    const scenario = applyOverrides(builtin('paper-bias'), { steps: 23 });
    snap('paper-bias', { steps: 23, every: 5, csv: path });
    const rows = readFileSync(path, 'utf8').trimEnd().split('\n').slice(1);
    const ndjson: Record<string, unknown>[] = [];
    runHeadless(new Pair(scenario), { name: 'paper-bias', steps: 23, every: 5 }, (l) => ndjson.push(JSON.parse(l)));
    const steps = ndjson.filter((r) => r.type === 'step');
    expect(rows.map((r) => r.split(',').slice(0, 2).join(','))).toEqual(steps.map((r) => `${r.step},${r.model}`));
    expect(rows.map((r) => Number(r.split(',')[3]))).toEqual(steps.map((r) => r.b));
  });
});
