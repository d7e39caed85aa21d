import type { CliOptions } from '../flags.js';
import { planOutputs } from '../output/files.js';
import { resolveScenario } from '../scenario/builtins.js';
import type { LiveScenario } from '../session/library.js';
import { applyOverrides } from '../session/pair.js';

/**
 * The scenario every mode runs: the built-in or file named on the command line, with --seed,
 * --lr and --steps applied.
 */
export async function scenarioFor(opts: CliOptions): Promise<LiveScenario> {
  const resolved = await resolveScenario(opts.scenario);
  // Every output checked before any is opened: never the scenario being run, never each other
  // (by identity: symlinks and hard links too), never standard output, each in a directory that
  // can take it.
  const plan = planOutputs(
    [{ path: resolved.path, name: 'the scenario file being run' }],
    [
      { flag: '--record', path: opts.record },
      { flag: '--csv', path: opts.csv },
    ],
    [{ name: 'standard output', fd: 1 }],
  );
  if (!plan.ok) throw plan.error;
  return {
    name: resolved.name,
    arg: resolved.builtin ? resolved.name : (opts.scenario ?? resolved.name),
    builtin: resolved.builtin,
    scenario: applyOverrides(resolved.scenario, opts),
  };
}
