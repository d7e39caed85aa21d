import { constants } from 'node:os';
import { FileError, fsReason } from './output/files.js';
import { ScenarioError, UsageError } from './scenario/errors.js';

/** DESIGN.md's exit codes, decided in this one place. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A signal that ended the program, as the shell reports it: 128 + its number (SIGINT → 130). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export function exitCodeFor(err: unknown): number {
  // A file the user named that cannot be written is bad input too: nothing ran, nothing was lost.
  return err instanceof ScenarioError || err instanceof UsageError || err instanceof FileError ? EXIT.usage : EXIT.failure;
}

/** What a person sees for an error that ends the program: one line each, no stack (unless --debug). */
export function describeFatal(err: unknown, debug: boolean): string {
  if (err instanceof ScenarioError) return err.problems.join('\n');
  if (err instanceof UsageError) return `normdrift: ${err.message} (see normdrift --help)`;
  if (err instanceof FileError) return `normdrift: ${err.message}`;
  if (debug && err instanceof Error && err.stack) return err.stack;
  const message = err instanceof Error ? err.message : String(err);
  return `normdrift: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}`;
}

/**
 * How an error writing standard output ends the program, or null when the program goes on.
 * EPIPE: the reader stopped early (`normdrift --json | head -1`): not an error, exit 0 quietly.
 * EIO: a terminal that hung up; the live view ends itself as on a hang-up.
 * Anything else (a full disk, /dev/full): the output is lost, so say so in one line and fail.
 */
export function stdoutFailure(err: NodeJS.ErrnoException): { code: number; line: string | null } | null {
  if (err.code === 'EPIPE') return { code: EXIT.ok, line: null };
  if (err.code === 'EIO') return null;
  return { code: EXIT.failure, line: `normdrift: cannot write to standard output: ${fsReason(err)}` };
}
