/**
 * Reading what the live view's diagnostics hook wrote (NORMDRIFT_STATS=FILE, see
 * src/ui/stats.ts): one line per frame Ink rendered.
 */
import { readJsonLines } from '../measure.js';

export interface FrameLine {
  /** Milliseconds since the process started. */
  t: number;
  step: number;
  /** Ink's own render time for this frame (its onRender's renderTime), ms. */
  render: number;
  /** Bytes written to the terminal so far, this frame included. */
  bytes: number;
  /** Bytes Ink's standard renderer handed over so far: its full redraw of every frame. */
  ink: number;
}

export function readFrames(path: string): FrameLine[] {
  return readJsonLines<FrameLine>(path);
}

/** The value below which a fraction q of the values lie (nearest rank). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) throw new Error('no values');
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

/** The step number in the live view's header (first row), or -1 before there is one. */
export function headerStep(lines: string[]): number {
  const m = /step (\d+)/.exec(lines[0] ?? '');
  return m ? Number(m[1]) : -1;
}
