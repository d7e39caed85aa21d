import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ORDER,
  builtinPath,
  COMPILED_PATH,
  compiledBuiltin,
  loadBuiltin,
  resolveScenario,
  type CompiledBuiltins,
} from '../../src/scenario/builtins.js';
import { builtin } from '../scenarios/helpers.js';

/**
 * `npm run build` validates the built-ins and keeps them as dist/builtins.json, so that starting
 * one loads neither yaml nor zod (issue #6). The copy must never differ from what the YAML reader
 * gives, and a file edited after the build must be read again, not ignored.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe("the build's copy of the built-ins", () => {
  const compiled = JSON.parse(readFileSync(COMPILED_PATH, 'utf8')) as CompiledBuiltins;

  it('holds every built-in, each as the YAML reader reads its current file', async () => {
    expect(Object.keys(compiled)).toEqual(BUILTIN_ORDER);
    for (const name of BUILTIN_ORDER) {
      expect(compiled[name].source).toBe(readFileSync(builtinPath(name), 'utf8'));
      expect(compiledBuiltin(name), name).toStrictEqual(JSON.parse(JSON.stringify(builtin(name))));
      expect(compiledBuiltin(name), name).toEqual(builtin(name));
      expect(loadBuiltin(name)).not.toBeInstanceOf(Promise);
      expect((await resolveScenario(name)).scenario).toEqual(builtin(name));
    }
  });

  it('is used only while the YAML still matches it', () => {
    const edited: CompiledBuiltins = { 'paper-bias': { ...compiled['paper-bias'], source: '# another text\n' } };
    expect(compiledBuiltin('paper-bias', edited)).toBeUndefined();
    expect(compiledBuiltin('paper-bias', null)).toBeUndefined();
    expect(compiledBuiltin('weight-and-bias', edited)).toBeUndefined();
    for (const name of ['__proto__', 'constructor', 'toString']) expect(compiledBuiltin(name, compiled)).toBeUndefined();
  });

  it('hands out copies: changing one does not change the next', () => {
    const a = compiledBuiltin('paper-bias')!;
    a.training.learningRate = 99;
    a.captions.length = 0;
    expect(compiledBuiltin('paper-bias')).toEqual(builtin('paper-bias'));
  });
});

/** A copy of the package in a temporary directory, where the built-ins can be edited. */
function packageCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'normdrift-pkg-'));
  for (const part of ['dist', 'scenarios', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const node = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });

describe('built-ins edited after the build', () => {
  it('are read from their file: a new title shows, a broken file gets its one-line errors', () => {
    const dir = packageCopy();
    const yaml = join(dir, 'scenarios/paper-bias.yaml');
    const text = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, text.replace(/^title: .*$/m, 'title: Edited after the build'));
    const ok = node(dir, 'dist/cli.js', 'paper-bias', '--json', '--steps', '1');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.split('\n')[0])).toMatchObject({ title: 'Edited after the build' });

    writeFileSync(yaml, text.replace(/^title: .*$/m, 'title: [not, text]'));
    const bad = node(dir, 'dist/cli.js', 'paper-bias', '--json', '--steps', '1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^\S*paper-bias\.yaml:\d+:\d+: title: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('fail the build with the same errors, and leave no copy behind', () => {
    const dir = packageCopy();
    const yaml = join(dir, 'scenarios/minibatch.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^title: .*$/m, 'title: [not, text]'));
    expect(existsSync(join(dir, 'dist/builtins.json'))).toBe(true);
    const r = node(dir, 'dist/scenario/compile-builtins.js');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^normdrift build: a built-in scenario is not valid:\n.*minibatch\.yaml:\d+:\d+: title: /);
    expect(existsSync(join(dir, 'dist/builtins.json'))).toBe(false);
    // Without the copy, every built-in is still read (and checked) from its file.
    const run = node(dir, 'dist/cli.js', 'paper-bias', '--json', '--steps', '1');
    expect(run.status, run.stderr).toBe(0);
  });
});
