import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileError, openOutputs, openPlanned, planOutputs } from '../../src/output/files.js';
import { builtinPath } from '../../src/scenario/builtins.js';

// Issue 17: "outputs never land on an input". Files are compared by identity (device and inode),
// so a different spelling, a symlink (even one whose target does not exist yet) and a hard link
// are all the same file; and every output is checked before any is opened or truncated.

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-outs-'));
const SCENARIO = readFileSync(builtinPath('paper-bias'), 'utf8');

function refusal(inputs: { path: string; name?: string }[], outputs: { flag: string; path: string }[]): string {
  const plan = planOutputs(inputs, outputs);
  expect(plan.ok).toBe(false);
  return plan.ok ? '' : plan.error.message;
}

describe('planOutputs', () => {
  it('two outputs that are the same file, however spelt or linked, are refused', () => {
    const dir = tmp();
    const a = join(dir, 'out.cast');
    expect(refusal([], [{ flag: '--record', path: a }, { flag: '--csv', path: join(dir, '.', 'sub', '..', 'out.cast') }])).toBe(
      `cannot write --csv ${join(dir, '.', 'sub', '..', 'out.cast')}: it is the same file as --record ${a}; give each output its own file`,
    );
    // A symlink to a file that does not exist yet: opening it would create the other output.
    symlinkSync('target.csv', join(dir, 'dangling.csv'));
    expect(refusal([], [{ flag: '--record', path: join(dir, 'target.csv') }, { flag: '--csv', path: join(dir, 'dangling.csv') }])).toMatch(
      /--csv .*dangling\.csv: it is the same file as --record/,
    );
    // A hard link to an existing file.
    writeFileSync(join(dir, 'x.csv'), 'mine');
    linkSync(join(dir, 'x.csv'), join(dir, 'y.csv'));
    expect(refusal([], [{ flag: '--record', path: join(dir, 'x.csv') }, { flag: '--csv', path: join(dir, 'y.csv') }])).toMatch(/same file/);
    // A symlinked directory on the way.
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'alias'));
    expect(refusal([], [{ flag: '--record', path: join(dir, 'real', 'n.cast') }, { flag: '--csv', path: join(dir, 'alias', 'n.cast') }])).toMatch(/same file/);
    // Nothing was created or changed by looking.
    expect(readdirSync(dir).sort()).toEqual(['alias', 'dangling.csv', 'real', 'x.csv', 'y.csv']);
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toBe('mine');
  });

  it('an output that is an input (the scenario being read), by any path, is refused', () => {
    const dir = tmp();
    const scenario = join(dir, 'mine.yaml');
    writeFileSync(scenario, SCENARIO);
    symlinkSync(scenario, join(dir, 'link.csv'));
    linkSync(scenario, join(dir, 'hard.csv'));
    const inputs = [{ path: scenario, name: 'the scenario file being run' }];
    for (const path of [scenario, join(dir, 'link.csv'), join(dir, 'hard.csv'), join(dir, '..', dir.split('/').pop()!, 'mine.yaml')])
      expect(refusal(inputs, [{ flag: '--csv', path }])).toBe(`cannot write --csv ${path}: it is the scenario file being run; give another file`);
    expect(readFileSync(scenario, 'utf8')).toBe(SCENARIO);
  });

  it('a directory, a missing directory, a file in place of a directory, a read-only directory', () => {
    const dir = tmp();
    expect(refusal([], [{ flag: '--csv', path: dir }])).toBe(`cannot write --csv ${dir}: it is a directory`);
    expect(refusal([], [{ flag: '--csv', path: join(dir, 'no', 'x.csv') }])).toMatch(/: no such directory$/);
    writeFileSync(join(dir, 'plain'), '');
    expect(refusal([], [{ flag: '--csv', path: join(dir, 'plain', 'x.csv') }])).toMatch(/: no such directory$/);
    // Read-only: only meaningful when not root (root may write anywhere but a read-only mount).
    if (process.getuid?.() !== 0) {
      mkdirSync(join(dir, 'ro'));
      chmodSync(join(dir, 'ro'), 0o555);
      expect(refusal([], [{ flag: '--csv', path: join(dir, 'ro', 'x.csv') }])).toMatch(/: permission denied$/);
    }
  });

  it('pipes and devices are fine outputs and are not truncated', () => {
    const plan = planOutputs([], [{ flag: '--csv', path: '/dev/null' }]);
    expect(plan.ok).toBe(true);
    const [f] = openOutputs([], [{ flag: '--csv', path: '/dev/null' }]);
    expect(f.write('x\n')).toBe(true);
    expect(f.close()).toBe(true);
  });
});

