import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sanitize, UsageError } from './errors.js';
import { loadScenarioFile } from './load.js';
import type { Scenario } from './schema.js';

/** scenarios/ ships beside dist/ and src/, two levels above this file in both. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export const DEFAULT_SCENARIO = 'paper-bias';

/** The built-in library, in the order the README and `n`/`p` walk it. */
export const BUILTIN_ORDER = [
  'paper-bias',
  'weight-and-bias',
  'scale-drift',
  'scale-blowup',
  'nonlinearity',
  'nonlinearity-relu',
  'minibatch',
  'batchnorm-2d',
];

export function builtinNames(): string[] {
  const present = readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'));
  const ordered = BUILTIN_ORDER.filter((n) => present.includes(n));
  return [...ordered, ...present.filter((n) => !ordered.includes(n)).sort()];
}

export interface ResolvedScenario {
  /** A built-in's name, or the file's base name. */
  name: string;
  path: string;
  builtin: boolean;
  scenario: Scenario;
}

/** A built-in name or a path to a YAML file. */
export function resolveScenario(arg: string | undefined): ResolvedScenario {
  const name = arg ?? DEFAULT_SCENARIO;
  const looksLikePath = /[\\/]/.test(name) || /\.ya?ml$/i.test(name);
  if (!looksLikePath) {
    const path = join(SCENARIO_DIR, `${name}.yaml`);
    if (existsSync(path)) return { name, path, builtin: true, scenario: loadScenarioFile(path) };
    if (!existsSync(name))
      throw new UsageError(
        `unknown scenario '${sanitize(name)}': give a path to a .yaml file or one of: ${builtinNames().join(', ')}`,
      );
  }
  return {
    name: basename(name).replace(/\.ya?ml$/i, ''),
    path: name,
    builtin: false,
    scenario: loadScenarioFile(name),
  };
}
