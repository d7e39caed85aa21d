/**
 * Live view, issue #6: what watching costs at default settings (no flags: the paper's example at
 * its default speed and frame rate; 120×40), measured on the built CLI in a real pseudo-terminal
 * (node-pty, output fed to a headless xterm), RUNS times for WINDOW_S seconds each, after
 * WARMUP_S seconds so that start-up is not counted:
 *
 * - Terminal traffic: bytes the pty delivered per second. Target ≤ 8 KB/s. (The writer's own
 *   count over the same frames is reported beside it, as a check.)
 * - Against Ink's full redraw of the same frames: the live view runs with NORMDRIFT_STATS (see
 *   src/ui/stats.ts), which logs, per frame, running totals of the bytes normdrift wrote to the
 *   terminal and of the bytes Ink's standard renderer handed to normdrift's writer. The latter
 *   are exactly what Ink alone writes without incremental rendering (erase the previous frame's
 *   lines, then the whole frame, in synchronized-output marks) for the same session, steps and
 *   frames: normdrift renders through Ink in that mode and diffs what it is handed. The figure
 *   is written / handed over, between the first and last frame of the window. Target ≤ ¼.
 * - CPU: user + system time of the process (/proc/<pid>/stat, read from outside) over wall
 *   time. Target (issue 16) ≤ 5% of one core, and ≤ 2.5× the floor: live/floor.mjs run in the
 *   same pty right after, replaying the frames this run handed its TerminalScreen
 *   (NORMDRIFT_FRAMES) at the same moments through the same screen.ts, with the same training,
 *   but no React and no Ink; its CPU over a window of the same length.
 * - Bytes against the minimum (issue 16): what the writer wrote for the frames of the window,
 *   over the fewest bytes that could show them (live/minimum.ts: the changed cells, run by run,
 *   read from the frames by a terminal emulator). Target ≤ 1.2.
 * - Render time per frame: Ink's onRender renderTime, from the same log; median and 95th
 *   percentile, reported (no target).
 *
 * Each figure is the median over the runs.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { printTable, record } from './figures.js';
import { median } from './measure.js';
import { PtyProbe } from './live/pty-probe.js';
import { framesAsCells, minimumUpdate } from './live/minimum.js';
import { readJsonLines } from './measure.js';
import { quantile, readFrames, steadyWindow } from './live/stats.js';

const COLS = 120;
const ROWS = 40;
const RUNS = 2;
const WARMUP_S = 2;
const WINDOW_S = 10;
const TRAFFIC_TARGET = 8 * 1024;
const RATIO_TARGET = 0.25;
const CPU_TARGET = 0.05;
const FLOOR_TARGET = 2.5;
const MINIMUM_TARGET = 1.2;

interface Run {
  bytesPerSecond: number;
  ratio: number;
  /** The writer's own count over the window, per second (a check on the pty's). */
  counted: number;
  cpu: number;
  fps: number;
  renders: number[];
  /** Bytes written for the window's frames / the fewest that could show them. */
  overMinimum: number;
  minimumText: string;
  /** The floor process's CPU, as a fraction of a core. */
  floor: number;
}
const runs: Run[] = [];

afterAll(() => {
  const missing = (name: string, target: string) => record({ name, measured: 'not measured: its benchmark failed', target, holds: false });
  if (runs.length === 0) {
    missing('live, default settings, 120×40: terminal traffic', '≤ 8 KB/s');
    missing('live, default settings: bytes written / Ink full redraw', `≤ ${RATIO_TARGET}`);
    missing('live, default settings: CPU', `≤ ${CPU_TARGET * 100}% of a core`);
  } else {
    const kb = (b: number) => `${(b / 1024).toFixed(2)} KB/s`;
    const traffic = median(runs.map((r) => r.bytesPerSecond));
    const fps = median(runs.map((r) => r.fps));
    record({
      name: 'live, default settings, 120×40: terminal traffic',
      measured: `${kb(traffic)} (${fps.toFixed(1)} frames/s; writer's own count ${kb(median(runs.map((r) => r.counted)))})`,
      target: '≤ 8 KB/s',
      holds: traffic <= TRAFFIC_TARGET,
    });
    const ratio = median(runs.map((r) => r.ratio));
    record({
      name: 'live, default settings: bytes written / Ink full redraw',
      measured: `${ratio.toFixed(3)} (1/${(1 / ratio).toFixed(0)} of what Ink writes for the same frames)`,
      target: `≤ ${RATIO_TARGET}`,
      holds: ratio <= RATIO_TARGET,
    });
    const cpu = median(runs.map((r) => r.cpu));
    record({
      name: 'live, default settings: CPU',
      measured: `${(cpu * 100).toFixed(1)}% of a core (runs: ${runs.map((r) => (r.cpu * 100).toFixed(1)).join(', ')})`,
      target: `≤ ${CPU_TARGET * 100}% of a core`,
      holds: cpu <= CPU_TARGET,
    });
    const floor = median(runs.map((r) => r.floor));
    record({
      name: 'live, default settings: CPU / floor (same frames via screen.ts, no React or Ink)',
      measured: `${(cpu / floor).toFixed(2)}× (floor ${(floor * 100).toFixed(2)}% of a core; runs: ${runs.map((r) => (r.cpu / r.floor).toFixed(2)).join(', ')})`,
      target: `≤ ${FLOOR_TARGET}×`,
      holds: cpu / floor <= FLOOR_TARGET,
    });
    const over = median(runs.map((r) => r.overMinimum));
    record({
      name: 'live, default settings: bytes written / minimum for the changed cells',
      measured: `${over.toFixed(3)} (runs: ${runs.map((r) => r.minimumText).join('; ')})`,
      target: `≤ ${MINIMUM_TARGET}`,
      holds: over <= MINIMUM_TARGET,
    });
    const renders = runs.flatMap((r) => r.renders);
    record({
      name: "live, default settings: Ink's render time per frame",
      measured: `median ${quantile(renders, 0.5).toFixed(2)} ms, 95% ${quantile(renders, 0.95).toFixed(2)} ms (${renders.length} frames)`,
      target: 'reported',
      holds: true,
    });
  }
  printTable();
});

