import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { SeriesLog } from './history.js';
import { FileError } from '../errors.js';

/**
 * The recording policy: which steps the outputs hold (NDJSON, --csv, the `e` export), and where
 * the live session's recorded steps go. One rule for every output, so the CSV of a live run, of a
 * snapshot and of a headless run hold the same steps as the NDJSON.
 */

/** Steps recorded by `--every K`: 0, K, 2K, … and always the last (`--steps N`; Infinity: none). */
export function isRecorded(step: number, every: number, last: number): boolean {
  return step % every === 0 || step === last;
}

/** The first recorded step after `step` (at most `last`). */
export function nextRecorded(step: number, every: number, last: number): number {
  return Math.min(last, (Math.floor(step / every) + 1) * every);
}

/** Where the recorded steps of the first run go besides the export log: the --csv file. */
export interface StepRecorder {
  /** Shown in notices. */
  readonly path: string;
  write(states: Record<GradientRule, StepState>): void;
}

/** The run so far, for `e`: what the exporter writes (as CSV, under a name made from the rest). */
export interface SeriesExport {
  /** Tidy rows: naive then backprop for each recorded step, oldest first. */
  rows: StepState[];
  scenario: Scenario;
  /** The scenario's name (a built-in's, or the file's base name). */
  name: string;
  seed: number;
  step: number;
}

/**
 * Writes an export and returns the path to show (e.g. "./normdrift-paper-bias-42-240.csv").
 * Throws an Error whose message says why it could not, in words for the caption line.
 */
export type Exporter = (e: SeriesExport) => string;

/**
 * The live session's recorded steps: into the export log (the run so far, for `e`) and into the
 * --csv file, which holds the first run only. Failures become notices, never a crash.
 */
export class Recording {
  private readonly log: SeriesLog | null;
  private recorder: StepRecorder | null;

  constructor(
    private readonly o: {
      every: number;
      /** --steps N (Infinity: no end). */
      last: number;
      recorder: StepRecorder | null;
      /** Keep the export log (off for a one-shot snapshot, which never exports). */
      keepLog: boolean;
      say: (text: string) => void;
    },
  ) {
    this.log = o.keepLog ? new SeriesLog() : null;
    this.recorder = o.recorder;
  }

  /** Whether --csv is still being written (it stops when another run starts). */
  get toFile(): boolean {
    return this.recorder !== null;
  }

  /** Whether anything is kept at all (a snapshot without --csv keeps nothing). */
  get active(): boolean {
    return this.log !== null || this.recorder !== null;
  }

  isRecorded(step: number): boolean {
    return isRecorded(step, this.o.every, this.o.last);
  }

  nextRecorded(step: number): number {
    return nextRecorded(step, this.o.every, this.o.last);
  }

  /** A new run starts (`run` > 0: r, R, n or p): the log restarts, the --csv file is complete. */
  restart(run: number): void {
    this.log?.clear();
    if (run > 0 && this.recorder) {
      // One file, one run: rows from another seed or scenario (other columns, even) under the
      // same header would be a table that lies. The file is complete as it is; `e` exports this one.
      this.o.say(`${this.recorder.path} holds the first run; e exports this one`);
      this.recorder = null;
    }
  }

  /** A sampled step: kept when the policy records it. */
  keep(states: Record<GradientRule, StepState>): void {
    if (!this.isRecorded(states.naive.step)) return;
    this.log?.add(states);
    if (!this.recorder) return;
    try {
      this.recorder.write(states);
    } catch (err) {
      // A full disk must not take the live view down with it: say so and stop recording.
      this.o.say(`stopped writing ${this.recorder.path}: ${reason(err)}`);
      this.recorder = null;
    }
  }

  /** The recorded series of this run so far, plus the current step when it is newer. */
  rows(latest: Record<GradientRule, StepState>): StepState[] {
    const rows = this.log ? this.log.rows() : [];
    if (this.log === null || this.log.lastStep !== latest.naive.step) rows.push(latest.naive, latest.backprop);
    return rows;
  }
}

/** An error as a few words for the caption line: the first line of its message. */
export function reason(err: unknown): string {
  // A file's failure already says which file; its reason alone is what the line needs.
  if (err instanceof FileError) return err.reason;
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
