import { EXIT } from './exit.js';
import { sanitize } from './text/sanitize.js';

/**
 * Errors that end the program, each carrying its exit code and the one line a person sees
 * (src/exit.ts turns any error into both; src/cli.ts is the one place that exits).
 */
export abstract class ExitError extends Error {
  abstract readonly exitCode: number;
  /** What stderr gets: one line per problem, no stack. Empty: end quietly. */
  abstract describe(): string;
}

/** Problems found in one scenario file, each already formatted for a person. */
export class ScenarioError extends ExitError {
  readonly exitCode = EXIT.usage;
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
  describe(): string {
    return this.problems.join('\n');
  }
}

/** Wrong flags or arguments: exit 2 like an invalid scenario. */
export class UsageError extends ExitError {
  readonly exitCode = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
  describe(): string {
    return `normdrift: ${this.message} (see normdrift --help)`;
  }
}

/**
 * A file the user named (--record, --csv) that cannot be written. Bad input, like a usage error
 * (exit 2), but the message is about the file, not the flags: no "see --help".
 */
export class FileError extends ExitError {
  override readonly name: string = 'FileError';
  // A file the user named that cannot be written is bad input too: nothing ran, nothing was lost.
  readonly exitCode: number = EXIT.usage;
  /** `reason`: the why in words ("no space left on the device"); `code`: the errno code, if any. */
  constructor(
    message: string,
    readonly reason: string = message,
    readonly code?: string,
  ) {
    super(message);
  }
  describe(): string {
    return `normdrift: ${this.message}`;
  }
}

/**
 * An output that was open and being written failed after the run started (the disk filled, a
 * file size limit): not bad input but a failure, exit 1. The file holds what was written up to
 * its last complete line. A refusal before anything ran stays a FileError (exit 2).
 */
export class WriteFailure extends FileError {
  override readonly name = 'WriteFailure';
  override readonly exitCode: number = EXIT.failure;
}

/**
 * Standard output could not be written. EPIPE: the reader stopped early (`normdrift --json |
 * head -1`): not an error, exit 0 quietly. Anything else (a full disk, /dev/full): the output is
 * lost, so say so in one line and fail.
 */
export class StdoutError extends ExitError {
  override readonly name = 'StdoutError';
  readonly exitCode: number;
  /** `reason`: the errno in words (output/files.ts's fsReason). */
  constructor(
    readonly errno: NodeJS.ErrnoException,
    reason: string,
  ) {
    super(`cannot write to standard output: ${reason}`);
    this.exitCode = errno.code === 'EPIPE' ? EXIT.ok : EXIT.failure;
  }
  describe(): string {
    return this.errno.code === 'EPIPE' ? '' : `normdrift: ${this.message}`;
  }
}

/** The exit code for any error: its own, or 1 for an internal failure. */
export function exitCodeFor(err: unknown): number {
  return err instanceof ExitError ? err.exitCode : EXIT.failure;
}

/** What a person sees for an error that ends the program: one line each, no stack (unless --debug). */
export function describeFatal(err: unknown, debug: boolean): string {
  // The last gate before the terminal: a flag value, a path or a parser message quoted in an
  // error is text from outside (each line through the one sanitizer; it leaves safe text as is).
  return terminalLines(describeRaw(err, debug));
}

function terminalLines(text: string): string {
  return text.split('\n').map(sanitize).join('\n');
}

function describeRaw(err: unknown, debug: boolean): string {
  if (err instanceof ExitError) return err.describe();
  if (debug && err instanceof Error && err.stack) return err.stack;
  const message = err instanceof Error ? err.message : String(err);
  return `normdrift: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}`;
}
