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
import { headlessLines } from '../../dist/output/ndjson.js';
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
let atEarly = null;
// One run, as the CLI makes it (its event detector must see every step from 0): the lines are
// made as they are asked for, so the run can be paused at step `early` to take the first reading.
for (const line of headlessLines(pair, { name: resolved.name, steps, every: early })) {
  bytes += line.length + 1;
  if (atEarly === null && pair.step >= early) atEarly = await reading(pair.step);
}
const atLast = await reading(pair.step);
process.stdout.write(JSON.stringify({ early: atEarly, last: atLast, bytes }) + '\n');
