import { render } from 'ink';
import { writeSync } from 'node:fs';
import { format } from 'node:util';
import { EXIT, signalExitCode } from '../exit.js';
import { builtinNames, resolveScenario } from '../scenario/builtins.js';
import { LiveSession, type LiveScenario, type ScenarioSource } from '../session/live.js';
import { App } from './App.js';
import { CURSOR_SHOW, TerminalScreen } from './screen.js';

export interface LiveRunOptions {
  initial: LiveScenario;
  fps: number;
  ascii: boolean;
  /** Steps per second to start at. */
  speed?: number;
}

export const builtinSource: ScenarioSource = {
  names: builtinNames,
  load: (name) => resolveScenario(name).scenario,
};

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The terminal is gone: there is nothing to restore and nowhere to print. End the way a hang-up
 * ends a program, by the signal's default action. A normal exit would be worse than useless:
 * Node resets the tty's modes on exit and aborts with a core dump when the tty no longer answers
 * (nodejs/node#51519).
 */
function terminalGone(fd: number): boolean {
  try {
    writeSync(fd, CURSOR_SHOW);
    return false;
  } catch {
    return true;
  }
}

function hangUp(): never {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
  // Only reached if SIGHUP is ignored by whoever started us (nohup): still skip the tty reset.
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL was sent');
}

/**
 * Console output during the run would land in the middle of the frame: keep it and print it
 * after the terminal is restored.
 */
function holdConsole(): () => string[] {
  const held: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void held.push(format(...args));
  return () => {
    methods.forEach((m, i) => (console[m] = saved[i]));
    return held;
  };
}

/**
 * The live dashboard on the alternate screen. Resolves with the exit code once the terminal is
 * restored (main screen, cursor shown, raw mode off) whichever way it ended: q, Ctrl+C, a signal
 * or an error.
 */
export async function runLive(o: LiveRunOptions): Promise<number> {
  const { stdout, stdin } = process;
  const keyboard = stdin.isTTY === true;
  const session = new LiveSession({ initial: o.initial, source: builtinSource, speed: o.speed });
  const screen = new TerminalScreen(stdout);

  let finish!: (code: number) => void;
  let fail!: (err: unknown) => void;
  const ended = new Promise<number>((resolve, reject) => {
    let done = false;
    finish = (code) => {
      if (done) return;
      done = true;
      resolve(code);
    };
    fail = (err) => {
      if (done) return;
      done = true;
      reject(err);
    };
  });
  // A throw from a timer (the training clock) would otherwise kill the process with the
  // terminal still in the alternate screen and raw mode: end through the same restore path.
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  // Last resort for a process.exit() from anywhere: leave the alternate screen synchronously.
  const onExit = () => screen.leave();
  process.on('exit', onExit);
  const onSignal = (signal: NodeJS.Signals) => {
    // SIGHUP also comes from `kill -HUP` with the terminal still there: then restore it as usual.
    if (signal === 'SIGHUP' && terminalGone(stdout.fd)) hangUp();
    finish(signalExitCode(signal));
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  // Writing to a terminal that has gone away fails (EIO); that ends the view like a hang-up.
  const onWriteError = () => hangUp();
  stdout.on('error', onWriteError);
  const releaseConsole = holdConsole();

  screen.enter();
  let instance: ReturnType<typeof render> | undefined;
  try {
    instance = render(
      <App session={session} screen={screen} fps={o.fps} ascii={o.ascii} keyboard={keyboard} onExit={finish} />,
      {
        stdout: screen as unknown as NodeJS.WriteStream,
        stdin,
        exitOnCtrlC: false,
        patchConsole: false,
        maxFps: o.fps,
        // See screen.ts: Ink 6.8's incremental mode drifts a line per frame; TerminalScreen does
        // the row-level diffing instead.
        incrementalRendering: false,
      },
    );
    // An exception in a component unmounts Ink and rejects waitUntilExit: rethrown below.
    return await Promise.race([ended, instance.waitUntilExit().then(() => EXIT.ok)]);
  } finally {
    instance?.unmount();
    if (keyboard && stdin.isRaw) stdin.setRawMode(false);
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('uncaughtException', fail);
    process.off('unhandledRejection', fail);
    process.off('exit', onExit);
    screen.leave();
    stdout.write(`${session.replayCommand()}   # stopped at step ${session.step}\n`);
    stdout.off('error', onWriteError);
    const held = releaseConsole();
    if (held.length) process.stderr.write(held.join('\n') + '\n');
  }
}
