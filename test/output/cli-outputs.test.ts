import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/output/ndjson.js';
import { CsvRecordingPair } from '../../src/output/recorders.js';
import { applyOverrides } from '../../src/session/pair.js';
import { cellWidth } from '../../src/text/cells.js';
import { builtinPath } from '../../src/scenario/builtins.js';
import { builtin } from '../scenarios/helpers.js';

/** The built CLI (`npm test` builds it first), with stdout a pipe: the headless side. */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-cli-'));

function run(args: string[], env: Record<string, string | undefined> = {}, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trimEnd().split('\n');
  const keys = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], v])));
}

describe('--csv in headless mode', () => {
  it('holds exactly the steps and numbers of the NDJSON, from the same run', () => {
    const scenario = applyOverrides(builtin('batchnorm-2d'), { steps: 50 });
    const rows: string[] = [];
    const pair = new CsvRecordingPair(scenario, (s) => rows.push(`${s.naive.step},naive,${s.naive.loss}`, `${s.backprop.step},backprop,${s.backprop.loss}`));
    const ndjson: Record<string, unknown>[] = [];
    runHeadless(pair, { name: 'batchnorm-2d', steps: 50, every: 7 }, (l) => ndjson.push(JSON.parse(l)));
    const steps = ndjson.filter((r) => r.type === 'step');
    expect(steps.map((r) => r.step)).toEqual([0, 0, 7, 7, 14, 14, 21, 21, 28, 28, 35, 35, 42, 42, 49, 49, 50, 50]);
    expect(rows).toEqual(steps.map((r) => `${r.step},${r.model},${r.loss}`));
  });

  it('through the CLI: NDJSON on stdout, CSV in the file, same recorded steps, a header a spreadsheet reads', () => {
    const path = join(tmp(), 'series.csv');
    const r = run(['--json', '--steps', '20', '--every', '5', '--csv', path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const ndjson = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const csv = parseCsv(readFileSync(path, 'utf8'));
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('step,model,loss,b,w,meanX,varX,xhatProbe,gradB,gradW,diverged');
    const steps = ndjson.filter((o) => o.type === 'step');
    expect(csv.map((c) => [Number(c.step), c.model, Number(c.loss), Number(c.b), Number(c.gradB)])).toEqual(
      steps.map((o) => [o.step, o.model, o.loss, o.b, o.gradB]),
    );
  });

  it('is written even when stdout is not a reader at all (plain headless, no --json)', () => {
    const path = join(tmp(), 'plain.csv');
    const r = run(['scale-blowup', '--steps', '3', '--csv', path]);
    expect(r.code).toBe(0);
    expect(parseCsv(readFileSync(path, 'utf8')).map((c) => c.step)).toEqual(['0', '0', '1', '1', '2', '2', '3', '3']);
  });

  it('an unwritable path is one line and exit 2, before anything runs', () => {
    const r = run(['--json', '--csv', '/nonexistent-dir/x.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('normdrift: cannot write --csv /nonexistent-dir/x.csv: no such directory\n');
  });
});

describe('outputs that would overwrite the scenario', () => {
  it('are refused before anything is written', () => {
    const path = join(tmp(), 'mine.yaml');
    const text = readFileSync(builtinPath('paper-bias'), 'utf8');
    writeFileSync(path, text);
    const r = run([path, '--json', '--csv', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^normdrift: cannot write --csv .*mine\.yaml: it is the scenario file being run; give another file\n$/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('--record without a terminal', () => {
  it('is a usage error when stdout is a pipe, and creates no file', () => {
    const dir = tmp();
    const r = run(['--record', 'demo.cast'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'normdrift: --record records the live view, which needs a terminal on stdout (here it is a pipe or a file) (see normdrift --help)',
    ]);
    expect(existsSync(join(dir, 'demo.cast'))).toBe(false);
  });
});

describe('--snapshot from the command line', () => {
  const escapes = /\x1b/;

  it('prints plain text to a pipe, whatever the colour environment says', () => {
    for (const env of [{}, { NO_COLOR: '1' }, { FORCE_COLOR: '3' }, { FORCE_COLOR: undefined, CI: undefined }]) {
      const r = run(['--snapshot', '--width', '80'], env);
      expect(r.code, JSON.stringify(env)).toBe(0);
      expect(r.stdout).not.toMatch(escapes);
      expect(r.stdout.split('\n')[0]).toMatch(/^ normdrift · The paper's example .* step 500 · seed 42$/);
      expect(r.stdout.split('\n').every((l) => !/\s$/.test(l))).toBe(true);
    }
  });

  it('uses 80 columns when stdout is not a terminal, and --width otherwise', () => {
    const a = run(['--snapshot', '--steps', '50']).stdout.split('\n');
    expect(Math.max(...a.map(cellWidth))).toBe(80);
    expect(a.some((l) => /╮╭/.test(l))).toBe(false);
    const b = run(['--snapshot', '--steps', '50', '--width', '120']).stdout.split('\n');
    expect(b[1]).toMatch(/^╭─ naive.*╮╭─ backprop.*╮$/);
  });

  it('--ascii is pure ASCII, byte for byte', () => {
    const r = spawnSync(process.execPath, [CLI, 'batchnorm-2d', '--snapshot', '--ascii', '--width', '100']);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(500);
    expect([...r.stdout].every((b) => b < 0x80)).toBe(true);
  });

  it('a file scenario works too, and a too-narrow --width is one line, exit 2', () => {
    const path = join(tmp(), 'mine.yaml');
    writeFileSync(path, readFileSync(builtinPath('paper-bias'), 'utf8').replace(/^title: .*$/m, 'title: Mine'));
    const r = run([path, '--snapshot', '--steps', '10', '--width', '90']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ normdrift · Mine\s+step 10 · seed 42\n/);
    const narrow = run(['--snapshot', '--width', '40']);
    expect(narrow.code).toBe(2);
    // 41 columns is the narrowest layout of any scenario: the flag's range says so itself.
    expect(narrow.stderr).toMatch(/^normdrift: --width takes a whole number from 41 to 1000 \(got "40"\).*\n$/);
  });
});

describe('--help', () => {
  it('starts with the usage (no package description repeated above it) and documents every new flag', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimStart().startsWith('Usage')).toBe(true);
    for (const flag of ['--record F.cast', '--csv FILE', '--snapshot', '--width W', '--duration SEC', '--steps N', '--every K'])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('e export the series so far to ./normdrift-<scenario>-<seed>-<step>.csv');
  });
});
