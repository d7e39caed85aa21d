import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `npm run bundle`'s output (`npm test` writes it first, in pretest). */
export const BUNDLE = join(ROOT, 'dist', 'normdrift.mjs');

export const tempDir = (what: string): string => mkdtempSync(join(tmpdir(), `normdrift-${what}-`));

/**
 * The environment for a child npm or normdrift: no npm_* variables from the `npm test` that runs
 * us (they would point npm at this project's config), no CI (as a user's shell), a cache of its own.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'CI' && v !== undefined) env[k] = v;
  return { ...env, ...extra };
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Ran {
  const r = spawnSync(file, args, { cwd: o.cwd, env: o.env ?? cleanEnv(), encoding: 'utf8', timeout: o.timeout ?? 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const packageVersion = (): string =>
  (JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: ROOT, encoding: 'utf8' })) as { version: string })
    .version;

/** NDJSON lines, parsed; throws on a line that is not JSON. */
export const ndjson = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
