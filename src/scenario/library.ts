import { builtinNames, builtinPath, compiledBuiltin } from './builtins.js';
import { embedded } from '../build/embedded.js';
import { ScenarioError } from './errors.js';
import { sanitize } from '../text/sanitize.js';
import { loadScenarioFile } from './load.js';
import { sayWaiting } from './read.js';

/** `--list`: one line per built-in, name then the first sentence of its summary. */
export function listBuiltins(width = 100): string[] {
  const names = builtinNames();
  const pad = Math.max(...names.map((n) => n.length)) + 2;
  return names.map((name) => {
    // normdrift.mjs has no scenarios/ to read: its built-ins were validated when it was built.
    const s = (embedded && compiledBuiltin(name)) || loadScenarioFile(builtinPath(name));
    const text = s.summary.replace(/\s+/g, ' ').trim();
    const first = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
    const room = Math.max(20, width - pad);
    const line = first.length > room ? `${first.slice(0, room - 1)}…` : first;
    return `${name.padEnd(pad)}${line}`;
  });
}

/**
 * `--validate`: every problem of every file; ok only if all files are valid. Arguments are files
 * (not built-in names), reported as they were typed.
 */
export function validateFiles(paths: string[]): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  for (const path of paths) {
    try {
      const s = loadScenarioFile(path, sayWaiting);
      lines.push(`${sanitize(path)}: ok (${sanitize(s.title)})`);
    } catch (err) {
      ok = false;
      if (err instanceof ScenarioError) lines.push(...err.problems);
      else throw err;
    }
  }
  return { ok, lines };
}
