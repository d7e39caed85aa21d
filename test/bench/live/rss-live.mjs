// @ts-check
/**
 * The live-view memory figure of `npm run bench` (live-memory.bench.ts): the real CLI, started
 * through this wrapper in a pseudo-terminal, plus a way to read its memory from outside at a
 * moment the bench chooses, with the garbage collector's timing taken out of the reading.
 *
 *   MEMORY_OUT=file node --expose-gc test/bench/live/rss-live.mjs [normdrift flags...]
 *
 * When the file MEMORY_OUT.ask appears it removes it, lets the optimizing compiler's background
 * work finish, collects garbage twice and appends one JSON line to MEMORY_OUT: {"rss", "heapUsed", "external"} in bytes. Without the
 * collections the figure would measure when V8 last ran a full collection (the live view's old
 * generation climbs by tens of MB before one), not what the session keeps. Nothing else is
 * changed: dist/cli.js runs exactly as `normdrift [flags]` does, reading these arguments.
 */
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const out = process.env.MEMORY_OUT;
const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
if (!out || !gc) throw new Error('usage: MEMORY_OUT=file node --expose-gc rss-live.mjs [flags]');

// Asked for by a file (MEMORY_OUT + '.ask'), not by a signal: the live view ends on every
// catchable ending signal, SIGUSR2 among them (src/modes/signals.ts). Looked for ten times a
// second, a timer that keeps nothing alive.
const askFile = `${out}.ask`;
setInterval(() => {
  if (!existsSync(askFile)) return;
  rmSync(askFile, { force: true });
  void sleep(200).then(() => {
    gc();
    gc();
    const { rss, heapUsed, external } = process.memoryUsage();
    appendFileSync(out, JSON.stringify({ rss, heapUsed, external }) + '\n');
  });
}, 100).unref();

// dist/cli.js reads process.argv.slice(2): the flags after this script's name.
await import('../../../dist/cli.js');
