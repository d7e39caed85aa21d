import { constants } from 'node:os';

/**
 * DESIGN.md's exit codes. Each error type that ends the program carries its own (src/errors.ts);
 * src/cli.ts is the one place that sets the process's.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A signal that ended the program, as the shell reports it: 128 + its number (SIGINT → 130). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
