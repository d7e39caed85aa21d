import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scenarioFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'normdrift-'));
  const path = join(dir, 'scenario.yaml');
  writeFileSync(path, body);
  return path;
}

describe('headless NDJSON (DESIGN.md contract)', () => {
  const r = run(['--json', '--steps', '20', '--every', '5']);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('exits 0 with nothing on stderr', () => {
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('starts with the scenario line', () => {
    expect(lines[0]).toMatchObject({ type: 'scenario', title: expect.any(String), seed: 42, learningRate: 0.1, n: 64, steps: 20 });
  });

  it('has one line per model per recorded step, step 0 first', () => {
    const steps = lines.filter((l) => l.type === 'step');
    expect(steps.map((l) => `${String(l.step)}:${String(l.model)}`)).toEqual(
      [0, 5, 10, 15, 20].flatMap((t) => [`${t}:naive`, `${t}:backprop`]),
    );
    for (const l of steps)
      for (const key of ['loss', 'w', 'b', 'gradW', 'gradB', 'meanX']) expect(typeof l[key]).toBe('number');
  });

  it('ends with a summary carrying each model’s final values and divergedAt', () => {
    const last = lines.at(-1) as { type: string; models: Record<string, Record<string, unknown>> };
    expect(last.type).toBe('summary');
    for (const m of ['naive', 'backprop']) {
      expect(last.models[m]).toHaveProperty('divergedAt', null);
      expect(last.models[m].step).toBe(20);
    }
  });

  it('shows the naive bias climbing linearly while its loss stays put to round-off', () => {
    const naive = lines.filter((l) => l.type === 'step' && l.model === 'naive');
    const b = naive.map((l) => l.b as number);
    const increments = b.slice(1).map((v, i) => v - b[i]);
    for (const d of increments) expect(d).toBeCloseTo(increments[0], 12);
    expect(increments[0]).toBeGreaterThan(0);
    // x̂ = (u + b) − E[u + b] is exact in real arithmetic; float64 leaves the last bit or two.
    const loss0 = naive[0].loss as number;
    for (const l of naive) expect(Math.abs((l.loss as number) - loss0) / loss0).toBeLessThanOrEqual(1e-12);
  });
});

describe('determinism', () => {
  it('the same scenario and seed give byte-identical NDJSON', () => {
    const a = run(['--json', '--steps', '50', '--seed', '9']);
    const b = run(['--json', '--steps', '50', '--seed', '9']);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(a.stdout).toBe(b.stdout);
  });

  it('another seed gives different data', () => {
    const meanX = (out: string) => (JSON.parse(out.split('\n')[1]) as { meanX: number }).meanX;
    const a = run(['--json', '--steps', '0', '--seed', '1']);
    const b = run(['--json', '--steps', '0', '--seed', '2']);
    expect(meanX(a.stdout)).not.toBe(meanX(b.stdout));
  });

  it('minibatch runs are reproducible too', () => {
    const path = scenarioFile('title: t\nsummary: s\ndata: {n: 40}\ntraining: {batch: 8, runningMomentum: 0.2}\n');
    const a = run([path, '--json', '--steps', '30']);
    expect(a.code).toBe(0);
    expect(run([path, '--json', '--steps', '30']).stdout).toBe(a.stdout);
    expect(a.stdout).toContain('"evalLoss"');
  });
});

describe('overrides and errors', () => {
  it('--lr and --steps override the file', () => {
    const first = JSON.parse(run(['--json', '--steps', '3', '--lr', '0.5']).stdout.split('\n')[0]) as Record<string, unknown>;
    expect(first).toMatchObject({ learningRate: 0.5, steps: 3 });
  });

  it('a bad scenario file exits 2 with file:line:col on stderr and no stack', () => {
    const path = scenarioFile('title: t\nsummary: s\ntraining:\n  learningRate: -0.1\n');
    const r = run([path, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`${path}:4:17: training.learningRate: must be positive (got -0.1)`);
  });

  it('an unknown scenario name exits 2 with one line', () => {
    const r = run(['no-such-scenario', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('paper-bias');
  });

  it('a diverged model is null in NDJSON and marked in the summary', () => {
    const path = scenarioFile(
      'title: t\nsummary: s\ndata: {u: [-1, 1], y: [0, 0]}\nmodel: {weight: {init: 1}, bias: {learn: false}, normalize: standardize}\ntraining: {learningRate: 1}\n',
    );
    const r = run([path, '--json', '--steps', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const naive1 = lines.find((l) => l.type === 'step' && l.model === 'naive' && l.step === 1);
    expect(naive1).toMatchObject({ loss: null, diverged: true });
    const summary = lines.at(-1) as { models: Record<string, { divergedAt: number | null }> };
    expect(summary.models.naive.divergedAt).toBe(1);
    expect(summary.models.backprop.divergedAt).toBeNull();
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });
});