describe('openPlanned', () => {
  it('opens all or none: a failure leaves existing files untouched and removes the ones it created', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'keep.csv'), 'precious');
    const outputs = [
      { flag: '--csv', path: join(dir, 'keep.csv') },
      { flag: '--stats', path: join(dir, 'new.txt') },
      { flag: '--record', path: join(dir, 'gone', 'x.cast') },
    ];
    // Planned as if the directory were there; it is not when the files are opened.
    expect(() => openPlanned([], outputs)).toThrow(FileError);
    expect(readFileSync(join(dir, 'keep.csv'), 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'new.txt'))).toBe(false);
  });

  it('a symlink whose target does not exist yet is followed, as a plain open would', () => {
    const dir = tmp();
    symlinkSync('later.csv', join(dir, 'link.csv'));
    const [f] = openOutputs([], [{ flag: '--csv', path: join(dir, 'link.csv') }]);
    f.write('a\n');
    f.close();
    expect(readFileSync(join(dir, 'later.csv'), 'utf8')).toBe('a\n');
  });

  it('checks identity again on what was opened, and truncates only once every check passed', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.csv'), 'old a');
    linkSync(join(dir, 'a.csv'), join(dir, 'b.csv'));
    expect(() => openPlanned([], [{ flag: '--csv', path: join(dir, 'a.csv') }, { flag: '--record', path: join(dir, 'b.csv') }])).toThrow(
      /same file as --csv/,
    );
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('old a');
    const files = openPlanned([], [{ flag: '--csv', path: join(dir, 'a.csv') }, { flag: '--record', path: join(dir, 'c.cast') }]);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('');
    files[0].write('new\n');
    for (const f of files) f.close();
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('new\n');
  });
});

describe('through the CLI', () => {
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

  it('a run refused for a bad --record path has not touched the --csv file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'keep.csv'), 'precious');
    const r = run(['--csv', 'keep.csv', '--record', '/nonexistent-dir/x.cast'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('normdrift: cannot write --record /nonexistent-dir/x.cast: no such directory\n');
    expect(readFileSync(join(dir, 'keep.csv'), 'utf8')).toBe('precious');
  });

  it('--record out.cast --csv ./out.cast is refused, nothing created', () => {
    const dir = tmp();
    const r = run(['--record', 'out.cast', '--csv', './out.cast'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('normdrift: cannot write --csv ./out.cast: it is the same file as --record out.cast; give each output its own file\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a symlink or a hard link to the scenario being read is refused, the scenario unchanged', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'mine.yaml'), SCENARIO);
    symlinkSync('mine.yaml', join(dir, 'series.csv'));
    linkSync(join(dir, 'mine.yaml'), join(dir, 'hard.csv'));
    for (const out of ['series.csv', 'hard.csv']) {
      const r = run(['mine.yaml', '--json', '--steps', '3', '--csv', out], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`normdrift: cannot write --csv ${out}: it is the scenario file being run; give another file\n`);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe(SCENARIO);
  });

  it('standard output is an output too: --csv /dev/stdout, --csv onto the file stdout goes to, >> onto the scenario', () => {
    const dir = tmp();
    const viaShell = (cmd: string) =>
      spawnSync('sh', ['-c', cmd], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI } });
    const a = viaShell('"$NODE" "$CLI" --json --steps 2 --csv /dev/stdout | cat');
    expect(a.stderr).toBe('normdrift: cannot write --csv /dev/stdout: it is the same file as standard output; give each output its own file\n');
    const b = viaShell('"$NODE" "$CLI" --json --steps 2 --csv out.ndjson > out.ndjson');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--csv out\.ndjson: it is the same file as standard output/);
    writeFileSync(join(dir, 'mine.yaml'), SCENARIO);
    const c = viaShell('"$NODE" "$CLI" mine.yaml --json --steps 2 >> mine.yaml');
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('normdrift: cannot write standard output: it is the scenario file being run; give another file\n');
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe(SCENARIO);
    // Devices never clash: /dev/null twice is fine.
    expect(viaShell('"$NODE" "$CLI" --json --steps 2 --csv /dev/null > /dev/null').status).toBe(0);
  });

  it('a built-in scenario’s own file is an input too', () => {
    const dir = tmp();
    try {
      const r = run(['paper-bias', '--json', '--steps', '3', '--csv', builtinPath('paper-bias')], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/it is the scenario file being run; give another file\n$/);
      expect(readFileSync(builtinPath('paper-bias'), 'utf8')).toBe(SCENARIO);
    } finally {
      // Should this ever regress, the other tests still find the built-in as it was.
      if (readFileSync(builtinPath('paper-bias'), 'utf8') !== SCENARIO) writeFileSync(builtinPath('paper-bias'), SCENARIO);
    }
  });
});
