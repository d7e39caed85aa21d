import { closeSync, openSync, unlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Exporter, SeriesExport } from '../session/live.js';
import { csvShape, toCsv } from './csv.js';
import { fsReason, writeAll } from './files.js';

/**
 * The live view's `e`: the series so far as a CSV file in the current directory, named after what
 * is on screen so a tutorial's files sort by scenario, seed and step. An existing file is never
 * replaced: the name gets -1, -2, … instead.
 */

/** A scenario name as a piece of a file name: letters, digits, dot, dash and underscore only. */
export function fileSafe(name: string): string {
  const s = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return s === '' ? 'scenario' : s.slice(0, 80);
}

export function exportBaseName(e: Pick<SeriesExport, 'name' | 'seed' | 'step'>): string {
  return `normdrift-${fileSafe(e.name)}-${e.seed}-${e.step}`;
}

/** Attempts before giving up: a directory with a thousand exports of the same step is a loop. */
const MAX_SUFFIX = 1000;

function shown(dir: string, path: string): string {
  const rel = relative(dir, path);
  return rel.startsWith('..') ? path : `.${sep}${rel}`;
}

/**
 * Writes `text` to `<dir>/<base><ext>`, or `<base>-1<ext>`, `<base>-2<ext>`, … if taken. The
 * exclusive flag makes "does it exist" and "create it" one step, so a file that appears in
 * between is not overwritten either. Returns the path written, only once every byte is in the
 * file; otherwise the partial file is removed and the error says why.
 */
export function writeNewFile(dir: string, base: string, ext: string, text: string): string {
  for (let i = 0; i <= MAX_SUFFIX; i++) {
    const path = join(dir, `${base}${i === 0 ? '' : `-${i}`}${ext}`);
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`${fsReason(err)} (writing ${shown(dir, path)})`);
    }
    try {
      // All of it or an error: a short write (a nearly full disk) is never reported as an export.
      writeAll(fd, text);
      return path;
    } catch (err) {
      // A half-written export (disk full) would pass for a complete one: remove it.
      try {
        unlinkSync(path);
      } catch {
        // Nothing more to do: the error below says the export failed.
      }
      throw new Error(`${fsReason(err)} (writing ${shown(dir, path)})`);
    } finally {
      closeSync(fd);
    }
  }
  throw new Error(`${shown(dir, join(dir, base + ext))} and ${MAX_SUFFIX} numbered copies already exist`);
}

/** The exporter the live view uses: CSV files in `dir` (the current directory). */
export function csvExporter(dir: string = process.cwd()): Exporter {
  return (e) => shown(dir, writeNewFile(dir, exportBaseName(e), '.csv', toCsv(e.rows, csvShape(e.scenario))));
}
