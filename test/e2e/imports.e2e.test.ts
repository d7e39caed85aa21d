import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, spawnLive, type Live } from './pty.js';

/**
 * What each mode loads. Start-up time is mostly module loading (Ink and React alone are over
 * 500 modules), so a mode must not load what it does not use. Nothing here is timed.
 */

const HOOK = join(ROOT, 'test/e2e/fixtures/record-loads.mjs');

function packagesIn(file: string): Set<string> {
  const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const names = urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((n): n is string => n !== undefined);
  return new Set(names);
}

/** The files of seedrandom that were loaded: its ARC4 module alone (issue #15), not its index and six other generators. */
function seedrandomFiles(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((u) => /node_modules\/seedrandom\/(.+)$/.exec(u)?.[1])
    .filter((f): f is string => f !== undefined);
}

function loadsOf(args: string[]): Set<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'normdrift-loads-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NORMDRIFT_LOADS: file } });
  expect(r.status, r.stderr).toBe(0);
  if (args.includes('--json')) expect(seedrandomFiles(file)).toEqual(['seedrandom.js']);
  return packagesIn(file);
}

let live: Live | undefined;
afterEach(() => live?.dispose());

describe('modules each mode loads', () => {
  it('headless loads no Ink, React or charts, and for a built-in no YAML or zod; --help and --version neither', () => {
    const headless = loadsOf(['--json', '--steps', '3']);
    for (const p of ['ink', 'react', 'react-reconciler', 'yoga-layout', '@pppp606/ink-chart', 'meow']) expect(headless.has(p), p).toBe(false);
    // A built-in comes from the build's validated JSON; a person's file needs the full reader.
    for (const p of ['yaml', 'zod']) expect(headless.has(p), p).toBe(false);
    const file = loadsOf(['scenarios/paper-bias.yaml', '--json', '--steps', '3']);
    for (const p of ['yaml', 'zod']) expect(file.has(p), p).toBe(true);
    for (const args of [['--help'], ['--version']]) {
      const loads = loadsOf(args);
      for (const p of ['yaml', 'zod', 'ink', 'react']) expect(loads.has(p), `${args[0]} loads ${p}`).toBe(false);
    }
  });

  it('the live view of a built-in loads Ink and React, and not YAML, zod, ink-chart or the CLI parser it no longer uses', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'normdrift-loads-')), 'loads.txt');
    live = spawnLive({
      cols: 100,
      rows: 30,
      shell: '"$NODE" --import "$HOOK" "$CLI" --duration 1 --exit-at-end',
      env: { NODE: process.execPath, HOOK, NORMDRIFT_LOADS: file },
    });
    expect((await live.exited).exitCode).toBe(0);
    const loads = packagesIn(file);
    for (const p of ['ink', 'react']) expect(loads.has(p), p).toBe(true);
    for (const p of ['yaml', 'zod', '@pppp606/ink-chart', 'meow']) expect(loads.has(p), p).toBe(false);
    expect(seedrandomFiles(file)).toEqual(['seedrandom.js']);
  });
});
