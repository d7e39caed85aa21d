/**
 * Live view, issue #6: time to the first full dashboard frame, against an Ink "hello world"
 * (live/hello.mjs) started the same way. Target: ≤ 1.25× the hello world.
 *
 * How: both run as `node <script>` in a real pseudo-terminal of 120×40 (node-pty), with the same
 * node, flags and environment (NODE_ENV unset, as in a person's shell: each sets production
 * itself before loading Ink; CI removed, as a person's terminal has none). Their output is fed to
 * a headless xterm, and the time is the arrival of the chunk that completes the first frame:
 * the footer line on the dashboard's last row for normdrift (it is written with the frame's
 * other rows in one write), "Hello, world" for Ink's. Runs alternate, so load on the machine
 * falls on both alike; the first pair only warms the file cache and is not counted. The figure
 * is the ratio of the medians. Beside it: the ratio of the fastest runs, and of the CPU time
 * each process had used by its first frame (/proc, read as the frame arrived), which a busy
 * machine disturbs far less than wall time.
 */
import { afterAll, bench, describe } from 'vitest';
import { printTable, record } from './figures.js';
import { median } from './measure.js';
import { PtyProbe } from './live/pty-probe.js';

const TARGET = 1.25;
const PAIRS = 15;
const COLS = 120;
const ROWS = 40;

const times = { normdrift: [] as number[], hello: [] as number[] };
const cpu = { normdrift: [] as number[], hello: [] as number[] };
let pairs = 0;

/** Milliseconds from spawn to the first frame of one process, and its CPU seconds by then; it is then asked to quit. */
async function firstFrame(argv: string[], done: (lines: string[]) => boolean): Promise<{ at: number; cpu: number }> {
  const p = new PtyProbe({ argv, cols: COLS, rows: ROWS });
  try {
    const w = await p.until((_, lines) => done(lines), `the first frame of ${argv.join(' ')}`);
    p.write('q');
    await p.exited;
    return w;
  } finally {
    p.dispose();
  }
}

afterAll(() => {
  const n = Math.min(times.normdrift.length, times.hello.length);
  if (n === 0) {
    record({ name: 'live: first frame / Ink hello world, 120×40', measured: 'not measured: its benchmark failed', target: `≤ ${TARGET}×`, holds: false });
  } else {
    const ours = median(times.normdrift);
    const theirs = median(times.hello);
    const ratio = ours / theirs;
    const fastest = Math.min(...times.normdrift) / Math.min(...times.hello);
    const cpuRatio = median(cpu.normdrift) / median(cpu.hello);
    record({
      name: 'live: first frame / Ink hello world, 120×40',
      measured:
        `${ratio.toFixed(2)}× (${ours.toFixed(0)} ms vs ${theirs.toFixed(0)} ms, medians of ${n}; ` +
        `fastest ${fastest.toFixed(2)}×; CPU time by then ${cpuRatio.toFixed(2)}×)`,
      target: `≤ ${TARGET}×`,
      holds: ratio <= TARGET,
    });
  }
  printTable();
});

describe('live: first frame, normdrift and an Ink hello world alternating in a 120×40 pty', () => {
  bench(
    'one of each',
    async () => {
      const hello = await firstFrame(['test/bench/live/hello.mjs'], (lines) => lines.some((l) => l.includes('Hello, world')));
      // The footer is the frame's last row (rows − 2): the frame is all there.
      const ours = await firstFrame(['dist/cli.js'], (lines) => /^ space pause · /.test(lines[ROWS - 2] ?? ''));
      if (pairs++ === 0) return;
      times.hello.push(hello.at);
      times.normdrift.push(ours.at);
      cpu.hello.push(hello.cpu);
      cpu.normdrift.push(ours.cpu);
    },
    { iterations: PAIRS + 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