describe(`live, default settings: normdrift in a ${COLS}×${ROWS} pty for ${WINDOW_S} s`, () => {
  bench(
    'one session',
    async () => {
      const stats = join(tmpdir(), `normdrift-live-stats-${process.pid}-${runs.length}.ndjson`);
      const framesFile = join(tmpdir(), `normdrift-live-frames-${process.pid}-${runs.length}.ndjson`);
      const p = new PtyProbe({ argv: ['dist/cli.js'], cols: COLS, rows: ROWS, env: { NORMDRIFT_STATS: stats, NORMDRIFT_FRAMES: framesFile } });
      try {
        const w = await steadyWindow(p, ROWS, WARMUP_S, WINDOW_S);
        p.write('q');
        await p.exited;
        const seconds = w.seconds;
        // The log's clock is the child's (ms since it started), the window's the probe's (ms since
        // the spawn): the child started after the spawn, so the log's window is a little later,
        // never earlier. Frames are counted from the first logged after the window opened.
        const frames = readFrames(stats).filter((f) => f.t >= w.start && f.t <= w.end);
        if (frames.length < 2) throw new Error(`only ${frames.length} frames were logged in ${seconds.toFixed(1)} s`);
        const first = frames[0];
        const last = frames[frames.length - 1];
        const span = (last.t - first.t) / 1000;
        // The frames handed to the screen in the window, and the bytes written for them.
        type Handed = { t: number; bytes: number; lines: string[] };
        const handed = readJsonLines<Handed>(framesFile);
        const inWindow = handed.filter((f) => f.t >= w.start && f.t <= w.end);
        if (inWindow.length < 2) throw new Error(`only ${inWindow.length} frames were handed over in the window`);
        const k0 = handed.indexOf(inWindow[0]);
        const grids = await framesAsCells(handed.slice(k0, k0 + inWindow.length).map((f) => f.lines), COLS, ROWS);
        let minimum = 0;
        for (let k = 1; k < grids.length; k++) minimum += minimumUpdate(grids[k - 1], grids[k]);
        const written = inWindow[inWindow.length - 1].bytes - inWindow[0].bytes;
        // The floor: the same frames, replayed in the same pty size, measured over as long a window.
        const floorProbe = new PtyProbe({ argv: ['test/bench/live/floor.mjs', framesFile], cols: COLS, rows: ROWS });
        let floor: number;
        try {
          // Its frames start where the run's did, at the dashboard: the same stretch of the session.
          floor = (await steadyWindow(floorProbe, ROWS, WARMUP_S, WINDOW_S, 'the floor replay')).cpu;
          floorProbe.write('q');
          await floorProbe.exited;
        } finally {
          floorProbe.dispose();
        }
        runs.push({
          overMinimum: written / minimum,
          minimumText: `${written} B written vs ${minimum} B minimum over ${inWindow.length - 1} frames`,
          floor,
          bytesPerSecond: w.bytesPerSecond,
          ratio: (last.bytes - first.bytes) / (last.ink - first.ink),
          counted: (last.bytes - first.bytes) / span,
          cpu: w.cpu,
          fps: (frames.length - 1) / span,
          renders: frames.map((f) => f.render),
        });
      } finally {
        p.dispose();
        rmSync(stats, { force: true });
        rmSync(framesFile, { force: true });
      }
    },
    { iterations: RUNS, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
