/**
 * The figures issue #6 asks `npm run bench` to print, each with its target and whether it holds.
 *
 * Every bench file records its figures here, and its afterAll prints the table of all figures
 * recorded in this run so far: with several files, the last table printed is the complete one.
 * Files run in separate workers, so the run's figures are kept in a file named after the vitest
 * process that started them all.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { readJsonLines } from './measure.js';

export interface Figure {
  /** What is measured, e.g. "paper-bias N=64 naive: tfjs-cpu / normdrift per step". */
  name: string;
  /** The measurement as people read it, e.g. "512× (0.35 µs vs 179 µs)". */
  measured: string;
  /** e.g. "≥ 100×" */
  target: string;
  holds: boolean;
}

/**
 * Forked workers are children of the vitest process; threaded ones share its pid. On Linux the
 * process's start time joins the pid, so a later run that happens to get the same pid starts
 * afresh.
 */
function runFile(): string {
  const vitestPid = isMainThread ? process.ppid : process.pid;
  let started = '';
  try {
    // /proc/<pid>/stat: field 22 is the start time; the command name (field 2) may hold spaces.
    started = '-' + readFileSync(`/proc/${vitestPid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
  } catch {
    // not Linux: the pid alone
  }
  return join(tmpdir(), `normdrift-bench-${vitestPid}${started}.ndjson`);
}

/** Issue #6: RSS late in a run within 10% of RSS early in it, headless and live alike. */
export const MEMORY_RATIO_TARGET = 1.1;

export function record(figure: Figure): void {
  appendFileSync(runFile(), JSON.stringify(figure) + '\n');
}

export function recorded(): Figure[] {
  return readJsonLines<Figure>(runFile());
}

/** A plain-text table, one figure a row, and a last line saying how many targets hold. */
export function table(figures: Figure[]): string {
  const head = ['figure', 'measured', 'target', 'result'];
  const rows = figures.map((f) => [f.name, f.measured, f.target, f.holds ? 'PASS' : 'FAIL']);
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  const passed = figures.filter((f) => f.holds).length;
  return [
    'Performance (issue #6)',
    line(head),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
    `${passed} of ${figures.length} targets hold`,
  ].join('\n');
}

export function printTable(): void {
  process.stdout.write('\n' + table(recorded()) + '\n\n');
}
