import { closeSync, openSync, writeSync } from 'node:fs';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';

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
 */
export class CsvWriter {
  private readonly fd: number;
  private readonly shape: CsvShape;
  private buf = '';
  private closed = false;
  /** Data rows written so far (the header not counted). */
  rows = 0;

  constructor(path: string, shape: CsvShape) {
    this.fd = openSync(path, 'w');
    this.shape = shape;
    this.buf = csvHeader(shape).join(',') + '\n';
  }

  write(st: StepState): void {
    if (this.closed) return;
    this.buf += csvRow(st, this.shape) + '\n';
    this.rows++;
    if (this.buf.length >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.buf) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }
}
