import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { openOutputFile, type FileError, type OutputFile } from './files.js';

/**
 * Tidy per-step series: one row per model per recorded step, one column per quantity, so a
 * spreadsheet or pandas can pivot on `model` directly. Non-finite values are empty cells
 * (a diverged model), never the text "NaN".
 */
export interface CsvShape {
  dims: number;
  affine: boolean;
  running: boolean;
}

/** The columns a scenario's rows have: w per input, γ and β when affine, running statistics when tracked. */
export function csvShape(s: Scenario): CsvShape {
  return { dims: s.data.dims, affine: s.model.affine, running: s.training.runningMomentum !== undefined };
}

export function csvHeader(shape: CsvShape): string[] {
  const w = shape.dims === 1 ? ['w'] : Array.from({ length: shape.dims }, (_, k) => `w${k + 1}`);
  const gradW = shape.dims === 1 ? ['gradW'] : Array.from({ length: shape.dims }, (_, k) => `gradW${k + 1}`);
  return [
    'step',
    'model',
    'loss',
    'b',
    ...w,
    'meanX',
    'varX',
    'xhatProbe',
    'gradB',
    ...gradW,
    ...(shape.affine ? ['gamma', 'beta', 'gradGamma', 'gradBeta'] : []),
    ...(shape.running ? ['runningMean', 'runningVar', 'evalLoss'] : []),
    'diverged',
  ];
}

const cell = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(v));

function csvRow(st: StepState, shape: CsvShape): string {
  return [
    String(st.step),
    st.model,
    cell(st.loss),
    cell(st.b),
    ...st.w.map(cell),
    cell(st.meanX),
    cell(st.varX),
    cell(st.xhatProbe),
    cell(st.gradB),
    ...st.gradW.map(cell),
    ...(shape.affine ? [cell(st.gamma), cell(st.beta), cell(st.gradGamma), cell(st.gradBeta)] : []),
    ...(shape.running ? [cell(st.runningMean), cell(st.runningVar), cell(st.evalLoss)] : []),
    st.diverged ? 'true' : 'false',
  ].join(',');
}

/** Whole series as one CSV text (the live view's `e` export). */
export function toCsv(rows: readonly StepState[], shape: CsvShape): string {
  return [csvHeader(shape).join(','), ...rows.map((r) => csvRow(r, shape))].join('\n') + '\n';
}

/**
 * Streams rows to a file. Rows are buffered and written in 64 KB blocks; close() (called on
 * every exit path) writes the rest, so a run that is stopped still leaves a complete file.
 *
 * Failures: a write that fails (a full disk, a size limit, a short write) puts the file in the
 * failed state (see OutputFile): the file is cut back to its last complete row, `rows` counts
 * exactly the rows it holds, and `error` says why. From then on
 * write(), flush() and close() throw that FileError (close() after closing the descriptor), so
 * a caller that goes on writing cannot miss it and one that stops can read `error` instead
 * (close() throws it once; calling close() again does nothing).
 */
export class CsvWriter {
  readonly file: OutputFile;
  private readonly shape: CsvShape;
  private buf = '';
  private closed = false;

  /** `target`: a path (opened and truncated here), or a file opened by openPlanned. */
  constructor(target: string | OutputFile, shape: CsvShape) {
    this.file = typeof target === 'string' ? openOutputFile('--csv', target) : target;
    this.shape = shape;
    // The header at once, not buffered: a file that cannot be written at all (/dev/full, a full
    // disk) is refused when it is opened, before a run starts, like a bad path.
    if (!this.file.write(csvHeader(shape).join(',') + '\n')) {
      this.closed = true;
      this.file.close();
      this.file.refuse();
    }
  }

  get error(): FileError | null {
    return this.file.error;
  }

  /** Data rows in the file, each complete (the header not counted; buffered rows not yet in it). */
  get rows(): number {
    return Math.max(0, this.file.lines - 1);
  }

  write(st: StepState): void {
    this.file.check();
    if (this.closed) return;
    this.buf += csvRow(st, this.shape) + '\n';
    if (this.buf.length >= 1 << 16) this.flush();
  }

  flush(): void {
    this.file.check();
    if (!this.buf) return;
    this.file.write(this.buf);
    this.buf = '';
    this.file.check();
  }

  /** Writes the rest and closes; throws the FileError if any write failed (the first time only). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } catch {
      // Reported below, after the descriptor is closed.
    }
    this.file.close();
    this.file.check();
  }
}
