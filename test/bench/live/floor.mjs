// @ts-check
/**
 * The floor of the live view's CPU figure (live-default.bench.ts): what showing the same frames
 * costs without React and Ink. It replays, in a pseudo-terminal of the same size, the frames a
 * live run handed to its TerminalScreen (NORMDRIFT_FRAMES, see src/ui/stats.ts), each at the
 * moment it came in that run, through the same TerminalScreen (dist/ui/screen.js: diffed against
 * what is on screen, one write per frame), while the paper's example trains at the live view's
 * default 60 steps a second with each step's state read, as the view's sampling does. Building
 * the frames' text is not done again: this floor is below any view that must build it.
 *
 *   node test/bench/live/floor.mjs FRAMES.ndjson
 *
 * After the last frame it starts over from the first (one frame then changes everything), until q.
 */
import { readFileSync } from 'node:fs';
import { resolveScenario } from '../../../dist/scenario/builtins.js';
import { Pair } from '../../../dist/session/pair.js';
import { SYNC_OFF, SYNC_ON, TerminalScreen } from '../../../dist/ui/screen.js';

/** @type {{ t: number, lines: string[] }[]} */
const frames = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l));
const screen = new TerminalScreen(process.stdout);
screen.enter();
process.stdin.setRawMode?.(true);
process.stdin.on('data', (d) => {
  if (String(d).includes('q')) finish();
});

const pair = new Pair((await resolveScenario('paper-bias')).scenario);
const training = setInterval(() => {
  pair.advance(1);
  pair.states();
}, 1000 / 60);

let previous = 0;
let t0 = performance.now();
const base = frames.length ? frames[0].t : 0;
let k = 0;
function next() {
  if (frames.length === 0) return finish();
  if (k >= frames.length) {
    k = 0;
    t0 = performance.now();
  }
  const f = frames[k++];
  // As Ink's standard renderer hands a frame over: marks, erase the last frame, the frame.
  const erase = previous === 0 ? '' : '\x1b[2K\x1b[1A'.repeat(previous - 1) + '\x1b[2K\x1b[G';
  screen.write(SYNC_ON);
  screen.write(erase + f.lines.join('\n') + '\n');
  screen.write(SYNC_OFF);
  previous = f.lines.length + 1;
  const due = k < frames.length ? frames[k].t - base : 0;
  setTimeout(next, Math.max(0, due - (performance.now() - t0)));
}
next();

function finish() {
  clearInterval(training);
  screen.leave();
  process.exit(0);
}
