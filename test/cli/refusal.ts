import { expect } from 'vitest';
import { parseFlags } from '../../src/flags.js';
import { UsageError } from '../../src/scenario/errors.js';

/** The UsageError message parseFlags throws for argv, or undefined when it accepts them. */
export function refusal(argv: string[]): string | undefined {
  try {
    parseFlags(argv);
    return undefined;
  } catch (err) {
    expect(err, argv.join(' ')).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
}
