/**
 * Live view, issue #6: fast-forward. The built CLI runs `--speed max` (as many steps as the
 * engine fits in the clock's budget) in a real 120×40 pseudo-terminal, with NORMDRIFT_STATS
 * logging each frame's step. Once it is well under way, space is pressed PRESSES times, pausing
 * and resuming: each time, from the write of the key to the arrival of the output that shows its
 * effect (the header saying "paused", then a speed again). Targets: every key answered within
 * 30 ms (issue 16), and thousands of steps per frame (the median step count between consecutive frames
 * while running at max).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { printTable, record } from './figures.js';
import { median } from './measure.js';
import { PtyProbe, sleep } from './live/pty-probe.js';
import { headerStep, quantile, readFrames } from './live/stats.js';

const PRESSES = 10;
/** Issue 16 (issue #6 asked for 100 ms). */
const KEY_TARGET_MS = 30;
const STEPS_TARGET = 1000;

const latencies: number[] = [];
const stepsPerFrame: number[] = [];
const rates: string[] = [];

afterAll(() => {
  if (latencies.length === 0) {
    record({ name: 'live, --speed max: key answered (space, pause and resume)', measured: 'not measured: its benchmark failed', target: `≤ ${KEY_TARGET_MS} ms`, holds: false });
  } else {
    const worst = Math.max(...latencies);
    record({
      name: 'live, --speed max: key answered (space, pause and resume)',
      measured: `worst ${worst.toFixed(0)} ms, median ${median(latencies).toFixed(0)} ms (${latencies.length} presses)`,
      target: `≤ ${KEY_TARGET_MS} ms`,
      holds: worst <= KEY_TARGET_MS,
    });
  }
  if (stepsPerFrame.length === 0) {
    record({ name: 'live, --speed max: steps per frame', measured: 'not measured: its benchmark failed', target: `≥ ${STEPS_TARGET}`, holds: false });
  } else {
    const spf = median(stepsPerFrame);
    record({
      name: 'live, --speed max: steps per frame',
      measured: `${spf.toFixed(0)} (median; 5%: ${quantile(stepsPerFrame, 0.05).toFixed(0)}; header: ${rates.join(', ')})`,
      target: `≥ ${STEPS_TARGET}`,
      holds: spf >= STEPS_TARGET,
    });
  }
  printTable();
});

describe('live, --speed max in a 120×40 pty: space pressed while fast-forwarding', () => {
  bench(
    'one session',
    async () => {
      const stats = join(tmpdir(), `normdrift-live-ff-${process.pid}.ndjson`);
      const p = new PtyProbe({ argv: ['dist/cli.js', '--speed', 'max'], cols: 120, rows: 40, env: { NORMDRIFT_STATS: stats } });
      const header = () => p.lines()[0] ?? '';
      try {
        await p.until((_, lines) => headerStep(lines) >= 100_000, 'fast-forward to get going');
        // Frames while running flat out, before any key.
        await sleep(2000);
        rates.push(/max ≈\S+ steps\/s/.exec(header())?.[0] ?? '?');
        const frames = readFrames(stats).filter((f) => f.step > 0);
        for (let i = 1; i < frames.length; i++) stepsPerFrame.push(frames[i].step - frames[i - 1].step);
        for (let i = 0; i < PRESSES; i++) {
          const pausing = i % 2 === 0;
          const sent = p.now();
          p.write(' ');
          const shown = await p.until(
            (_, lines) => (pausing ? /· paused ·/.test(lines[0] ?? '') : /· max ≈/.test(lines[0] ?? '')),
            pausing ? 'the header to say paused' : 'the header to show the speed again',
            5000,
          );
          latencies.push(shown.at - sent);
          // Let the view settle into its new state before the next key.
          await sleep(pausing ? 300 : 700);
        }
        p.write('q');
        await p.exited;
      } finally {
        p.dispose();
        rmSync(stats, { force: true });
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
