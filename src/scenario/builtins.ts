import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedded } from '../build/embedded.js';
import { UsageError } from './errors.js';
import { sanitize } from '../text/sanitize.js';
import type { Scenario } from './schema.js';

// No static import of load.js here: it brings yaml and zod, which would double the time to the
// first frame (issue #6). Built-ins come from the JSON the build validated; only a user's file,
// or a built-in edited since the build, loads the full reader.

/** scenarios/ ships beside dist/ and src/, two levels above this file in both. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Written by `npm run build` (compile-builtins.ts): every built-in, validated. */
export const COMPILED_PATH = fileURLToPath(new URL('../../dist/builtins.json', import.meta.url));

/** Each built-in's YAML text as validated, and the scenario it gave. */
export type CompiledBuiltins = Record<string, { source: string; scenario: Scenario }>;

const DEFAULT_SCENARIO = 'paper-bias';

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
  // normdrift.mjs (npm run bundle) carries its built-ins inside: no scenarios/ beside it.
  const present = embedded
    ? Object.keys(embedded.builtins)
    : readdirSync(SCENARIO_DIR)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => basename(f, '.yaml'));
  const ordered = BUILTIN_ORDER.filter((n) => present.includes(n));
  return [...ordered, ...present.filter((n) => !ordered.includes(n)).sort()];
}

/** Where a built-in's YAML file is. */
export const builtinPath = (name: string): string => join(SCENARIO_DIR, `${name}.yaml`);

/** Whether a name is a built-in (in the bundle: one it carries). */
const isBuiltin = (name: string): boolean => (embedded ? Object.hasOwn(embedded.builtins, name) : existsSync(builtinPath(name)));

let compiledFile: CompiledBuiltins | null | undefined;

function readCompiled(): CompiledBuiltins | null {
  if (embedded) return embedded.builtins;
  if (compiledFile === undefined) {
    try {
      compiledFile = JSON.parse(readFileSync(COMPILED_PATH, 'utf8')) as CompiledBuiltins;
    } catch {
      compiledFile = null;
    }
  }
  return compiledFile;
}

/**
 * The built-in as the build validated it, or undefined when there is no build output or the
 * YAML has changed since (the caller then reads the file itself, so an edit is never ignored).
 */
export function compiledBuiltin(name: string, compiled: CompiledBuiltins | null = readCompiled()): Scenario | undefined {
  const entry = compiled !== null && Object.hasOwn(compiled, name) ? compiled[name] : undefined;
  if (entry === undefined) return undefined;
  // The bundle's built-ins cannot have been edited since they were validated.
  if (embedded) return structuredClone(entry.scenario);
  let source: string;
  try {
    source = readFileSync(builtinPath(name), 'utf8');
  } catch {
    return undefined;
  }
  // A copy: callers may keep or change what they get.
  return source === entry.source ? structuredClone(entry.scenario) : undefined;
}

async function loadFile(path: string): Promise<Scenario> {
  const [{ loadScenarioFileAsync }, { sayWaiting }] = await Promise.all([import('./load.js'), import('./read.js')]);
  // A named pipe nobody writes to is waited for, as asked, but never silently.
  return loadScenarioFileAsync(path, sayWaiting);
}

/** A built-in by name: at once from the build's JSON, or read and validated from its file. */
export function loadBuiltin(name: string): Scenario | Promise<Scenario> {
  return compiledBuiltin(name) ?? loadFile(builtinPath(name));
}

export interface ResolvedScenario {
  /** A built-in's name, or the file's base name. */
  name: string;
  path: string;
  builtin: boolean;
  scenario: Scenario;
}

/** A built-in name or a path to a YAML file. */
export async function resolveScenario(arg: string | undefined): Promise<ResolvedScenario> {
  const name = arg ?? DEFAULT_SCENARIO;
  const looksLikePath = /[\\/]/.test(name) || /\.ya?ml$/i.test(name);
  if (!looksLikePath) {
    const path = builtinPath(name);
    if (isBuiltin(name)) return { name, path, builtin: true, scenario: await loadBuiltin(name) };
    if (!existsSync(name))
      throw new UsageError(
        `unknown scenario '${sanitize(name)}': give a path to a .yaml file or one of: ${builtinNames().join(', ')}`,
      );
  }
  return {
    name: basename(name).replace(/\.ya?ml$/i, ''),
    path: name,
    builtin: false,
    scenario: await loadFile(name),
  };
}
