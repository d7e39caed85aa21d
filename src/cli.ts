#!/usr/bin/env node
import { describeFatal, EXIT, exitCodeFor, stdoutFailure } from './exit.js';
import { helpText, parseFlags, versionText } from './flags.js';
import { FileError, fsReason, openOutput, planOutputs, stdoutWriter } from './output/files.js';
import { UsageError } from './scenario/errors.js';
import type { Scenario } from './scenario/schema.js';
import { defaultFps, prepareLiveEnv, prepareStillEnv } from './ui/env.js';

// Everything else is imported where a mode needs it: each mode loads only its own modules, and
// the live view starts loading Ink (most of its start-up) while the scenario is still being read.

/**
 * Set while the live view runs: it ends itself on any write error to its terminal as on a
 * hang-up, restoring the screen (src/ui/live.tsx); a message printed here would land on the
 * alternate screen and vanish with it.
 */
let liveView = false;

/**
 * Ends the program for an error writing stdout (see stdoutFailure). Called from the stream's
 * 'error' event and, for a headless run, right after each write: stdout to a file is written
 * synchronously, so the failure is known at once, before another chunk of training is done.
 */
function onStdoutError(err: NodeJS.ErrnoException): void {
  if (liveView) return;
  const failure = stdoutFailure(err);
  if (failure === null) return;
  if (failure.line !== null) process.stderr.write(failure.line + '\n');
  process.exit(failure.code);
}

/**
 * NDJSON lines to stdout, ~64 KB a write. After each write the run waits for what stdout has
 * not taken yet (a pipe to a slow reader) and lets its events through: a run of 10⁷ steps into
 * `| less` keeps one chunk in memory, not the whole output, and one into `| head` ends (quietly,
 * see onStdoutError) when head does, not after training to the end for nobody.
 */
