import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import { EXIT } from '../exit.js';
import { UsageError, WriteFailure } from '../errors.js';
import { SNAPSHOT_ROWS, SNAPSHOT_WIDTH } from '../flags.js';
import { sanitize } from '../text/sanitize.js';
import { fsReason, openOutput } from '../output/files.js';
import { CsvRecorder } from '../output/recorders.js';
import { sampleEvery, tidyFrame } from '../output/snapshot.js';
import { LiveSession, type LiveScenario, type StepRecorder } from '../session/live.js';
import { renderStill, stillLayout, type StillOptions } from '../ui/still.js';
import type { ChartOptions } from '../ui/state.js';

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
  /**
   * --whole-run, --symlog (--log-steps): the multi-row charts, laid out as the live view lays
   * them out in a terminal `rows` tall. Like the sparklines they span the whole run (a snapshot
   * has no "recent"): --symlog alone is the whole run on symlog.
   */
  charts?: { options: ChartOptions; rows: number };
}

/** The narrowest frame, from `from` columns on, that has room for the charts at these rows (null: none). */
function chartsFitFrom(session: LiveSession, o: SnapshotOptions & { charts: NonNullable<SnapshotOptions['charts']> }, from: number): number | null {
  for (let columns = from; columns <= SNAPSHOT_WIDTH.max; columns++) {
    const l = stillLayout(session.getSnapshot(), { columns, ascii: o.ascii, charts: o.charts });
    if (l.kind !== 'tooSmall' && l.chart !== null) return columns;
  }
  return null;
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
    const charts = o.charts && { ...o.charts, options: { ...o.charts.options, whole: true } };
    const still: StillOptions = { columns: o.columns, ascii: o.ascii, charts };
    const layout = stillLayout(session.getSnapshot(), still);
    if (layout.kind === 'tooSmall') {
      const need = layout.need.columns;
      throw new UsageError(
        o.widthFrom === 'flag'
          ? `--width ${o.columns} is too narrow for ${o.initial.name}: it needs at least ${need} columns`
          : `a snapshot of ${o.initial.name} needs at least ${need} columns and the ${o.widthFrom === 'terminal' ? 'terminal' : 'default'} is ${o.columns}: give --width ${need} or more`,
      );
    }
    if (o.charts && layout.chart === null) {
      // The flags would change nothing: say what would make room for the charts.
      const flag = o.charts.options.whole ? '--whole-run' : '--symlog';
      const need = chartsFitFrom(session, { ...o, charts: o.charts }, o.columns + 1);
      throw new UsageError(
        need !== null
          ? `${flag} draws the charts, which need a snapshot ${need} columns wide (here ${o.columns}): give --width ${need} or more`
          : `${flag} draws the charts, which do not fit a snapshot ${o.charts.rows} rows tall (the terminal's height): run it in a taller terminal or pipe it (${SNAPSHOT_ROWS} rows)`,
      );
    }
    session.fastForward(sampleEvery(o.steps, layout.sparkWidth));
    if (failure !== null) throw new WriteFailure(`cannot write --csv ${sanitize(o.csv ?? '')}: ${fsReason(failure)}`, fsReason(failure));
    const frame = tidyFrame(renderStill(session.getSnapshot(), layout, still));
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
