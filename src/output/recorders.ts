import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { Pair } from '../session/pair.js';
import type { StepRecorder } from '../session/live.js';
import { AsciicastWriter, type CastHeader } from './asciicast.js';
import { CsvWriter, csvShape } from './csv.js';
import type { FileError, OutputFile } from './files.js';
import { HtmlRecording } from './html.js';

/** --record FILE.html (or .htm) writes a page that plays the recording; any other name, an asciicast. */
export const isHtmlRecording = (path: string): boolean => /\.html?$/i.test(path);

/**
 * --record FILE as the live view's recorder, chosen by FILE's extension. Both record every byte
 * written to the terminal as it happens (AsciicastWriter); the page is written on close().
 */
export function openRecording(path: string, header: CastHeader, now?: () => bigint): AsciicastWriter {
  return isHtmlRecording(path) ? new HtmlRecording(path, header, now) : new AsciicastWriter(path, header, now);
}

/** How to play what --record FILE wrote, for the line printed after the run (`shown`: the path as the shell wants it). */
export function playHint(path: string, shown = path): string {
  return isHtmlRecording(path) ? 'open it in a web browser: it plays offline' : `play it with: asciinema play ${shown}`;
}

/**
 * --csv FILE as the live session's step recorder. Rows are buffered, but never for more than a
 * second: a session ended by something that cannot be caught (SIGKILL, a power cut) loses at
 * most that much. Every exit path that can be caught closes it.
 */
export class CsvRecorder implements StepRecorder {
  readonly path: string;
  private readonly writer: CsvWriter;
  private lastFlush: number;

  constructor(
    target: string | OutputFile,
    scenario: Scenario,
    private readonly now: () => number = Date.now,
  ) {
    this.path = typeof target === 'string' ? target : target.path;
    this.writer = new CsvWriter(target, csvShape(scenario));
    this.lastFlush = now();
  }

  /** Rows in the file (after close(), every row written). */
  get rows(): number {
    return this.writer.rows;
  }

  /** Why the file could not be written, or null: a live run with a failed --csv must not exit 0. */
  get error(): FileError | null {
    return this.writer.error;
  }

  write(states: Record<GradientRule, StepState>): void {
    this.writer.write(states.naive);
    this.writer.write(states.backprop);
    const t = this.now();
    if (t - this.lastFlush >= 1000) {
      this.lastFlush = t;
      this.writer.flush();
    }
  }

  close(): void {
    this.writer.close();
  }
}

/**
 * A Pair that also writes a CSV row pair each time its state is read at a new step. The headless
 * NDJSON writer reads the state exactly at the steps it records, so the CSV holds the same steps
 * with the same numbers, from the same run: nothing is computed twice. (test/output checks the
 * two files against each other, step by step.)
 */
export class CsvRecordingPair extends Pair {
  private lastWritten = -1;

  constructor(
    scenario: Scenario,
    private readonly sink: (states: Record<GradientRule, StepState>) => void,
  ) {
    super(scenario);
  }

  override states(): { naive: StepState; backprop: StepState } {
    const s = super.states();
    if (s.naive.step !== this.lastWritten) {
      this.lastWritten = s.naive.step;
      this.sink(s);
    }
    return s;
  }
}
