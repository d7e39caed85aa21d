/**
 * Reading what the live view's diagnostics hook wrote (NORMDRIFT_STATS=FILE, see
 * src/ui/stats.ts): one line per frame Ink rendered.
 */
import { readJsonLines } from '../measure.js';
import { sleep, type PtyProbe } from './pty-probe.js';

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

/** The live view is up: its key footer is on the last row it draws (rows − 2, 0-based). */
export const dashboardUp = (rows: number) => (_: string, lines: string[]) => /^ space pause · /.test(lines[rows - 2] ?? '');

/** A steady-state window of a live run: its ends on the probe's clock, and what it cost. */
export interface SteadyWindow {
  /** Milliseconds after the spawn. */
  start: number;
  end: number;
  seconds: number;
  /** Bytes the terminal received per second over the window. */
  bytesPerSecond: number;
  /** CPU (user + system) of the process over the window, as a fraction of one core. */
  cpu: number;
}

/**
 * Waits for the dashboard, lets start-up pass (warmupS), then measures windowS seconds of the
 * run: the bytes the pty delivered and the process's CPU time read from /proc, from outside.
 */
export async function steadyWindow(p: PtyProbe, rows: number, warmupS: number, windowS: number, what = 'the dashboard'): Promise<SteadyWindow> {
  await p.until(dashboardUp(rows), what);
  await sleep(warmupS * 1000);
  const start = { at: p.now(), bytes: p.bytes, cpu: p.cpuSeconds() };
  await sleep(windowS * 1000);
  const end = { at: p.now(), bytes: p.bytes, cpu: p.cpuSeconds() };
  const seconds = (end.at - start.at) / 1000;
  return { start: start.at, end: end.at, seconds, bytesPerSecond: (end.bytes - start.bytes) / seconds, cpu: (end.cpu - start.cpu) / seconds };
}
