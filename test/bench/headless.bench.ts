/**
 * Headless speed and memory, issue 16, each figure from whole processes of the built CLI run in
 * this bench, start-up included (measured here with --steps 0, and counted, not subtracted).
 * A figure is steps per CPU-second of the process (user + system, read by the process itself at
 * exit: cpu-at-exit.mjs), the median of the runs: on a shared machine other work stretches
 * wall time far more than CPU time. The best wall-clock rate is reported beside it.
 *
 * - minibatch, 10⁶ steps --every 100000: the event detector reads the full-set loss at every
 *   step (the closed form, engine/full-set.ts), both trainers share one batch draw. ≥ 1 M steps/s.
 * - paper-bias, 10⁶ steps --every 100000 (engine.bench.ts has the same figure): ≥ 1.5 M steps/s.
 * - paper-bias --every 1, 4·10⁵ steps, stdout to /dev/null (every step line written):
 *   ≥ 200 k steps/s. That the bytes equal JSON.stringify's is tested in test/output/step-line.test.ts.
 * - memory: RSS at step 10⁷ / at step 10⁴ (rss-probe.mjs), paper-bias and minibatch: ≤ 1.1.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { afterAll, bench, describe } from 'vitest';
import { MEMORY_RATIO_TARGET, printTable, record } from './figures.js';
import { median, ROOT, runNode } from './measure.js';

const processRuns = (iterations: number) => ({ iterations, time: 0, warmupIterations: 0, warmupTime: 0 });

interface Case {
  name: string;
  scenario: string;
  steps: number;
  every: number;
  target: number;
}
const CASES: Case[] = [
  { name: 'headless minibatch, 10⁶ steps --every 100000, whole process', scenario: 'minibatch', steps: 1_000_000, every: 100_000, target: 1_000_000 },
  { name: 'headless paper-bias, 10⁶ steps --every 100000, whole process', scenario: 'paper-bias', steps: 1_000_000, every: 100_000, target: 1_500_000 },
  { name: 'headless paper-bias --every 1, 4·10⁵ steps to /dev/null, whole process', scenario: 'paper-bias', steps: 400_000, every: 1, target: 200_000 },
];
const RUNS = 7;
const MEMORY_SCENARIOS = ['paper-bias', 'minibatch'];
const MEMORY_STEPS = 10_000_000;
const MEMORY_EARLY = 10_000;

const seconds: number[][] = CASES.map(() => []);
const cpuSeconds: number[][] = CASES.map(() => []);
const startUps: number[] = [];
const memory: Record<string, Array<{ ratio: number; text: string }>> = Object.fromEntries(MEMORY_SCENARIOS.map((n) => [n, []]));

/** node dist/cli.js … with stdout to /dev/null: wall and CPU seconds. Throws unless it exits 0. */
function timed(args: string[]): { wall: number; cpu: number } {
  const out = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const argv = ['--import', './test/bench/cpu-at-exit.mjs', 'dist/cli.js', ...args];
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`node dist/cli.js ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 300)}`);
    const m = /\{"cpuMicros":(\d+)\}/.exec(r.stderr);
    if (!m) throw new Error(`no CPU time reported: ${r.stderr.slice(0, 300)}`);
    return { wall, cpu: Number(m[1]) / 1e6 };
  } finally {
    closeSync(out);
  }
}

afterAll(() => {
  const su = startUps.length ? `; start-up ${median(startUps).toFixed(2)} s CPU, counted` : '';
  CASES.forEach((c, k) => {
    const target = `≥ ${c.target >= 1e6 ? `${c.target / 1e6} M` : `${c.target / 1e3} k`} steps/s`;
    if (seconds[k].length === 0) {
      record({ name: c.name, measured: 'not measured: its benchmark failed', target, holds: false });
      return;
    }
    const rate = c.steps / median(cpuSeconds[k]);
    const spread = `${fmt(c.steps / Math.max(...cpuSeconds[k]))}–${fmt(c.steps / Math.min(...cpuSeconds[k]))}`;
    const wall = c.steps / Math.min(...seconds[k]);
    record({
      name: c.name,
      measured: `${fmt(rate)} steps per CPU-s (median of ${cpuSeconds[k].length}, ${spread}; best wall ${fmt(wall)}/s${su})`,
      target,
      holds: rate >= c.target,
    });
    function fmt(v: number): string {
      return c.target >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : `${(v / 1e3).toFixed(0)} k`;
    }
  });
  for (const name of MEMORY_SCENARIOS) {
    const label = `memory, headless ${name}: RSS at step 10⁷ / at step 10⁴`;
    const target = `≤ ${MEMORY_RATIO_TARGET.toFixed(2)}`;
    const got = memory[name];
    if (got.length === 0) {
      record({ name: label, measured: 'not measured: its benchmark failed', target, holds: false });
      continue;
    }
    const ratios = got.map((g) => g.ratio);
    const m = median(ratios);
    const at = got.reduce((a, g) => (Math.abs(g.ratio - m) < Math.abs(a.ratio - m) ? g : a));
    record({ name: label, measured: `${m.toFixed(3)} (median of ${got.length}: ${at.text})`, target, holds: m <= MEMORY_RATIO_TARGET });
  }
  printTable();
});

describe('headless throughput: whole processes of dist/cli.js --json', () => {
  CASES.forEach((c, k) => {
    bench(
      `${c.scenario} --steps ${c.steps} --every ${c.every}`,
      () => {
        const r = timed([c.scenario, '--json', '--steps', String(c.steps), '--every', String(c.every)]);
        seconds[k].push(r.wall);
        cpuSeconds[k].push(r.cpu);
      },
      processRuns(RUNS),
    );
  });
  bench('start-up only (--steps 0)', () => void startUps.push(timed(['--json', '--steps', '0']).cpu), processRuns(RUNS));
});

describe(`headless memory: RSS at step ${MEMORY_STEPS} / at step ${MEMORY_EARLY}`, () => {
  for (const name of MEMORY_SCENARIOS)
    bench(
      name,
      () => {
        const r = runNode(['--expose-gc', 'test/bench/rss-probe.mjs', String(MEMORY_STEPS), String(MEMORY_EARLY), name]);
        type Reading = { rss: number; heapUsed: number };
        const { early, last } = JSON.parse(r.stdout) as { early: Reading; last: Reading };
        const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
        memory[name].push({
          ratio: last.rss / early.rss,
          text: `${mb(last.rss)} MB vs ${mb(early.rss)} MB; JS heap ${mb(last.heapUsed)} vs ${mb(early.heapUsed)} MB`,
        });
      },
      processRuns(3),
    );
});
