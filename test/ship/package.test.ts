/**
 * Issue #15, "a package that installs": `npm pack` (whose prepack builds the bundle), then the
 * tarball installed as a user would, into a prefix of its own, and the installed command run.
 * No network: the package has no runtime dependencies (everything is bundled into dist/pkg/, which
 * the command runs, and into the single file dist/normdrift.mjs), so npm installs it --offline
 * from the tarball alone.
 */
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnLive, type Live } from '../e2e/pty.js';
import { cleanEnv, ndjson, packageVersion, ROOT, run, tempDir } from './helpers.js';

let dir: string;
let tarball: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = tempDir('pack');
  env = cleanEnv({ npm_config_cache: join(dir, 'cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });
  // Packed from a copy of the sources with no dist/, as a fresh clone is (node_modules linked,
  // as `npm ci` would have installed it): prepack must build everything the package holds, and
  // the build does not rewrite the dist/ that other tests are running meanwhile.
  const src = join(dir, 'src-tree');
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'LICENSE', 'src', 'scenarios'])
    cpSync(join(ROOT, f), join(src, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
  const packed = run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: src, env, timeout: 240_000 });
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(dir, packed.stdout.trim().split('\n').pop()!);
  const installed = run('npm', ['install', '--global', '--offline', '--prefix', join(dir, 'prefix'), tarball], { cwd: dir, env, timeout: 120_000 });
  expect(installed.status, installed.stderr).toBe(0);
}, 300_000);

let live: Live | undefined;
afterEach(() => live?.dispose());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const normdrift = (args: string[]) => run(join(dir, 'prefix', 'bin', 'normdrift'), args, { cwd: dir, env });

describe('the packed package, installed globally into a temporary prefix', () => {
  it('holds the split build, the single file, the built-in scenarios and the licence, and installs no dependencies', () => {
    const pkg = join(dir, 'prefix', 'lib', 'node_modules', 'normdrift');
    expect(existsSync(join(pkg, 'dist', 'pkg', 'cli.mjs'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'pkg', 'asciinema-player.json.gz'))).toBe(true);
    // The file to copy to a remote machine comes with the package.
    expect(existsSync(join(pkg, 'dist', 'normdrift.mjs'))).toBe(true);
    // The command is the split build, not the single file (README, "Start-up").
    expect(realpathSync(join(dir, 'prefix', 'bin', 'normdrift'))).toBe(realpathSync(join(pkg, 'dist', 'pkg', 'cli.mjs')));
    // Nothing of the unbundled build: the bundles are the whole program.
    expect(readdirSync(join(pkg, 'dist')).sort()).toEqual(['normdrift.mjs', 'pkg']);
    expect(readFileSync(join(pkg, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 normdrift contributors/);
    expect(readdirSync(join(pkg, 'scenarios'))).toContain('paper-bias.yaml');
    // The bundle is the whole program: nothing to fetch, nothing to compile on install.
    expect(existsSync(join(pkg, 'node_modules'))).toBe(false);
  });

  it('normdrift --version prints the package version', () => {
    const r = normdrift(['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${packageVersion()}\n`);
  });

  it('normdrift --json --steps 3 writes the scenario line and steps 0 to 3 of both models', () => {
    const r = normdrift(['--json', '--steps', '3']);
    expect(r.status, r.stderr).toBe(0);
    const lines = ndjson(r.stdout);
    expect(lines[0]).toMatchObject({ type: 'scenario', name: 'paper-bias' });
    const steps = lines.filter((l) => l.type === 'step');
    expect(steps.map((l) => `${l.step as number}${l.model as string}`)).toEqual(
      [0, 1, 2, 3].flatMap((s) => [`${s}naive`, `${s}backprop`]),
    );
  });

  it('normdrift --snapshot draws both panels without a terminal', () => {
    const r = normdrift(['--snapshot']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/naive/);
    expect(r.stdout).toMatch(/backprop/);
    expect(r.stdout).toMatch(/step 500/);
  });

  it('normdrift --record demo.html writes a page with the web player, read from the file beside the chunks', async () => {
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, shell: '"$BIN" --record demo.html --duration 1 --exit-at-end', env: { BIN: join(dir, 'prefix', 'bin', 'normdrift') } });
    expect((await live.exited).exitCode).toBe(0);
    const html = readFileSync(join(dir, 'demo.html'), 'utf8');
    expect(html).toContain('AsciinemaPlayer');
    expect(html).toMatch(/Apache License/);
  });

  it('npx ./<tarball> runs it without installing it anywhere else', () => {
    // A relative path: npx takes an absolute one for a command to run (npm's exec looks it up as a local bin).
    const r = run('npx', ['--yes', '--offline', `./${tarball.split('/').pop()!}`, '--version'], { cwd: dir, env, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${packageVersion()}\n`);
  });
});
