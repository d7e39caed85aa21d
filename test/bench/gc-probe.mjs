// Run with `node --trace-gc test/bench/gc-probe.mjs SCENARIO STEPS` (after `npm run build`):
// trains the built-in for STEPS lockstep steps in chunks of 1000, as the CLI does, after a warm-up,
// and prints "steps N" between markers, so the young-generation GCs (Scavenge lines) of the steps
// alone can be counted. Used for issue #15's seedrandom check (rng.ts): garbage per step.
import { Pair } from '../../dist/session/pair.js';
import { loadBuiltin } from '../../dist/scenario/builtins.js';

const [name = 'minibatch', steps = '1000000'] = process.argv.slice(2);
const pair = new Pair(await loadBuiltin(name));
pair.advance(20_000);
console.log('--- start');
for (let done = 0; done < Number(steps); done += 1000) pair.advance(1000);
console.log('--- end');
