import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import { EXIT } from '../exit.js';
import { UsageError, WriteFailure } from '../errors.js';
import { sanitize } from '../text/sanitize.js';
import { fsReason, openOutput } from '../output/files.js';
import { CsvRecorder } from '../output/recorders.js';
import { sampleEvery, tidyFrame } from '../output/snapshot.js';
import { LiveSession, type LiveScenario, type StepRecorder } from '../session/live.js';
import { renderStill, stillLayout } from '../ui/still.js';

/**
 * --snapshot: run a scenario headless for N steps and print one frame of the dashboard as text,
 * for READMEs, docs and slides. The sparklines span the whole run (sampled evenly from step 0 to
 * N), not the last few seconds the live view would show.
 *
 * Import this module only after the colour environment is set (src/ui/env.ts): it loads Ink.
 */

export interface SnapshotOptions {
  initial: LiveScenario;
  steps: number;
  every: number;
  /** Columns of the frame. */
  columns: number;
  /** Where the width came from, for the error when it is too narrow. */
  widthFrom: 'flag' | 'terminal' | 'default';
  ascii: boolean;
  /** --csv FILE: the recorded steps of the run, as in headless mode. */
  csv?: string;
}

/** The frame as text (and the --csv file written, when asked for). */
export function snapshot(o: SnapshotOptions): string {
  let failure: unknown = null;
  let csv: CsvRecorder | undefined;
  let recorder: StepRecorder | undefined;
  if (o.csv !== undefined) {
    const path = o.csv;
    const file = (csv = openOutput('--csv', path, () => new CsvRecorder(path, o.initial.scenario)));
    recorder = {
      path,
      write(states: Record<GradientRule, StepState>) {
        try {
          file.write(states);
        } catch (err) {
          // The live view carries on without its CSV; a one-shot command must fail instead.
          failure ??= err;
          throw err;
        }
      },
    };
  }
  try {
    const session = new LiveSession({
      initial: o.initial,
      source: { names: () => [], load: (name) => { throw new Error(`no scenario ${name}`); } },
      paused: true,
      stopAt: o.steps,
      every: o.every,
      keepLog: false,
      recorder,
    });
    const layout = stillLayout(session.getSnapshot(), { columns: o.columns, ascii: o.ascii });
    if (layout.kind === 'tooSmall') {
      const need = layout.need.columns;
      throw new UsageError(
        o.widthFrom === 'flag'
          ? `--width ${o.columns} is too narrow for ${o.initial.name}: it needs at least ${need} columns`
          : `a snapshot of ${o.initial.name} needs at least ${need} columns and the ${o.widthFrom === 'terminal' ? 'terminal' : 'default'} is ${o.columns}: give --width ${need} or more`,
      );
    }
    session.fastForward(sampleEvery(o.steps, layout.sparkWidth));
    if (failure !== null) throw new WriteFailure(`cannot write --csv ${sanitize(o.csv ?? '')}: ${fsReason(failure)}`, fsReason(failure));
    const frame = tidyFrame(renderStill(session.getSnapshot(), layout, { columns: o.columns, ascii: o.ascii }));
    if (csv) openOutput('--csv', o.csv!, () => csv!.close());
    return frame;
  } finally {
    try {
      csv?.close();
    } catch {
      // Reported above when it matters (the frame is only returned once the file is complete).
    }
  }
}

/** The mode: the frame to stdout. */
export function runSnapshot(o: SnapshotOptions, stdout: NodeJS.WritableStream = process.stdout): number {
  stdout.write(snapshot(o));
  return EXIT.ok;
}
