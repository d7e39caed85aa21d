/**
 * Issue #14's whole-run store at the engine's pace: what reading every step into the min/max
 * stores (WholeRun.advance) costs on top of the lockstep step itself (Pair.advance), in chunks
 * as --speed max runs them, for the rows each scenario charts; and that it allocates nothing
 * per step (young-generation GCs, as engine.bench.ts counts them for the bare pair).
 *
 * Both sides run in the same bench call, alternately, so a busy machine slows both alike.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { afterAll, bench, describe } from 'vitest';
import { Pair } from '../../src/session/pair.js';
import { rowSpecs } from '../../src/session/rows.js';
import { WholeRun } from '../../src/session/whole-run.js';
import { builtin } from '../scenarios/helpers.js';
import { printTable, record } from './figures.js';
import { median, Samples } from './measure.js';

const SCENARIOS = ['paper-bias', 'minibatch', 'batchnorm-2d'] as const;
const CHUNK = 10_000;
/** The store's share of a lockstep step: reading ≤ 8 numbers per model must stay well below the step. */
const OVERHEAD_TARGET = 1.25;
const GC_STEPS = 1_000_000;
const GC_TARGET = 1;

const plain = Object.fromEntries(SCENARIOS.map((n) => [n, new Samples()]));
const stored = Object.fromEntries(SCENARIOS.map((n) => [n, new Samples()]));
const gcs: number[] = [];
const footprints: string[] = [];

afterAll(() => {
  for (const n of SCENARIOS) {
    const name = `whole-run store, ${n}: WholeRun.advance / Pair.advance per step`;
    if (plain[n].size === 0 || stored[n].size === 0) {
      record({ name, measured: 'not measured: its benchmark failed', target: `≤ ${OVERHEAD_TARGET}`, holds: false });
      continue;
    }
    const p = plain[n].median();
    const s = stored[n].median();
    record({
      name,
      measured: `${(s / p).toFixed(3)} (${((s - p) * 1000).toFixed(0)} ns of ${(p * 1000).toFixed(0)} ns a step)`,
      target: `≤ ${OVERHEAD_TARGET}`,
      holds: s / p <= OVERHEAD_TARGET,
    });
  }
  const gcName = `whole-run store: young-generation GCs per 10⁶ steps through WholeRun.advance (paper-bias)`;
  if (gcs.length === 0) record({ name: gcName, measured: 'not measured: its benchmark failed', target: `≤ ${GC_TARGET}`, holds: false });
  else record({ name: gcName, measured: `${median(gcs)} (median of ${gcs.length}; ${footprints[0]})`, target: `≤ ${GC_TARGET}`, holds: median(gcs) <= GC_TARGET });
  printTable();
});

for (const n of SCENARIOS) {
  describe(`whole-run store, ${n}: ${CHUNK} steps per call`, () => {
    let a: Pair | undefined;
    let b: Pair | undefined;
    let run: WholeRun | undefined;
    bench('Pair.advance, then WholeRun.advance', () => {
      if (!a || !b || !run) {
        const s = builtin(n);
        a = new Pair(s);
        b = new Pair(s);
        run = new WholeRun(
          rowSpecs(s).map((r) => r.key),
          b,
        );
      }
      const pa = a;
      const pb = b;
      const r = run;
      plain[n].time(CHUNK, () => pa.advance(CHUNK));
      stored[n].time(CHUNK, () => r.advance(pb, CHUNK));
      r.sample(pb.step, pb.states());
    });
  });
}

describe(`garbage: young-generation GCs during ${GC_STEPS} steps through WholeRun.advance`, () => {
  bench(
    'paper-bias',
    async () => {
      const s = builtin('paper-bias');
      const pair = new Pair(s);
      const run = new WholeRun(
        rowSpecs(s).map((r) => r.key),
        pair,
      );
      // Past the pyramid's first levels and compiled: what V8 allocates while optimizing is not the step's.
      run.advance(pair, 20_000);
      const entries: PerformanceEntry[] = [];
      const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
      observer.observe({ entryTypes: ['gc'] });
      const t0 = performance.now();
      for (let done = 0; done < GC_STEPS; done += 1000) run.advance(pair, 1000);
      const t1 = performance.now();
      await new Promise((r) => setTimeout(r, 50));
      observer.disconnect();
      const minor = entries.filter(
        (e) => e.startTime >= t0 && e.startTime <= t1 && (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR,
      );
      gcs.push(minor.length);
      const floats = run.keys.reduce((sum, k) => sum + run.store('naive', k).run.footprint + run.store('backprop', k).run.footprint, 0);
      footprints.push(`pyramids hold ${floats} float64 (${((floats * 8) / 1024).toFixed(0)} KiB) at step ${pair.step}`);
    },
    { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
