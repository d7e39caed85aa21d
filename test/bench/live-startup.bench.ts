/**
 * Start-up, issues #6 and #15. In one run, alternating, so load on the machine falls on all alike
 * (the first round only warms the file cache and is not counted):
 *
 * - the live view's first full dashboard frame, for the bundle (dist/normdrift.mjs: what
 *   `npm start` and the installed `normdrift` run) and for the unbundled build (dist/cli.js,
 *   "today's" before issue #15), against an Ink "hello world" (live/hello.mjs, unbundled: Ink and
 *   React from node_modules) started the same way. Targets: bundle ≤ 0.6× hello world (#15);
 *   unbundled ≤ 1.25× hello world (#6).
 * - the CPU time each normdrift has used 2 s after its spawn: bundle ≤ 0.6× unbundled (#15).
 * - a headless start, `--json --steps 1`, whole process: bundle no slower than unbundled (#15).
 *
 * How: each live process runs as `node <script>` in a real pseudo-terminal of 120×40 (node-pty),
 * with the same node, flags and environment (NODE_ENV unset, as in a person's shell: each sets
 * production itself before loading Ink; CI removed, as a person's terminal has none). Its output
 * is fed to a headless xterm, and the time is the arrival of the chunk that completes the first
 * frame: the footer line on the dashboard's last row for normdrift (written with the frame's
 * other rows in one write), "Hello, world" for Ink's. CPU is read from /proc, from outside. The
 * figures are ratios of medians; beside them the spread (min–max) of each side.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, bench, describe } from 'vitest';
import { printTable, record } from './figures.js';
import { median } from './measure.js';
import { PtyProbe, sleep } from './live/pty-probe.js';

const BUNDLE_TARGET = 0.6;
const UNBUNDLED_TARGET = 1.25;
const CPU_TARGET = 0.6;
const HEADLESS_TARGET = 1;
const ROUNDS = 15;
const CPU_WINDOW_MS = 2000;
const COLS = 120;
const ROWS = 40;

const BUNDLE = 'dist/normdrift.mjs';
const UNBUNDLED = 'dist/cli.js';

type Side = 'bundle' | 'unbundled' | 'hello';
const frames: Record<Side, number[]> = { bundle: [], unbundled: [], hello: [] };
const cpuByFrame: Record<Side, number[]> = { bundle: [], unbundled: [], hello: [] };
const cpu2s: Record<'bundle' | 'unbundled', number[]> = { bundle: [], unbundled: [] };
const headless: Record<'bundle' | 'unbundled', number[]> = { bundle: [], unbundled: [] };
let rounds = 0;

/** The footer is the dashboard's last row (rows − 2): when it is there, the frame is all there. */
const dashboard = (lines: string[]) => /^ space pause · /.test(lines[ROWS - 2] ?? '');
const hello = (lines: string[]) => lines.some((l) => l.includes('Hello, world'));

/**
 * One process: ms from spawn to its first frame and its CPU seconds by then; with `window`, also
 * its CPU seconds that long after the spawn. It is then asked to quit.
 */
async function live(script: string, done: (lines: string[]) => boolean, window?: number) {
  const p = new PtyProbe({ argv: [script], cols: COLS, rows: ROWS });
  try {
    const w = await p.until((_, lines) => done(lines), `the first frame of ${script}`);
    let cpu: number | undefined;
    if (window !== undefined) {
      await sleep(Math.max(0, window - p.now()));
      cpu = p.cpuSeconds();
    }
    p.write('q');
    await p.exited;
    return { at: w.at, cpuByFrame: w.cpu, cpu };
  } finally {
    p.dispose();
  }
}

/** Wall-clock ms of a whole headless process. */
function headlessStart(script: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script, '--json', '--steps', '1'], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${script} --json --steps 1 exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  return ms;
}

const spread = (v: number[], unit: (x: number) => string) => `${unit(Math.min(...v))}–${unit(Math.max(...v))}`;
const ms = (x: number) => `${x.toFixed(0)} ms`;

function ratio(name: string, ours: number[], theirs: number[], target: number, unit: (x: number) => string, what: string): void {
  if (ours.length === 0 || theirs.length === 0) {
    record({ name, measured: 'not measured: its benchmark failed', target: `≤ ${target}×`, holds: false });
    return;
  }
  const r = median(ours) / median(theirs);
  record({
    name,
    measured:
      `${r.toFixed(2)}× (${unit(median(ours))} vs ${unit(median(theirs))}, medians of ${ours.length}; ` +
      `spread ${spread(ours, unit)} vs ${spread(theirs, unit)}${what})`,
    target: `≤ ${target}×`,
    holds: r <= target,
  });
}

afterAll(() => {
  const cpuBy = (s: Side) => (frames[s].length ? `; CPU by then ${(median(cpuByFrame[s]) / median(cpuByFrame.hello)).toFixed(2)}× hello's` : '');
  ratio('live: first frame, normdrift.mjs / Ink hello world, 120×40', frames.bundle, frames.hello, BUNDLE_TARGET, ms, cpuBy('bundle'));
  ratio('live: first frame, unbundled dist/cli.js / Ink hello world', frames.unbundled, frames.hello, UNBUNDLED_TARGET, ms, cpuBy('unbundled'));
  const cpuMs = (x: number) => `${(x * 1000).toFixed(0)} ms`;
  ratio(`live: CPU in the first ${CPU_WINDOW_MS / 1000} s, normdrift.mjs / dist/cli.js`, cpu2s.bundle, cpu2s.unbundled, CPU_TARGET, cpuMs, '');
  ratio('headless start (--json --steps 1), normdrift.mjs / dist/cli.js', headless.bundle, headless.unbundled, HEADLESS_TARGET, ms, '');
  printTable();
});

describe('start-up: normdrift.mjs, dist/cli.js and an Ink hello world, alternating', () => {
  bench(
    'one round of each',
    async () => {
      const h = await live('test/bench/live/hello.mjs', hello);
      const b = await live(BUNDLE, dashboard, CPU_WINDOW_MS);
      const u = await live(UNBUNDLED, dashboard, CPU_WINDOW_MS);
      const hb = headlessStart(BUNDLE);
      const hu = headlessStart(UNBUNDLED);
      if (rounds++ === 0) return;
      frames.hello.push(h.at);
      frames.bundle.push(b.at);
      frames.unbundled.push(u.at);
      cpuByFrame.hello.push(h.cpuByFrame);
      cpuByFrame.bundle.push(b.cpuByFrame);
      cpuByFrame.unbundled.push(u.cpuByFrame);
      cpu2s.bundle.push(b.cpu!);
      cpu2s.unbundled.push(u.cpu!);
      headless.bundle.push(hb);
      headless.unbundled.push(hu);
    },
    { iterations: ROUNDS + 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
