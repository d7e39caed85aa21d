import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainText, num } from '../../src/output/explain.js';
import { closeUpAt } from '../../src/session/closeup.js';
import { cellWidth } from '../../src/text/cells.js';
import { builtin } from '../scenarios/helpers.js';

/** `normdrift explain`, `--json --batches` and caption placeholders, through the CLI (dist/). */

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function run(args: string[], o: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: o.cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('normdrift explain', () => {
  it('prints the close-up of step T at 80 columns when piped, the identity with the probe\'s numbers', () => {
    const r = run(['explain', 'paper-bias', '--step', '3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(explainText(closeUpAt(builtin('paper-bias'), 3), { width: 80, ascii: false }));
    for (const l of r.stdout.split('\n')) expect(cellWidth(l)).toBeLessThanOrEqual(80);
    const id = closeUpAt(builtin('paper-bias'), 3).naive!.identity;
    expect(r.stdout).toContain(`u₇ + (b + Δb) − E[u + (b + Δb)] = ${num(id.u[0])} + (${num(id.b)} + ${num(id.deltaB)}) − ${num(id.meanXNext)}`);
    expect(r.stdout).toMatch(/^The paper's example .*: step 3 up close/);
  });

  it('defaults to paper-bias at step 0; --width, --ascii, --seed and --lr apply', () => {
    const r = run(['explain', '--width', '120', '--ascii', '--lr', '0.5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('step 0 up close');
    expect([...r.stdout].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(r.stdout).toContain('delta_b = -eta*dL/db = -0.5000');
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(80);
  });

  it('--markdown prints Markdown', () => {
    const r = run(['explain', 'nonlinearity', '--step', '100', '--markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## A nonlinearity/);
    expect(r.stdout).toContain('| i | uᵢ | xᵢ | x̂ᵢ | yᵢ | ∂ℓ/∂x̂ᵢ | x′ᵢ | x̂′ᵢ |');
    expect(r.stdout).toMatch(/The sides differ by /);
  });

  it('a bad --step, a flag that does nothing, or --step outside explain: one line, exit 2', () => {
    for (const args of [
      ['explain', '--step', 'x'],
      ['explain', '--step', '-1'],
      ['explain', '--step', '1e9'],
      ['explain', '--json'],
      ['explain', '--speed', '5'],
      ['explain', '--markdown', '--ascii'],
      ['--step', '3'],
      ['--markdown'],
      ['explain', 'paper-bias', 'minibatch'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('`explain` is the subcommand; a scenario file called explain is ./explain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'normdrift-explain-'));
    writeFileSync(join(dir, 'explain'), 'title: A file named explain\nsummary: s\n');
    const sub = run(['explain'], { cwd: dir });
    expect(sub.stdout).toContain("The paper's example");
    const file = run(['./explain', '--json', '--steps', '0'], { cwd: dir });
    expect(file.code).toBe(0);
    expect(JSON.parse(file.stdout.split('\n')[0]).title).toBe('A file named explain');
    const both = run(['explain', './explain'], { cwd: dir });
    expect(both.code).toBe(0);
    expect(both.stdout).toMatch(/^A file named explain: step 0 up close/);
  });
});

describe('--json --batches', () => {
  it('adds the training set and each step\'s batch; the batch is the one the next update uses', () => {
    const r = run(['minibatch', '--json', '--batches', '--steps', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const sc = lines[0] as { data: { u: number[][]; y: number[] }; n: number; batch: number };
    expect(sc.data.u).toHaveLength(sc.n);
    expect(sc.data.y).toHaveLength(sc.n);
    const steps = lines.filter((l) => l.type === 'step') as { step: number; model: string; batch: number[]; b: number }[];
    expect(steps).toHaveLength(8);
    for (const s of steps) {
      expect(s.batch).toHaveLength(sc.batch);
      for (const j of s.batch) expect(Number.isInteger(j) && j >= 0 && j < sc.n).toBe(true);
    }
    // Both models see the same batches (lockstep), and they change from step to step.
    const naive = steps.filter((s) => s.model === 'naive');
    const backprop = steps.filter((s) => s.model === 'backprop');
    expect(naive.map((s) => s.batch)).toEqual(backprop.map((s) => s.batch));
    expect(naive[0].batch).not.toEqual(naive[1].batch);
    // The naive update on step 0's batch, by hand: Δb = −η·mean over the batch of ∂ℓ/∂x̂ = −η·mean(x̂ − y).
    const s = builtin('minibatch');
    const u = naive[0].batch.map((j) => sc.data.u[j][0]);
    const y = naive[0].batch.map((j) => sc.data.y[j]);
    const x = u.map((v) => v + naive[0].b);
    const mu = x.reduce((a, v) => a + v, 0) / x.length;
    const g = x.reduce((a, v, i) => a + (v - mu - y[i]), 0) / x.length;
    expect(naive[1].b - naive[0].b).toBeCloseTo(-s.training.learningRate * g, 12);
  });

  it('without --batches the lines are as before', () => {
    const r = run(['minibatch', '--json', '--steps', '1']);
    expect(r.stdout).not.toContain('"batch":[');
    expect(r.stdout).not.toContain('"data"');
  });

  it('is refused without --json and with --every K > 1', () => {
    for (const args of [['--batches'], ['--snapshot', '--batches'], ['--json', '--batches', '--every', '5']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--batches/);
    }
  });
});

describe('caption placeholders are checked when the file is read', () => {
  it('a bad {expression} is one line at its line:col, from --validate and from a run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'normdrift-captions-'));
    const path = join(dir, 's.yaml');
    writeFileSync(path, 'title: t\nsummary: s\ncaptions:\n  - at: 0\n    text: "fine {eta:2}"\n  - at: 5\n    text: "b is {bb:3} now"\n');
    for (const args of [['--validate', path], [path, '--json']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/s\.yaml:7:11: captions\[1\]\.text: bad placeholder \{bb:3\}: unknown name 'bb'/)]);
    }
  });
});
