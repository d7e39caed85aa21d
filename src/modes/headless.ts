import { EXIT } from '../exit.js';
import { StdoutError } from '../errors.js';
import { WriteFailure, fsReason, openOutput, stdoutWriter } from '../output/files.js';
import { sanitize } from '../text/sanitize.js';
import { headlessLines } from '../output/ndjson.js';
import type { Scenario } from '../scenario/schema.js';
import { Pair } from '../session/pair.js';

/**
 * Headless: the run as NDJSON on stdout (DESIGN.md's contract) and, with --csv FILE, the same
 * recorded steps as CSV rows, from the same numbers. Loads no React and no Ink.
 */

export interface HeadlessRunOptions {
  /** The scenario's name, for the first line. */
  name: string;
  scenario: Scenario;
  /** --every K */
  every: number;
  /** --csv FILE */
  csv?: string;
  /** --batches: each step's batch and the training set in the NDJSON. */
  batches?: boolean;
}

/**
 * NDJSON lines to stdout, ~64 KB a write. After each write the run waits for what stdout has
 * not taken yet (a pipe to a slow reader) and lets its events through: a run of 10⁷ steps into
 * `| less` keeps one chunk in memory, not the whole output, and one into `| head` ends (quietly:
 * src/cli.ts's handler for stdout's 'error') when head does, not after training to the end for
 * nobody. stdout to a file is written synchronously: its failure is known at once (before its
 * 'error' event), and thrown before another chunk of training is done.
 */
async function writeLines(out: NodeJS.WriteStream, lines: Iterable<string>): Promise<void> {
  const writeOut = stdoutWriter(out);
  let buf = '';
  const put = async (text: string) => {
    let ok: boolean;
    try {
      ok = writeOut(text); // a file: all of it or an error (short writes, see stdoutWriter)
    } catch (e) {
      throw new StdoutError(e as NodeJS.ErrnoException, fsReason(e));
    }
    const err = out.errored as NodeJS.ErrnoException | null;
    // EIO: a terminal that hung up; nothing to report to, and nowhere to report it.
    if (err && err.code !== 'EIO') throw new StdoutError(err, fsReason(err));
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

export async function runHeadless(o: HeadlessRunOptions, stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  const options = { name: o.name, steps: o.scenario.training.steps, every: o.every, batches: o.batches === true };
  const csvPath = o.csv;
  if (csvPath === undefined) {
    await writeLines(stdout, headlessLines(new Pair(o.scenario), options));
    return EXIT.ok;
  }
  // Loaded only for --csv: the recorders bring the asciicast and web-page writers with them,
  // which a plain run would compile at every start for nothing.
  const [{ CsvWriter, csvShape }, { CsvRecordingPair }] = await Promise.all([import('../output/csv.js'), import('../output/recorders.js')]);
  const csv = openOutput('--csv', csvPath, () => new CsvWriter(csvPath, csvShape(o.scenario)));
  // A reader that stops early (`| head`) ends the process from stdout's error handler, before
  // the end of this function: the file is finished on the way out all the same.
  const finishQuietly = () => {
    try {
      csv.close();
    } catch {
      // Exiting anyway; the error, if it matters, was reported when it happened.
    }
  };
  process.on('exit', finishQuietly);
  try {
    const pair = new CsvRecordingPair(o.scenario, (s) => {
      try {
        csv.write(s.naive);
        csv.write(s.backprop);
      } catch (err) {
        // After the run started: a failure (exit 1), not bad input.
        throw new WriteFailure(`cannot write --csv ${sanitize(csvPath)}: ${fsReason(err)}`, fsReason(err), (err as NodeJS.ErrnoException).code);
      }
    });
    await writeLines(stdout, headlessLines(pair, options));
    openOutput('--csv', csvPath, () => csv.close());
  } finally {
    process.off('exit', finishQuietly);
    finishQuietly();
  }
  return EXIT.ok;
}
