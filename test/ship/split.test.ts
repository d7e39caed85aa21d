/**
 * Issue #15, "start in half the time": the package (dist/pkg/cli.mjs, what `npm start` and the
 * installed `normdrift` run) is split so that a run compiles only the code of its mode. Node
 * compiles every byte of a file it loads, so what a run loads, in bytes, is its start-up cost;
 * nothing here is timed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnLive } from '../e2e/pty.js';
import { PACKAGE_ENTRY, ROOT, tempDir } from './helpers.js';

const HOOK = join(ROOT, 'test/e2e/fixtures/record-loads.mjs');

/** The package's own files a run loaded, and their bytes in all. */
function loaded(file: string): { files: string[]; bytes: number } {
  const files = readFileSync(file, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:') && u.includes('/dist/pkg/'))
    .map((u) => fileURLToPath(u));
  return { files, bytes: files.reduce((sum, f) => sum + statSync(f).size, 0) };
}

function loadsOf(args: string[]): { files: string[]; bytes: number } {
  const file = join(tempDir('split'), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, PACKAGE_ENTRY, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NORMDRIFT_LOADS: file } });
  expect(r.status, r.stderr).toBe(0);
  return loaded(file);
}

const total = statSync(join(ROOT, 'dist', 'normdrift.mjs')).size;

describe('what each run of the package loads', () => {
  it('--version and a headless run of a built-in load a small part of the program (no Ink, React, YAML or zod)', () => {
    const version = loadsOf(['--version']);
    const headless = loadsOf(['--json', '--steps', '2']);
    expect(version.bytes).toBeLessThan(total / 20);
    expect(headless.bytes).toBeLessThan(total / 8);
    expect(version.files.every((f) => headless.files.includes(f))).toBe(true);
  });

  it('a scenario file brings the YAML reader and zod; a built-in does not', () => {
    const builtin = loadsOf(['--json', '--steps', '2']);
    const file = loadsOf([join(ROOT, 'scenarios', 'minibatch.yaml'), '--json', '--steps', '2']);
    // zod and yaml are about half a megabyte together.
    expect(file.bytes - builtin.bytes).toBeGreaterThan(400_000);
  });

  it('the live view loads Ink and React but not the YAML reader and zod, nor the web player', async () => {
    const file = join(tempDir('split'), 'loads.txt');
    const live = spawnLive({ cols: 100, rows: 30, shell: '"$NODE" --import "$HOOK" "$CLI" --duration 1 --exit-at-end', env: { NODE: process.execPath, HOOK, CLI: PACKAGE_ENTRY, NORMDRIFT_LOADS: file } });
    try {
      expect((await live.exited).exitCode).toBe(0);
    } finally {
      live.dispose();
    }
    const { bytes } = loaded(file);
    const all = loadsOf([join(ROOT, 'scenarios', 'minibatch.yaml'), '--json', '--steps', '2']);
    expect(bytes).toBeGreaterThan(300_000);
    expect(bytes + all.bytes).toBeLessThan(total);
    expect(readFileSync(file, 'utf8')).not.toMatch(/asciinema|node:zlib/);
  });
});
