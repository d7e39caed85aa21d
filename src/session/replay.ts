import { sanitize } from '../text/sanitize.js';
import { MAX_SPEED } from './clock.js';

/**
 * The command that reproduces a view: built as an argument vector, quoted once for a POSIX
 * shell. A file name is text from outside: it goes through the sanitizer before it can reach a
 * terminal (control characters become visible escapes, so the line cannot act on the terminal).
 */

export interface ReplayInput {
  /** What to type to get the scenario back: a built-in's name, or the path as given. */
  arg: string;
  seed: number;
  learningRate: number;
  /** Steps per second; MAX_SPEED is written `max`. */
  speed: number;
  /** Flags besides these that shaped the view (e.g. --ascii). */
  flags: readonly string[];
}

/**
 * Scenario, seed, learning rate and speed, all spelled out even when they are the defaults, so
 * the line still means the same thing if a default changes.
 */
export function replayArgv(r: ReplayInput): string[] {
  return [
    'normdrift',
    sanitize(r.arg),
    '--seed',
    String(r.seed),
    '--lr',
    String(r.learningRate),
    '--speed',
    r.speed === MAX_SPEED ? 'max' : String(r.speed),
    ...r.flags,
  ];
}

/** One word for a POSIX shell: as is when it is plain, else in single quotes. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** An argument vector as one shell command line. */
export function shellLine(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}
