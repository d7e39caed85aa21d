/**
 * The engine half of issue #6, measured side by side in one run:
 *
 * - the training step against TensorFlow.js's CPU backend (tf-step.ts; tf-agreement.test.ts
 *   checks that both compute the same gradients): target ≥ 100× faster per step;
 * - the headless CLI with decimated output, a whole process: target ≥ 10⁶ steps/s;
 * - memory: RSS at step 10⁶ within 10% of RSS at step 10⁴ (rss-probe.mjs);
 * - garbage: young-generation GCs while the pair trains (none expected: nothing is allocated
 *   per step, so long runs neither grow nor pause).
 *
 * Nothing here asserts a time: the figures and whether each target holds go to the table that
 * afterAll prints (figures.ts). Other files under test/bench/ add their figures to the same table.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { Trainer } from '../../src/engine/trainer.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';
import { engineConfigs } from './configs.js';
import { MEMORY_RATIO_TARGET, printTable, record } from './figures.js';
import { median, micros, runNode, Samples } from './measure.js';
import { TfTrainer, tfReady } from './tf-step.js';

const SPEEDUP_TARGET = 100;
const HEADLESS_STEPS = 1_000_000;
const HEADLESS_TARGET = 1_000_000;
const MEMORY_EARLY = 10_000;
const GC_STEPS = 2_000_000;
const GC_SCENARIOS = ['paper-bias', 'minibatch'] as const;
/** Minor GCs per 10⁶ steps that still count as "nothing per step" (a stray one from elsewhere). */
const GC_TARGET = 1;
/** Whole processes are few and long: no warm-up, a fixed count. */
const processRuns = (iterations: number) => ({ iterations, time: 0, warmupIterations: 0, warmupTime: 0 });

// vitest runs only file-level hooks around benchmarks: state lives here, set up on first use.
const configs = engineConfigs();
const ours = configs.map(() => new Samples());
const theirs = configs.map(() => new Samples());
const headlessRuns: number[] = [];
const startUps: number[] = [];
const rssRatios: number[] = [];
const rssReadings: string[] = [];
const peers: TfTrainer[] = [];
const minorGcs: Record<string, number[]> = Object.fromEntries(GC_SCENARIOS.map((n) => [n, []]));

beforeAll(tfReady);

/** A figure whose benchmark threw (vitest reports the error) still gets its row, failing. */
function unmeasured(name: string, target: string): void {
  record({ name, measured: 'not measured: its benchmark failed', target, holds: false });
}

afterAll(() => {
  for (const p of peers) p.dispose();
  configs.forEach((c, k) => {
    if (ours[k].size === 0 || theirs[k].size === 0) {
      unmeasured(`engine step, ${c.label}: tfjs-cpu / normdrift`, `≥ ${SPEEDUP_TARGET}×`);
      return;
    }
    const ratio = theirs[k].median() / ours[k].median();
    record({
      name: `engine step, ${c.label}: tfjs-cpu / normdrift`,
      measured: `${ratio.toFixed(0)}× (${micros(ours[k].median())} vs ${micros(theirs[k].median())})`,
      target: `≥ ${SPEEDUP_TARGET}×`,
      holds: ratio >= SPEEDUP_TARGET,
    });
  });
  if (headlessRuns.length === 0 || startUps.length === 0) {
    unmeasured('headless paper-bias, 10⁶ steps --every 100000, whole process', `≥ ${HEADLESS_TARGET / 1e6} M steps/s`);
  } else {
    const best = HEADLESS_STEPS / Math.min(...headlessRuns);
    record({
      name: `headless paper-bias, 10⁶ steps --every 100000, whole process`,
      measured:
        `${(best / 1e6).toFixed(2)} M steps/s (best of ${headlessRuns.length}; median ` +
        `${(HEADLESS_STEPS / median(headlessRuns) / 1e6).toFixed(2)} M; start-up ${median(startUps).toFixed(2)} s)`,
      target: `≥ ${HEADLESS_TARGET / 1e6} M steps/s`,
      holds: best >= HEADLESS_TARGET,
    });
  }
  if (rssRatios.length === 0) {
    unmeasured('memory, headless paper-bias: RSS at step 10⁶ / at step 10⁴', `≤ ${MEMORY_RATIO_TARGET.toFixed(2)}`);
  } else {
    const ratio = median(rssRatios);
    record({
      name: 'memory, headless paper-bias: RSS at step 10⁶ / at step 10⁴',
      measured: `${ratio.toFixed(3)} (median of ${rssRatios.length}: ${rssReadings[rssRatios.indexOf(ratio)]})`,
      target: `≤ ${MEMORY_RATIO_TARGET.toFixed(2)}`,
      holds: ratio <= MEMORY_RATIO_TARGET,
    });
  }
  const gcName = `engine: young-generation GCs per 10⁶ lockstep steps (${GC_SCENARIOS.join(' / ')})`;
  if (GC_SCENARIOS.some((n) => minorGcs[n].length === 0)) unmeasured(gcName, `≤ ${GC_TARGET}`);
  else {
    const perMillion = GC_SCENARIOS.map((n) => (median(minorGcs[n]) * 1e6) / GC_STEPS);
    record({
      name: gcName,
      measured: `${perMillion.map((v) => v.toFixed(1)).join(' / ')} (medians of ${minorGcs[GC_SCENARIOS[0]].length} runs of ${GC_STEPS / 1e6}·10⁶ steps)`,
      target: `≤ ${GC_TARGET}`,
      holds: perMillion.every((v) => v <= GC_TARGET),
    });
  }
  printTable();
});

