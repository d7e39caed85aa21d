/**
 * Live view, issue #6: memory stays bounded in a live process at top speed. The built CLI runs
 * in a real 120×40 pseudo-terminal through live/rss-live.mjs, which only adds a way to read the
 * process's memory after two full garbage collections (when asked, by a file): without them the reading
 * would say when V8 last collected (the old generation climbs by tens of MB before it does),
 * not what the session keeps. Readings are taken at the first frame whose header shows step
 * EARLY (10⁴) or more, at MIDDLE (10⁶, the figure) and at LATE (10⁷: by then the view
 * has drawn about a hundred frames and sampled about a hundred points, so anything kept per
 * frame or per sample would show). Target: RSS at the last reading within 10% of the first.
 *
 * The session starts at 5000 steps/s, so step 10⁴ comes after two seconds of frames (at the
 * default speed it takes three minutes), and only then is sped up to the maximum with `+`. At
 * `--speed max` from the start step 10⁴ is the second frame, 50 ms into the process, when V8
 * is still sizing its heap and compiling for the view: 5–10% of RSS that has nothing to do with
 * steps, and that a session never gives back or adds to again (a 3-minute soak is flat).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { MEMORY_RATIO_TARGET, printTable, record } from './figures.js';
import { median, readJsonLines } from './measure.js';
import { PtyProbe, sleep } from './live/pty-probe.js';
import { headerStep } from './live/stats.js';

const EARLY = 10_000;
const MIDDLE = 1_000_000;
const LATE = 10_000_000;
/** Steps per second until step EARLY: two seconds of an ordinary session first. */
const WARM_SPEED = 5000;
const RUNS = 2;

interface Reading {
  step: number;
  rss: number;
  heapUsed: number;
}
const results: { early: Reading; middle: Reading; late: Reading }[] = [];

afterAll(() => {
  const name = 'live: RSS at step 10⁷ / at the first frame past 10⁴ (5000 steps/s to 10⁴, then --speed max)';
  if (results.length === 0) {
    record({ name, measured: 'not measured: its benchmark failed', target: `≤ ${MEMORY_RATIO_TARGET.toFixed(2)}`, holds: false });
  } else {
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
    const ratios = results.map((r) => r.late.rss / r.early.rss);
    const ratio = median(ratios);
    const r = results[ratios.indexOf(ratio)] ?? results[0];
    record({
      name,
      measured:
        `${ratio.toFixed(3)} (${mb(r.late.rss)} at step ${r.late.step} vs ${mb(r.early.rss)} at ${r.early.step}; ` +
        `${mb(r.middle.rss)} at ${r.middle.step}; JS heap ${mb(r.late.heapUsed)} vs ${mb(r.early.heapUsed)})`,
      target: `≤ ${MEMORY_RATIO_TARGET.toFixed(2)}`,
      holds: ratio <= MEMORY_RATIO_TARGET,
    });
  }
  printTable();
});

describe(`live memory: ${WARM_SPEED} steps/s to step ${EARLY}, then --speed max, in a 120×40 pty: RSS at step ${EARLY}, ${MIDDLE} and ${LATE}`, () => {
  bench(
    'one session',
    async () => {
      const out = join(tmpdir(), `normdrift-live-memory-${process.pid}-${results.length}.ndjson`);
      const p = new PtyProbe({
        argv: ['--expose-gc', 'test/bench/live/rss-live.mjs', '--speed', String(WARM_SPEED)],
        cols: 120,
        rows: 40,
        env: { MEMORY_OUT: out },
      });
      try {
        const readings: Reading[] = [];
        for (const target of [EARLY, MIDDLE, LATE]) {
          const w = await p.until((_, lines) => headerStep(lines) >= target, `step ${target}`, 120_000);
          // rss-live.mjs reads memory when this file appears (the view ends on SIGUSR2).
          writeFileSync(`${out}.ask`, '');
          // The reading is appended once the collections are done (after a 200 ms pause).
          const deadline = Date.now() + 10_000;
          while (readLines(out).length < readings.length + 1) {
            if (Date.now() > deadline) throw new Error('no memory reading came back');
            await sleep(50);
          }
          const m = readLines(out)[readings.length];
          readings.push({ step: headerStep(w.lines), rss: m.rss, heapUsed: m.heapUsed });
          if (target === EARLY) {
            // Up the speed ladder to its top (each rung beyond the engine's pace is the maximum).
            for (let k = 0; k < 10; k++) {
              p.write('+');
              await sleep(30);
            }
            await p.until((_, lines) => /max ≈/.test(lines[0] ?? ''), 'the maximum speed', 10_000);
          }
        }
        results.push({ early: readings[0], middle: readings[1], late: readings[2] });
        p.write('q');
        await p.exited;
      } finally {
        p.dispose();
        rmSync(out, { force: true });
        rmSync(`${out}.ask`, { force: true });
      }
    },
    { iterations: RUNS, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});

const readLines = (path: string) => readJsonLines<{ rss: number; heapUsed: number }>(path);
