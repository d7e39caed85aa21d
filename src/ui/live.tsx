import { render } from 'ink';
import { format } from 'node:util';
import { EXIT, signalExitCode } from '../exit.js';
import { builtinNames, resolveScenario } from '../scenario/builtins.js';
import { LiveSession, type LiveScenario, type ScenarioSource } from '../session/live.js';
import { App } from './App.js';
import { TerminalScreen } from './screen.js';

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
  const ended = new Promise<number>((resolve) => {
    let done = false;
    finish = (code) => {
      if (done) return;
      done = true;
      resolve(code);
    };
  });
  let hungUp = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signal === 'SIGHUP') hungUp = true;
    finish(signalExitCode(signal));
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  // After a hang-up the terminal is gone and writes fail with EIO: nothing left to restore.
  const onWriteError = () => finish(hungUp ? signalExitCode('SIGHUP') : EXIT.failure);
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
    if (!hungUp) {
      screen.leave();
      stdout.write(`${session.replayCommand()}   # stopped at step ${session.step}\n`);
    }
    stdout.off('error', onWriteError);
    const held = releaseConsole();
    if (held.length && !hungUp) process.stderr.write(held.join('\n') + '\n');
  }
}
