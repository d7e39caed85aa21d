#!/usr/bin/env node
import { describeFatal, exitCodeFor, StdoutError, UsageError } from './errors.js';
import { EXIT } from './exit.js';
import { parseFlags, SNAPSHOT_ROWS, type CliOptions } from './flags.js';
import { fsReason } from './output/files.js';
import { helpText, versionText } from './usage.js';
import { defaultFps, frameRateNotice, prepareLiveEnv, prepareStillEnv } from './ui/env.js';

/**
 * The entry: the environment, the flags, a mode, and the exit code, set here and nowhere else.
 * Each mode (src/modes/) is imported only when chosen: a mode loads only its own modules, and
 * Ink and chalk read the environment when first loaded, so the live view and --snapshot are
 * imported after it is settled. (Loading them alongside the scenario's modules was tried: one
 * thread evaluates both either way, and the first frame came no sooner.)
 */

/**
 * Set while the live view runs: it ends itself on any write error to its terminal as on a
 * hang-up, restoring the screen (src/modes/live.ts); a message printed here would land on the
 * alternate screen and vanish with it.
 */
let liveView = false;

/** TERM=dumb (or unset-but-dumb spellings): no cursor addressing, no alternate screen. */
function cannotDraw(env: NodeJS.ProcessEnv): boolean {
  const term = (env.TERM ?? '').trim().toLowerCase();
  return term === 'dumb' || term === 'unknown';
}

/** A failed write to stdout has been reported (thrown by a mode): its 'error' event says nothing more. */
let stdoutReported = false;

/** Ends the program at once with the code and the line (if any) an error is worth. */
function exitFor(err: unknown, debug: boolean): never {
  const line = describeFatal(err, debug);
  if (line !== '') process.stderr.write(line + '\n');
  process.exit(exitCodeFor(err));
}

/**
 * stdout could not be written (a reader that stopped early, a full disk): end now, not after
 * training to the end for nobody. EIO is a terminal that hung up: the live view ends itself as on
 * a hang-up, and elsewhere there is nowhere left to say anything.
 */
function onStdoutError(err: NodeJS.ErrnoException): void {
  if (liveView || err.code === 'EIO' || stdoutReported) return;
  exitFor(new StdoutError(err, fsReason(err)), false);
}

async function main(opts: CliOptions): Promise<number> {
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
  const { scenarioFor } = await import('./modes/scenario.js');
  const initial = await scenarioFor(opts);
  const tty = process.stdout.isTTY === true;
  if (opts.explain) {
    const { runExplain } = await import('./modes/explain.js');
    const width = opts.width ?? (tty ? process.stdout.columns : undefined) ?? 80;
    return runExplain({ initial, step: opts.step ?? 0, markdown: opts.markdown, ascii: opts.ascii, width });
  }
  // A terminal that cannot move its cursor (TERM=dumb: an editor's shell buffer, a serial line)
  // would show the live view as a scroll of escape codes. It gets what the view shows at the end
  // instead, as plain text: the snapshot, with one line on stderr saying why.
  const dumb = tty && !opts.json && !opts.snapshot && cannotDraw(process.env);
  if (dumb) {
    if (opts.record !== undefined)
      throw new UsageError('--record records the live view, which this terminal cannot show (TERM=dumb); set TERM to your terminal, e.g. TERM=xterm-256color');
    process.stderr.write('normdrift: this terminal cannot show the live view (TERM=dumb): printing the final frame instead (--json for every step)\n');
  }
  if (opts.snapshot || dumb) {
    prepareStillEnv({ color: opts.color, tty: tty && !dumb });
    const { runSnapshot } = await import('./modes/snapshot.js');
    const width = opts.width ?? (tty ? process.stdout.columns : undefined);
    return runSnapshot({
      initial,
      steps: initial.scenario.training.steps,
      every: opts.every,
      columns: width ?? 80,
      widthFrom: opts.width !== undefined ? 'flag' : width !== undefined ? 'terminal' : 'default',
      ascii: opts.ascii,
      csv: opts.csv,
      // --whole-run or --symlog: the charts, sized as the live view sizes them in this terminal.
      charts:
        opts.chart.whole || opts.chart.symlog
          ? { options: opts.chart, rows: (tty && !dumb ? process.stdout.rows : undefined) || SNAPSHOT_ROWS }
          : undefined,
    });
  }
  // A person at a terminal gets the live view; a pipe or a file gets NDJSON. stdin does not
  // decide: with no keyboard the view still runs, without keys.
  if (!opts.json && tty) {
    prepareLiveEnv({ color: opts.color });
    const { runLive } = await import('./modes/live.js');
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
        exitAtEnd: opts.exitAtEnd,
        present: opts.present,
        paused: opts.paused,
        pauseAt: opts.pauseAt,
        pauseOnEvents: opts.pauseOnEvents,
        charts: opts.chart,
        notice: frameRateNotice(opts.fps) ?? undefined,
      });
    } finally {
      liveView = false;
    }
  }
  if (opts.record !== undefined)
    throw new UsageError('--record records the live view, which needs a terminal on stdout (here it is a pipe or a file)');
  if (opts.duration !== undefined)
    throw new UsageError('--duration ends a live session, which needs a terminal on stdout; headless runs stop after --steps N');
  const { runHeadless } = await import('./modes/headless.js');
  return runHeadless({ name: initial.name, scenario: initial.scenario, every: opts.every, csv: opts.csv, batches: opts.batches });
}

// Every mode's output ends up here when it cannot be written: never a stack trace.
process.stdout.on('error', onStdoutError);

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');
Promise.resolve()
  .then(() => main(parseFlags(argv)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof StdoutError) stdoutReported = true;
      const line = describeFatal(err, debug);
      if (line !== '') process.stderr.write(line + '\n');
      process.exitCode = exitCodeFor(err);
    },
  );
