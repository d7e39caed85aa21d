import { writeSync } from 'node:fs';
import { format } from 'node:util';
import { EXIT, signalExitCode } from '../exit.js';
import { AsciicastWriter, teeStream } from '../output/asciicast.js';
import { csvExporter } from '../output/export.js';
import { fsReason, openOutput, openPlanned, planOutputs } from '../output/files.js';
import { CsvRecorder, isHtmlRecording, openRecording, playHint } from '../output/recorders.js';
import { sanitize } from '../text/sanitize.js';
import { builtinNames, loadBuiltin } from '../scenario/builtins.js';
import { driveSession } from '../session/driver.js';
import { LiveSession, type LiveScenario, type ScenarioSource } from '../session/live.js';
import { shellLine, shellWord } from '../session/replay.js';
import { castTitle, mountLive } from '../ui/live.js';
import { CURSOR_SHOW, TerminalScreen } from '../ui/screen.js';
import { KeyboardStream } from '../ui/keyboard.js';
import type { ChartOptions } from '../ui/state.js';
import { frameStats } from '../ui/stats.js';
import { endingSignals } from './signals.js';

/**
 * The live mode: the dashboard on the alternate screen, and everything around it that belongs
 * to the process: signals, the console, the files a run writes (the asciicast tee, the CSV), the
 * session's clock, and the terminal restored on every way out.
 *
 * Import this module only after the colour environment is set (src/ui/env.ts): it loads Ink.
 */

export interface LiveRunOptions {
  initial: LiveScenario;
  fps: number;
  ascii: boolean;
  /** Steps per second to start at. */
  speed?: number;
  /** --record FILE: an asciicast v2 recording of everything written to the terminal. */
  record?: string;
  /** --csv FILE: the recorded steps of the first run. */
  csv?: string;
  /** --every K: record only multiples of K (CSV and export). */
  every?: number;
  /** --steps N: end after step N. */
  stopAt?: number;
  /** --duration SECONDS: end after this long. */
  duration?: number;
  /** --exit-at-end: at --steps N or --duration, end at once instead of holding the last frame. */
  exitAtEnd?: boolean;
  /** --present: presenter mode from the start. */
  present?: boolean;
  /** --paused: start paused. */
  paused?: boolean;
  /** --pause-at N (repeatable). */
  pauseAt?: readonly number[];
  /** --pause-on-events. */
  pauseOnEvents?: boolean;
  /** --whole-run, --log-steps, --symlog: what the charts show at the start. */
  charts?: Partial<ChartOptions>;
  /** Said once in the notice line as the view starts (e.g. the frame rate lowered over SSH). */
  notice?: string;
}

/** A file name on a line for a person: made safe for the terminal, then quoted for a shell. */
const shownPath = (path: string) => shellWord(sanitize(path));

/**
 * The files a live run writes besides the screen. Closed on every exit path the process can
 * catch, including the ones that end it at once (a hang-up, process.exit): each close is
 * synchronous and safe to call twice.
 */
class LiveOutputs {
  cast?: AsciicastWriter;
  csv?: CsvRecorder;
  recordPath?: string;
  private untee?: () => void;
  private onResize?: () => void;
  private readonly started = Date.now();
  /** What went wrong closing them, for the message after the run. */
  readonly problems: string[] = [];

  constructor(
    private readonly stdout: NodeJS.WriteStream,
    o: LiveRunOptions,
  ) {
    // Opened before the alternate screen, all checked (by identity) before any is touched: a
    // path that cannot be written is a one-line error on the normal screen, and a --record
    // refused leaves no --csv file behind (nor an emptied one).
    const plan = planOutputs([], [
      { flag: '--csv', path: o.csv },
      { flag: '--record', path: o.record },
    ]);
    if (!plan.ok) throw plan.error;
    // A page (--record F.html) is written whole at the end from a cast beside it
    // (output/html.ts), which opens its own files; checked above all the same.
    const page = o.record !== undefined && isHtmlRecording(o.record);
    const files = openPlanned([], plan.outputs.filter((f) => !(page && f.flag === '--record')));
    const csvFile = files.find((f) => f.flag === '--csv');
    const castFile = files.find((f) => f.flag === '--record');
    try {
      if (csvFile) this.csv = new CsvRecorder(csvFile, o.initial.scenario);
      const record = o.record;
      if (record !== undefined) {
        this.recordPath = record;
        const header = {
          width: stdout.columns || 80,
          height: stdout.rows || 24,
          title: castTitle(o.initial.scenario.title),
        };
        this.cast = castFile ? new AsciicastWriter(castFile, header) : openOutput('--record', record, () => openRecording(record, header));
      }
    } catch (err) {
      for (const f of files) f.discard();
      throw err;
    }
  }

