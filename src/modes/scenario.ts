import { resolve as resolvePath } from 'node:path';
import { UsageError } from '../errors.js';
import type { CliOptions } from '../flags.js';
import { resolveScenario } from '../scenario/builtins.js';
import type { LiveScenario } from '../session/library.js';
import { applyOverrides } from '../session/pair.js';

/**
 * The scenario every mode runs: the built-in or file named on the command line, with --seed,
 * --lr and --steps applied.
 */
export async function scenarioFor(opts: CliOptions): Promise<LiveScenario> {
  const resolved = await resolveScenario(opts.scenario);
  // Overwriting an output is what --record and --csv ask for; overwriting the scenario being run
  // is never what anyone meant.
  for (const [flag, path] of [
    ['--record', opts.record],
    ['--csv', opts.csv],
  ] as const)
    if (path !== undefined && resolvePath(path) === resolvePath(resolved.path))
      throw new UsageError(`${flag} ${path} would overwrite the scenario file being run: give another file`);
  return {
    name: resolved.name,
    arg: resolved.builtin ? resolved.name : (opts.scenario ?? resolved.name),
    builtin: resolved.builtin,
    scenario: applyOverrides(resolved.scenario, opts),
  };
}
