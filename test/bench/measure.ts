/**
 * Timing helpers shared by the bench files. Benchmarks here run on shared 2-core machines, so
 * every figure is a robust statistic of several samples (a median, or the best of several whole
 * processes), never a single timing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Per-call durations of a benchmarked function, for figures taken alongside vitest's own. */
export class Samples {
  private readonly values: number[] = [];

  /** Runs f, which does `count` units of work, and keeps the time per unit in microseconds. */
  time(count: number, f: () => void): void {
    const t0 = performance.now();
    f();
    this.values.push(((performance.now() - t0) * 1000) / count);
  }

  get size(): number {
    return this.values.length;
  }

  median(): number {
    return median(this.values);
  }
}

export interface ProcessRun {
  /** Wall-clock seconds from spawn to exit. */
  seconds: number;
  stdout: string;
}

/** Runs node with the given arguments in the repository root; throws unless it exits 0. */
export function runNode(args: string[]): ProcessRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 500)}`);
  }
  return { seconds, stdout: r.stdout };
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('no samples were taken');
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** 0.352 → "0.352 µs", 1834 → "1.83 ms": three significant digits in a readable unit. */
export function micros(us: number): string {
  if (us >= 1000) return `${(us / 1000).toPrecision(3)} ms`;
  return `${us.toPrecision(3)} µs`;
}

/** A file of JSON lines (the live view's stats hook, probes, the run's figures); [] until it exists. */
export function readJsonLines<T>(path: string): T[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}