  /** A file failed during the run (said in the view as it happened): the run must not exit 0. */
  get failed(): boolean {
    return Boolean(this.cast?.error || this.csv?.error) || this.problems.length > 0;
  }

  /** From here on every byte written to the terminal is also an event in the recording. */
  startRecording(): void {
    const cast = this.cast;
    if (!cast) return;
    this.untee = teeStream(this.stdout, cast);
    // Registered before the screen's own resize handler, so the size change comes before the
    // repaint at the new size, as it happened.
    this.onResize = () => cast.resize(this.stdout.columns, this.stdout.rows);
    this.stdout.on('resize', this.onResize);
  }

  close(): void {
    this.untee?.();
    this.untee = undefined;
    if (this.onResize) this.stdout.off('resize', this.onResize);
    this.onResize = undefined;
    const files: [string, string | undefined, { close(): void } | undefined][] = [
      ['--record', this.recordPath, this.cast],
      ['--csv', this.csv?.path, this.csv],
    ];
    for (const [flag, path, file] of files) {
      try {
        file?.close();
      } catch (err) {
        this.problems.push(`could not finish ${flag} ${sanitize(path ?? '')}: ${fsReason(err)}`);
      }
    }
  }

  /** Lines for stderr once the terminal is restored: where things went. */
  summary(): string[] {
    const lines: string[] = [];
    if (this.cast && this.recordPath !== undefined) {
      const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
      const path = shownPath(this.recordPath);
      lines.push(`normdrift: recorded ${seconds} s to ${path} (${playHint(this.recordPath, shellLine([sanitize(this.recordPath)]))})`);
    }
    if (this.csv) lines.push(`normdrift: wrote ${this.csv.rows} rows to ${sanitize(this.csv.path)}`);
    return [...lines, ...this.problems.map((p) => `normdrift: ${p}`)];
  }
}

const builtinSource: ScenarioSource = {
  names: builtinNames,
  load: loadBuiltin,
};

/** Every catchable signal that would end the process: the terminal is restored first (signals.ts). */
const SIGNALS = endingSignals();

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

