import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinNames, builtinPath, COMPILED_PATH, type CompiledBuiltins } from './builtins.js';
import { ScenarioError } from './errors.js';
import { parseScenario } from './load.js';

// The last step of `npm run build`: validate every built-in with the full reader and keep the
// result as JSON, so that starting a built-in needs neither yaml nor zod (issue #6, first frame).
// Each entry keeps its YAML text; builtins.ts uses an entry only while the file still matches.

const compiled: CompiledBuiltins = {};
const problems: string[] = [];
for (const name of builtinNames()) {
  const path = builtinPath(name);
  const source = readFileSync(path, 'utf8');
  try {
    compiled[name] = { source, scenario: parseScenario(source, path) };
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    problems.push(...err.problems);
  }
}
if (problems.length > 0) {
  // No half-valid file left behind from an earlier build.
  rmSync(COMPILED_PATH, { force: true });
  process.stderr.write(`normdrift build: a built-in scenario is not valid:\n${problems.join('\n')}\n`);
  process.exitCode = 1;
} else {
  writeFileSync(COMPILED_PATH, JSON.stringify(compiled));
}