async function writeLines(lines: Iterable<string>): Promise<void> {
  const out = process.stdout;
  const writeOut = stdoutWriter(out);
  let buf = '';
  const put = async (text: string) => {
    let ok: boolean;
    try {
      ok = writeOut(text); // a file: all of it or an error (short writes, see stdoutWriter)
    } catch (err) {
      return onStdoutError(err as NodeJS.ErrnoException);
    }
    // A file is written at once: its error is known now, its 'error' event only later.
    if (out.errored) onStdoutError(out.errored);
    if (!ok) await new Promise<void>((resolve) => out.once('drain', resolve));
    else await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for (const line of lines) {
    buf += line + '\n';
    if (buf.length >= 1 << 16) {
      await put(buf);
      buf = '';
    }
  }
  if (buf) await put(buf);
}

async function main(argv: string[]): Promise<number> {
  const opts = parseFlags(argv);
  if (opts.show) {
    process.stdout.write(opts.show === 'help' ? helpText() : versionText());
    return EXIT.ok;
  }
  if (opts.list) {
    const { listBuiltins } = await import('./scenario/library.js');
    process.stdout.write(listBuiltins(process.stdout.columns || 100).join('\n') + '\n');
    return EXIT.ok;
  }
  if (opts.validate) {
    const { validateFiles } = await import('./scenario/library.js');
    const { ok, lines } = validateFiles(opts.validate);
    (ok ? process.stdout : process.stderr).write(lines.join('\n') + '\n');
    return ok ? EXIT.ok : EXIT.usage;
  }
  const [{ resolveScenario }, { applyOverrides }] = await Promise.all([import('./scenario/builtins.js'), import('./session/pair.js')]);
  const resolved = await resolveScenario(opts.scenario);
  // Every output checked before any is opened: never the scenario being run, never each other
  // (by identity: symlinks and hard links too), each in a directory that can take it.
  const plan = planOutputs(
    [{ path: resolved.path, name: 'the scenario file being run' }],
    [
      { flag: '--record', path: opts.record },
      { flag: '--csv', path: opts.csv },
    ],
    [{ name: 'standard output', fd: 1 }],
  );
  if (!plan.ok) throw plan.error;
  const scenario = applyOverrides(resolved.scenario, opts);
  const initial = {
    name: resolved.name,
    arg: resolved.builtin ? resolved.name : (opts.scenario ?? resolved.name),
    builtin: resolved.builtin,
    scenario,
  };
  const tty = process.stdout.isTTY === true;
  if (opts.snapshot) {
    prepareStillEnv({ color: opts.color, tty });
    // Loads Ink (for renderToString), so only after the colour environment is settled.
    const { snapshot } = await import('./output/snapshot.js');
    const width = opts.width ?? (tty ? process.stdout.columns : undefined);
    process.stdout.write(
      snapshot({
        initial,
        steps: scenario.training.steps,
        every: opts.every,
        columns: width ?? 80,
        widthFrom: opts.width !== undefined ? 'flag' : width !== undefined ? 'terminal' : 'default',
        ascii: opts.ascii,
        csv: opts.csv,
      }),
    );
    return EXIT.ok;
  }
  // A person at a terminal gets the live view; a pipe or a file gets NDJSON. stdin does not
  // decide: with no keyboard the view still runs, without keys.
  if (!opts.json && tty) {
    prepareLiveEnv({ color: opts.color });
    // Imported only now: Ink and chalk read the environment when first loaded, and headless
    // runs should not pay for loading React. (Loading it alongside the scenario's modules was
    // tried: one thread evaluates both either way, and the first frame came no sooner.)
    const { runLive } = await import('./ui/live.js');
    liveView = true;
    try {
      return await runLive({
        initial,
        fps: opts.fps ?? defaultFps(),
        ascii: opts.ascii,
        speed: opts.speed,
        record: opts.record,
        csv: opts.csv,
        every: opts.every,
        stopAt: opts.steps,
        duration: opts.duration,
      });
    } finally {
      liveView = false;
    }
  }
  if (opts.record !== undefined)
    throw new UsageError('--record records the live view, which needs a terminal on stdout (here it is a pipe or a file)');
  if (opts.duration !== undefined)
    throw new UsageError('--duration ends a live session, which needs a terminal on stdout; headless runs stop after --steps N');
  await runHeadlessWithCsv(resolved.name, scenario, opts.every, opts.csv);
  return EXIT.ok;
}

/** NDJSON to stdout and, with --csv FILE, the same recorded steps as CSV rows. */
async function runHeadlessWithCsv(name: string, scenario: Scenario, every: number, csvPath: string | undefined): Promise<void> {
  const [{ headlessLines }, { Pair }, { CsvWriter, csvShape }, { CsvRecordingPair }] = await Promise.all([
    import('./output/ndjson.js'),
    import('./session/pair.js'),
    import('./output/csv.js'),
    import('./output/recorders.js'),
  ]);
  const options = { name, steps: scenario.training.steps, every };
  if (csvPath === undefined) {
    await writeLines(headlessLines(new Pair(scenario), options));
    return;
  }
  const csv = openOutput('--csv', csvPath, () => new CsvWriter(csvPath, csvShape(scenario)));
  // A reader that stops early (`| head`) ends the process from the EPIPE handler below, before
  // the end of this function: the file is finished on the way out all the same.
  const finishQuietly = () => {
    try {
      csv.close();
    } catch {
      // Exiting anyway; the error, if it matters, was reported when it happened.
    }
  };
  process.on('exit', finishQuietly);
  const pair = new CsvRecordingPair(scenario, (s) => {
    try {
      csv.write(s.naive);
      csv.write(s.backprop);
    } catch (err) {
      throw new FileError(`cannot write --csv ${csvPath}: ${fsReason(err)}`);
    }
  });
  await writeLines(headlessLines(pair, options));
  openOutput('--csv', csvPath, () => csv.close());
  process.off('exit', finishQuietly);
}

// Every mode's output ends up here when it cannot be written: never a stack trace.
process.stdout.on('error', onStdoutError);

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(describeFatal(err, debug) + '\n');
    process.exitCode = exitCodeFor(err);
  },
);
