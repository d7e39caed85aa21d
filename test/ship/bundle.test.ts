/**
 * Issue #15, "one file": dist/normdrift.mjs copied alone into an empty directory runs every mode
 * — nothing beside it, no node_modules, no scenarios/, no package.json above it.
 */
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnLive, type Live } from '../e2e/pty.js';
import { BUNDLE, ndjson, packageVersion, ROOT, run, tempDir } from './helpers.js';

let dir: string;
let live: Live | undefined;

beforeAll(() => {
  dir = tempDir('one-file');
  copyFileSync(BUNDLE, join(dir, 'normdrift.mjs'));
});
afterEach(() => live?.dispose());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const normdrift = (args: string[]) => run(process.execPath, ['normdrift.mjs', ...args], { cwd: dir });

describe('normdrift.mjs alone in an empty directory', () => {
  it('--version is the package version, carried inside', () => {
    const r = normdrift(['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${packageVersion()}\n`);
  });

  it('--list names every built-in of scenarios/, in the library order', () => {
    const r = normdrift(['--list']);
    expect(r.status, r.stderr).toBe(0);
    const names = r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect([...names].sort()).toEqual([...files].sort());
    expect(names[0]).toBe('paper-bias');
  });

  it('--json of every built-in is byte for byte what the unbundled build writes', () => {
    for (const name of readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''))) {
      const ours = normdrift([name, '--json', '--steps', '20']);
      const dist = run(process.execPath, [join(ROOT, 'dist', 'cli.js'), name, '--json', '--steps', '20'], { cwd: ROOT });
      expect(ours.status, ours.stderr).toBe(0);
      expect(ours.stdout.length).toBeGreaterThan(0);
      expect(ours.stdout, name).toBe(dist.stdout);
    }
  });

  it('--snapshot draws both panels', () => {
    const r = normdrift(['--snapshot', '--width', '120']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/naive.*backprop/);
    expect(r.stdout).toMatch(/step 500/);
  });

  it('runs a scenario file given as a path, and reports a bad one in one line', () => {
    const yaml = readFileSync(join(ROOT, 'scenarios', 'minibatch.yaml'), 'utf8');
    writeFileSync(join(dir, 'mine.yaml'), yaml);
    const r = normdrift(['mine.yaml', '--json', '--steps', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(ndjson(r.stdout)[0]).toMatchObject({ type: 'scenario', name: 'mine' });
    writeFileSync(join(dir, 'broken.yaml'), 'training: [');
    const bad = normdrift(['broken.yaml', '--json']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^broken\.yaml:1:\d+: not valid YAML/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('the live view draws both panels in a pseudo-terminal and exits 0 on q', async () => {
    live = spawnLive({ cols: 120, rows: 40, cwd: dir, shell: '"$NODE" normdrift.mjs', env: { NODE: process.execPath } });
    await live.waitFor((t) => /╭─ naive.*╮╭─ backprop/.test(t) && /step [1-9]/.test(t), 'both panels');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
    // Nothing written beside it: no cache, no build output.
    expect(readdirSync(dir).sort()).toEqual(['broken.yaml', 'mine.yaml', 'normdrift.mjs']);
  });
});
