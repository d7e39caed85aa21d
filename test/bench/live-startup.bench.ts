/**
 * Start-up, issues #6 and #15. In one run, alternating, so load on the machine falls on all alike
 * (the first round only warms the file cache and is not counted), four programs:
 *
 * - the package (dist/pkg/cli.mjs and the chunks it imports: what `npm start` and the installed
 *   `normdrift` run), the targets of #15;
 * - the single file (dist/normdrift.mjs, to copy alone to a remote machine), reported beside it:
 *   it compiles all of itself at every start, so it is allowed to be slower than the package;
 * - the unbundled build (dist/cli.js: "today's" before issue #15);
 * - an Ink "hello world" (live/hello.mjs, unbundled: Ink and React from node_modules).
 *
 * Figures:
 * - the live view's first full dashboard frame: package ≤ 0.6× hello world (#15); unbundled
 *   ≤ 1.25× hello world (#6); the single file ≤ 1.25× hello world too (a copied file is no
 *   slower to start than the unbundled build was allowed to be);
 * - the CPU time each normdrift has used 2 s after its spawn: package ≤ 0.6× unbundled (#15);
 *   single file ≤ 1× unbundled;
 * - a headless start, `--json --steps 1`, whole process: package no slower than unbundled (#15);
 *   the single file's ratio is reported, with a ceiling of 1.5×.
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

const PACKAGE_TARGET = 0.6;
const UNBUNDLED_TARGET = 1.25;
const CPU_TARGET = 0.6;
const HEADLESS_TARGET = 1;
const SINGLE_CPU_TARGET = 1;
const SINGLE_HEADLESS_TARGET = 1.5;
const ROUNDS = 15;
const CPU_WINDOW_MS = 2000;
const COLS = 120;
const ROWS = 40;

const PACKAGE = 'dist/pkg/cli.mjs';
const SINGLE = 'dist/normdrift.mjs';
const UNBUNDLED = 'dist/cli.js';

type Normdrift = 'package' | 'single' | 'unbundled';
type Side = Normdrift | 'hello';
const frames: Record<Side, number[]> = { package: [], single: [], unbundled: [], hello: [] };
const cpuByFrame: Record<Side, number[]> = { package: [], single: [], unbundled: [], hello: [] };
const cpu2s: Record<Normdrift, number[]> = { package: [], single: [], unbundled: [] };
const headless: Record<Normdrift, number[]> = { package: [], single: [], unbundled: [] };
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
  const cpuMs = (x: number) => `${(x * 1000).toFixed(0)} ms`;
  const cpuName = (what: string) => `live: CPU in the first ${CPU_WINDOW_MS / 1000} s, ${what} / dist/cli.js`;
  ratio('live: first frame, package (dist/pkg/cli.mjs) / Ink hello world, 120×40', frames.package, frames.hello, PACKAGE_TARGET, ms, cpuBy('package'));
  ratio('live: first frame, unbundled dist/cli.js / Ink hello world', frames.unbundled, frames.hello, UNBUNDLED_TARGET, ms, cpuBy('unbundled'));
  ratio('live: first frame, single file normdrift.mjs / Ink hello world', frames.single, frames.hello, UNBUNDLED_TARGET, ms, cpuBy('single'));
  // The window holds the start and then the view at work: beside it, the start alone.
  const byFrame = (s: Normdrift) =>
    frames[s].length ? `; by the first frame ${cpuMs(median(cpuByFrame[s]))} vs ${cpuMs(median(cpuByFrame.unbundled))}, ${(median(cpuByFrame[s]) / median(cpuByFrame.unbundled)).toFixed(2)}×` : '';
  ratio(cpuName('package'), cpu2s.package, cpu2s.unbundled, CPU_TARGET, cpuMs, byFrame('package'));
  ratio(cpuName('single file'), cpu2s.single, cpu2s.unbundled, SINGLE_CPU_TARGET, cpuMs, byFrame('single'));
  ratio('headless start (--json --steps 1), package / dist/cli.js', headless.package, headless.unbundled, HEADLESS_TARGET, ms, '');
  ratio('headless start (--json --steps 1), single file / dist/cli.js', headless.single, headless.unbundled, SINGLE_HEADLESS_TARGET, ms, '');
  printTable();
});

describe('start-up: the package, the single file, dist/cli.js and an Ink hello world, alternating', () => {
  bench(
    'one round of each',
    async () => {
      const h = await live('test/bench/live/hello.mjs', hello);
      const l = {
        package: await live(PACKAGE, dashboard, CPU_WINDOW_MS),
        single: await live(SINGLE, dashboard, CPU_WINDOW_MS),
        unbundled: await live(UNBUNDLED, dashboard, CPU_WINDOW_MS),
      };
      const hl = { package: headlessStart(PACKAGE), single: headlessStart(SINGLE), unbundled: headlessStart(UNBUNDLED) };
      if (rounds++ === 0) return;
      frames.hello.push(h.at);
      cpuByFrame.hello.push(h.cpuByFrame);
      for (const side of ['package', 'single', 'unbundled'] as const) {
        frames[side].push(l[side].at);
        cpuByFrame[side].push(l[side].cpuByFrame);
        cpu2s[side].push(l[side].cpu!);
        headless[side].push(hl[side]);
      }
    },
    { iterations: ROUNDS + 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