// Each configuration's two benchmarks side by side, each in a group of its own: vitest compares
// benchmarks within a group per call, and a normdrift call is a chunk of steps (about a
// millisecond's worth, so that the clock's resolution does not count) while a TensorFlow.js call
// is one step. The per-step ratios are in the table.
configs.forEach((c, k) => {
  const chunk = Math.ceil(131_072 / c.n);
  let trainer: Trainer | undefined;
  let peer: TfTrainer | undefined;

  describe(`engine step, ${c.label}: normdrift, ${chunk} steps per call`, () => {
    bench('normdrift', () => {
      const t = (trainer ??= new Trainer(c.rule, c.spec, c.data, c.scenario.seed));
      ours[k].time(chunk, () => t.run(chunk));
      // A diverged model stops computing; its "steps" would be free.
      if (t.diverged) throw new Error(`${c.label}: normdrift diverged at step ${t.divergedAt}`);
    });
  });

  describe(`engine step, ${c.label}: TensorFlow.js CPU backend, 1 step per call`, () => {
    bench('tfjs-cpu', () => {
      if (!peer) {
        peer = new TfTrainer(c.rule, c.spec, c.data);
        peers.push(peer);
      }
      const p = peer;
      theirs[k].time(1, () => p.step());
    });
  });
});

describe(`headless: node dist/cli.js --json --steps ${HEADLESS_STEPS} --every 100000 (paper-bias)`, () => {
  bench(
    'whole process',
    () => {
      const r = runNode(['dist/cli.js', '--json', '--steps', String(HEADLESS_STEPS), '--every', '100000']);
      // 11 recorded steps × 2 models (and the scenario line, the summary and any event lines)
      const lines = r.stdout.trimEnd().split('\n').filter((l) => l.startsWith('{"type":"step"')).length;
      if (lines !== 22) throw new Error(`expected 22 NDJSON step lines, got ${lines}`);
      headlessRuns.push(r.seconds);
    },
    processRuns(5),
  );

  bench(
    'start-up only (--steps 0)',
    () => {
      startUps.push(runNode(['dist/cli.js', '--json', '--steps', '0']).seconds);
    },
    processRuns(5),
  );
});

describe(`memory: RSS at step ${HEADLESS_STEPS} / at step ${MEMORY_EARLY}, one headless process`, () => {
  bench(
    'rss-probe',
    () => {
      const r = runNode(['--expose-gc', 'test/bench/rss-probe.mjs', String(HEADLESS_STEPS), String(MEMORY_EARLY)]);
      type Reading = { rss: number; heapUsed: number };
      const { early, last } = JSON.parse(r.stdout) as { early: Reading; last: Reading };
      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
      rssRatios.push(last.rss / early.rss);
      rssReadings.push(`${mb(last.rss)} MB vs ${mb(early.rss)} MB; JS heap ${mb(last.heapUsed)} vs ${mb(early.heapUsed)} MB`);
    },
    processRuns(3),
  );
});

describe(`garbage: young-generation GCs during ${GC_STEPS} lockstep steps, in chunks as the CLI runs them`, () => {
  for (const name of GC_SCENARIOS)
    bench(
      name,
      async () => {
        const pair = new Pair(builtin(name));
        // Compiled first: what V8 allocates while optimizing is not the step's.
        pair.advance(20_000);
        const entries: PerformanceEntry[] = [];
        const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
        observer.observe({ entryTypes: ['gc'] });
        const t0 = performance.now();
        for (let done = 0; done < GC_STEPS; done += 1000) pair.advance(1000);
        const t1 = performance.now();
        // GC entries are delivered after the fact.
        await new Promise((r) => setTimeout(r, 50));
        observer.disconnect();
        const minor = entries.filter(
          (e) => e.startTime >= t0 && e.startTime <= t1 && (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR,
        );
        minorGcs[name].push(minor.length);
      },
      processRuns(3),
    );
});
