// @ts-check
/**
 * CPU per frame of the live view, in-process, for A/B runs of a change to the render path (the
 * figures in issue 16's commit messages and README "Where the CPU goes"): the built view
 * (dist/, so node_modules as patched now) at 120×40, the default scenario and speed, driven by
 * a fake clock at 6 frames a second with nothing waiting between frames but 2 ms for Ink to
 * draw, into a stdout that counts and drops the bytes. Prints the CPU (user + system) per frame
 * over MEASURE frames after WARM. Steadier than the pty bench (no terminal, no scheduling of the
 * frames), but not the whole process: compare builds by alternating runs, medians of several.
 *
 *   node test/bench/live/frame-cpu.mjs [WARM=150] [MEASURE=400]
 */
import { EventEmitter } from 'node:events';

process.env.NODE_ENV = 'production';
process.env.FORCE_COLOR = '2';
const WARM = Number(process.argv[2] ?? 150);
const MEASURE = Number(process.argv[3] ?? 400);
const FPS = 6;

const { resolveScenario, builtinNames, loadBuiltin } = await import('../../../dist/scenario/builtins.js');
const { LiveSession } = await import('../../../dist/session/live.js');
const { TerminalScreen } = await import('../../../dist/ui/screen.js');
const { mountLive } = await import('../../../dist/ui/live.js');

class Sink extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = true;
  bytes = 0;
  /** @param {string} s */
  write(s) {
    this.bytes += Buffer.byteLength(s);
    return true;
  }
}
const out = new Sink();
let now = 0;
const r = await resolveScenario(undefined);
const session = new LiveSession({
  initial: { name: r.name, arg: r.name, builtin: true, scenario: r.scenario },
  source: { names: builtinNames, load: loadBuiltin },
  clock: () => now,
  replayFlags: [],
});
const screen = new TerminalScreen(out);
screen.enter();
const stdin = Object.assign(new EventEmitter(), {
  isTTY: false,
  setRawMode() {},
  setEncoding() {},
  read: () => null,
  ref() {},
  unref() {},
  resume() {},
  pause() {},
});
const view = mountLive(
  { session, screen, ascii: false, keyboard: false, onExit() {} },
  // @ts-ignore: the screen and the fake stdin stand in for the streams, as in src/modes/live.ts
  { stdout: screen, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 1000 },
);
/** @param {number} n */
async function frames(n) {
  for (let i = 0; i < n; i++) {
    now += 1000 / FPS;
    session.tick();
    session.publish();
    await new Promise((done) => setTimeout(done, 2));
  }
}
await frames(WARM);
const bytes = out.bytes;
const cpu = process.cpuUsage();
await frames(MEASURE);
const used = process.cpuUsage(cpu);
view.unmount();
screen.leave();
process.stdout.write(
  `${JSON.stringify({ msPerFrame: (used.user + used.system) / 1000 / MEASURE, bytesPerFrame: (out.bytes - bytes) / MEASURE, step: session.step })}\n`,
);
process.exit(0);
