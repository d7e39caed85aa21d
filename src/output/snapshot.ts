import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import { UsageError } from '../scenario/errors.js';
import { LiveSession, type LiveScenario, type StepRecorder } from '../session/live.js';
import { renderStill, stillLayout } from '../ui/still.js';
import { CsvRecorder } from './recorders.js';
import { FileError, fsReason, openOutput } from './files.js';

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

const SGR_TAIL = /(?:\x1b\[[0-9;]*m)*$/;

/**
 * Text that pastes cleanly into a Markdown code block: no trailing spaces on any line (colour
 * codes after them are kept), no blank lines at the end, one final newline.
 */
export function tidyFrame(text: string): string {
  const lines = text.split('\n').map((line) => {
    const tail = SGR_TAIL.exec(line)?.[0] ?? '';
    return line.slice(0, line.length - tail.length).replace(/[ \t]+$/, '') + tail;
  });
  const visible = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, '') !== '';
  while (lines.length > 0 && !visible(lines[lines.length - 1])) lines.pop();
  return lines.join('\n') + '\n';
}

/** History samples so that step 0 to N fit a sparkline of `width` cells, the last cell being N. */
export function sampleEvery(steps: number, width: number): number {
  return Math.max(1, Math.ceil(steps / Math.max(1, width - 1)));
}

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
    const layout = stillLayout(session, { columns: o.columns, ascii: o.ascii });
    if (layout.kind === 'tooSmall') {
      const need = layout.need.columns;
      throw new UsageError(
        o.widthFrom === 'flag'
          ? `--width ${o.columns} is too narrow for ${o.initial.name}: it needs at least ${need} columns`
          : `a snapshot of ${o.initial.name} needs at least ${need} columns and the ${o.widthFrom === 'terminal' ? 'terminal' : 'default'} is ${o.columns}: give --width ${need} or more`,
      );
    }
    session.fastForward(sampleEvery(o.steps, layout.sparkWidth));
    if (failure !== null) throw new FileError(`cannot write --csv ${o.csv}: ${fsReason(failure)}`);
    const frame = tidyFrame(renderStill(session, layout, { columns: o.columns, ascii: o.ascii }));
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