function hangUp(before: () => void): never {
  // The recording and the CSV are still worth having: finish them first.
  before();
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
  const outputs = new LiveOutputs(stdout, o);
  const session = new LiveSession({
    initial: o.initial,
    source: builtinSource,
    speed: o.speed,
    every: o.every,
    stopAt: o.stopAt,
    recorder: outputs.csv,
    exporter: csvExporter(),
    // The charts' flags follow the view (keys w, l, y): the App tells the session (setViewFlags).
    replayFlags: o.ascii ? ['--ascii'] : [],
    present: o.present,
    paused: o.paused,
    pauseAt: o.pauseAt,
    pauseOnEvents: o.pauseOnEvents,
    // Chapters in the recording: asciinema-player lists them and can pause on each.
    onChapter: outputs.cast ? (label) => outputs.cast?.marker(label) : undefined,
  });
  if (o.notice !== undefined) session.say(o.notice);
  // Said once, in the view, which goes on; the run exits 1 at the end (outputs.failed). Deferred:
  // the failure comes from inside a write of Ink's frame.
  outputs.cast?.onFail((err) =>
    setImmediate(() => session.say(`stopped recording ${sanitize(outputs.recordPath ?? '')}: ${err.reason}`)),
  );
  const screen = new TerminalScreen(stdout);
  const stats = frameStats(process.env.NORMDRIFT_STATS, () => ({ step: session.step, bytes: screen.bytes, ink: screen.inkBytes }));
  const closeOutputs = () => {
    outputs.close();
    stats?.close();
  };

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
  const onExit = () => {
    screen.leave();
    closeOutputs();
  };
  process.on('exit', onExit);
  const onSignal = (signal: NodeJS.Signals) => {
    // SIGHUP also comes from `kill -HUP` with the terminal still there: then restore it as usual.
    if (signal === 'SIGHUP' && terminalGone(stdout.fd)) hangUp(closeOutputs);
    finish(signalExitCode(signal));
  };
  for (const s of SIGNALS) process.on(s, onSignal);

  // Job control, as in any full-screen program. Ctrl+Z (a byte in raw mode, see keys.ts) and an
  // outside SIGTSTP give the terminal back as it was, then stop the process; SIGCONT (`fg`)
  // takes it back and repaints all of it.
  let rawBeforeStop = false;
  const suspend = () => {
    if (screen.isSuspended || !screen.isActive) return;
    screen.suspend();
    rawBeforeStop = keyboard && stdin.isRaw;
    if (rawBeforeStop) stdin.setRawMode(false);
    process.kill(process.pid, 'SIGSTOP');
  };
  const onContinue = () => {
    if (screen.isSuspended && rawBeforeStop) stdin.setRawMode(true);
    rawBeforeStop = false;
    screen.resume();
  };
  process.on('SIGTSTP', suspend);
  process.on('SIGCONT', onContinue);
  // Writing to a terminal that has gone away fails (EIO); that ends the view like a hang-up.
  const onWriteError = () => hangUp(closeOutputs);
  // --duration: the session ends by itself and holds its last frame (with --exit-at-end, a
  // scripted recording ends the way q ends it).
  const timer =
    o.duration !== undefined ? setTimeout(() => (o.exitAtEnd === true ? finish(EXIT.ok) : session.end()), o.duration * 1000) : undefined;
  stdout.on('error', onWriteError);
  const releaseConsole = holdConsole();

  // Ink reads keys through this: the terminal's stdin minus pasted text (keyboard.ts).
  const keys = keyboard ? new KeyboardStream(stdin) : undefined;

  outputs.startRecording();
  // Raw mode before the first frame, not when Ink's input hook mounts after it: in between, the
  // terminal would echo keys onto the dashboard and turn a Ctrl+Z or Ctrl+C in a paste into a
  // signal. (Ink sets it again; the finally below and Ink's unmount turn it off.)
  if (keyboard) stdin.setRawMode(true);
  screen.enter();
  let instance: ReturnType<typeof mountLive> | undefined;
  let stopClock: (() => void) | undefined;
  let code: number;
  try {
    instance = mountLive(
      { session, screen, ascii: o.ascii, keyboard, onExit: finish, onSuspend: suspend, exitAtEnd: o.exitAtEnd, charts: o.charts },
      {
        stdout: screen as unknown as NodeJS.WriteStream,
        stdin: (keys ?? stdin) as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
        // The session's clock sets the pace (o.fps). Ink's own throttle only delays: a key pressed
        // just after a frame would wait out the rest of 1/maxFps before its answer showed (at 60,
        // up to 17 ms of issue 16's 30 ms). Frames come from the session's clock and from keys.
        maxFps: 1000,
        onRender: stats?.onRender,
        // See screen.ts: Ink 6.8's incremental mode drifts a line per frame; TerminalScreen does
        // the row-level diffing instead.
        incrementalRendering: false,
      },
    );
    // The training clock starts once the first frame is up, as it did when the view started it.
    stopClock = driveSession(session, { fps: o.fps });
    // An exception in a component unmounts Ink and rejects waitUntilExit: rethrown below.
    code = await Promise.race([ended, instance.waitUntilExit().then(() => EXIT.ok)]);
  } finally {
    stopClock?.();
    if (timer) clearTimeout(timer);
    instance?.unmount();
    keys?.destroy();
    if (keyboard && stdin.isRaw) stdin.setRawMode(false);
    // Not at once: a signal with two names (SIGIO/SIGPOLL) runs one callback per name, and
    // signal-exit's for the other name may still be due in this turn; finding no listener of ours
    // there it would re-raise the signal and kill the process after all (signals.ts).
    setImmediate(() => {
      for (const s of SIGNALS) process.off(s, onSignal);
    });
    process.off('SIGTSTP', suspend);
    process.off('SIGCONT', onContinue);
    process.off('uncaughtException', fail);
    process.off('unhandledRejection', fail);
    process.off('exit', onExit);
    screen.leave();
    // Part of the recording too: a played-back cast ends on the command that reproduces it.
    stdout.write(`${session.replayCommand()}   # stopped at step ${session.step}\n`);
    closeOutputs();
    stdout.off('error', onWriteError);
    const held = [...releaseConsole(), ...outputs.summary()];
    if (held.length) process.stderr.write(held.join('\n') + '\n');
    if (process.stderr.isTTY !== true) dropCursorShow(process.stderr);
  }
  // A run that ended as asked but lost a file on the way fails; a signal keeps its own code.
  return code === EXIT.ok && outputs.failed ? EXIT.failure : code;
}

/**
 * Ink's cursor helper (cli-cursor, through restore-cursor) writes "show the cursor" to stderr as
 * the process exits, wherever stderr goes. The terminal has had it already (screen.leave()); a
 * file that stderr was sent to (`2> log`) should get only what normdrift had to say.
 */
function dropCursorShow(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => (chunk === CURSOR_SHOW ? true : write(chunk, ...rest))) as typeof stream.write;
}
