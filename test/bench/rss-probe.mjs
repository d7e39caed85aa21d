// @ts-check
/**
 * The memory figure of `npm run bench`: a fresh process trains headless through the code the CLI
 * runs (dist/, built by `npm run bench`) and reads its resident set at step `early` and at its
 * last step. Before each reading it lets the optimizing compiler's background work finish and
 * collects garbage twice, so that the two readings differ only by what the run has kept.
 *
 *   node --expose-gc test/bench/rss-probe.mjs [steps=1000000] [early=10000] [scenario=paper-bias]
 *
 * prints one JSON line: {"early": {step, rss, heapUsed}, "last": {…}, "bytes"} (bytes: NDJSON
 * written and discarded; every `early`-th step is recorded).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { runHeadless } from '../../dist/output/ndjson.js';
import { resolveScenario } from '../../dist/scenario/builtins.js';
import { applyOverrides, Pair } from '../../dist/session/pair.js';

const steps = Number(process.argv[2] ?? 1_000_000);
const early = Number(process.argv[3] ?? 10_000);
const name = process.argv[4] ?? 'paper-bias';
if (!(Number.isInteger(steps) && Number.isInteger(early) && 0 < early && early < steps)) {
  throw new Error('usage: rss-probe.mjs [steps] [early < steps] [scenario]');
}
const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
if (!gc) throw new Error('run with node --expose-gc');

/** @param {number} step */
async function reading(step) {
  await sleep(200);
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { step, rss, heapUsed };
}

const resolved = await resolveScenario(name);
const pair = new Pair(applyOverrides(resolved.scenario, { steps }));
let bytes = 0;
/** @param {string} line */
const discard = (line) => {
  bytes += line.length + 1;
};
// The same pair trained in two stretches: to `early`, then on to `steps`.
runHeadless(pair, { name: resolved.name, steps: early, every: early }, discard);
const atEarly = await reading(pair.step);
runHeadless(pair, { name: resolved.name, steps: steps - early, every: early }, discard);
const atLast = await reading(pair.step);
process.stdout.write(JSON.stringify({ early: atEarly, last: atLast, bytes }) + '\n');
