import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsciicastWriter, teeStream } from '../../src/output/asciicast.js';
import { CsvWriter, csvShape } from '../../src/output/csv.js';
import { writeNewFile } from '../../src/output/export.js';
import { exitCodeFor } from '../../src/errors.js';
import { FileError, OutputFile, WriteFailure, openOutputFile, writeAll } from '../../src/output/files.js';
import { CsvRecorder } from '../../src/output/recorders.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';

// Issue 17, "writes that fail": a full disk (a small tmpfs, when the tests run as root), a file
// size limit (ulimit -f: Node ignores SIGXFSZ, so the write gets EFBIG, after a short write), and
// /dev/full. Each writer must say it failed — never report rows or an export that are not in the
// file — and must never throw from the places a cleanup path calls.

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-io-'));

/** A 64 KiB tmpfs, or null (with the reason) when this process may not mount one. */
function mountSmallDisk(): { dir: string } | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'not root: cannot mount a small tmpfs to fill' };
  const dir = tmp();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { skip: `mount -t tmpfs failed: ${(r.stderr || String(r.error)).trim()}` };
  return { dir };
}

let disk: { dir: string } | { skip: string } = { skip: 'not mounted yet' };
beforeAll(() => {
  disk = mountSmallDisk();
  if ('skip' in disk) console.warn(`io-writes: full-disk tests skipped (${disk.skip}); /dev/full and ulimit cases still run`);
});
afterAll(() => {
  if ('dir' in disk) spawnSync('umount', [disk.dir]);
});

/** A fresh directory on the small disk, emptied first so every test starts with 64 KiB free. */
function onSmallDisk(): string | null {
  if (!('dir' in disk)) return null;
  for (const f of readdirSync(disk.dir)) rmSync(join(disk.dir, f), { recursive: true, force: true });
  const dir = join(disk.dir, 'd');
  mkdirSync(dir);
  return dir;
}

/** Fills the disk but `room` bytes. */
function fillLeaving(dir: string, room: number): void {
  const filler = join(dir, '..', 'filler');
  // Write until full, then free exactly `room` bytes (tmpfs allocates in 4 KiB pages).
  try {
    writeFileSync(filler, Buffer.alloc(64 * 1024));
  } catch {
    // Full: what we want.
  }
  const size = statSync(filler).size;
  writeFileSync(filler, Buffer.alloc(Math.max(0, size - room)));
}

function rowsOf(pair: Pair, n: number) {
  const rows = [];
  for (let t = 0; t < n; t++) {
    const st = pair.states();
    rows.push(st.naive, st.backprop);
    pair.advance(1);
  }
  return rows;
}

describe('writeAll and OutputFile', () => {
  it('a write to /dev/full is an error with its reason in words, and the file then stays failed without throwing', () => {
    const file = openOutputFile('--csv', '/dev/full');
    const failures: FileError[] = [];
    file.onFail((e) => failures.push(e));
    expect(file.write('a,b\n')).toBe(false);
    expect(file.error).toBeInstanceOf(FileError);
    expect(file.error?.message).toBe('cannot write --csv /dev/full: no space left on the device');
    expect(file.write('more\n')).toBe(false);
    expect(file.close()).toBe(false);
    expect(failures).toHaveLength(1);
    expect(() => file.check()).toThrow('no space left on the device');
  });

  it('a write that fails once the run has started is a failure (exit 1); the same file refused at open is bad input (exit 2)', () => {
    const file = openOutputFile('--csv', '/dev/full');
    file.write('a,b\n');
    expect(file.error).toBeInstanceOf(WriteFailure);
    expect(exitCodeFor(file.error)).toBe(1);
    let refused: unknown;
    try {
      file.refuse();
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(FileError);
    expect(refused).not.toBeInstanceOf(WriteFailure);
    expect(exitCodeFor(refused)).toBe(2);
    let header: unknown;
    try {
      new CsvWriter('/dev/full', csvShape(builtin('paper-bias')));
    } catch (err) {
      header = err;
    }
    expect(exitCodeFor(header)).toBe(2);
  });

  it('a short write is written again until all of it is in, or fails with how much got in', () => {
    const dir = onSmallDisk();
    if (dir === null) return;
    const path = join(dir, 'big');
    const fd = openSync(path, 'w');
    let thrown: (NodeJS.ErrnoException & { written?: number }) | undefined;
    try {
      writeAll(fd, Buffer.alloc(200 * 1024, 0x41));
    } catch (err) {
      thrown = err as typeof thrown;
    } finally {
      closeSync(fd);
    }
    expect(thrown?.code).toBe('ENOSPC');
    // The disk took part of it (a short write) before saying no: that part is reported.
    expect(thrown?.written).toBeGreaterThan(0);
    expect(thrown?.written).toBe(statSync(path).size);
  });
});

describe('the CSV writer on a disk that fills', () => {
  it('keeps whole rows only, counts exactly the rows in the file, and says why', () => {
    const dir = onSmallDisk();
    if (dir === null) return;
    const scenario = builtin('batchnorm-2d');
    const path = join(dir, 'series.csv');
    const w = new CsvWriter(path, csvShape(scenario));
    const rows = rowsOf(new Pair(scenario), 400);
    let thrown: unknown;
    try {
      for (const r of rows) w.write(r);
      w.flush();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FileError);
    expect((thrown as FileError).message).toBe(`cannot write --csv ${path}: no space left on the device`);
    expect(w.error).toBe(thrown);
    expect(() => w.close()).toThrow('no space left on the device');
    expect(() => w.close()).not.toThrow();
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    const columns = lines[0].split(',').length;
    expect(lines.every((l) => l.split(',').length === columns)).toBe(true);
    // As many rows as the writer says, fewer than it was given, not cut mid-row.
    expect(w.rows).toBe(lines.length - 1);
    expect(w.rows).toBeGreaterThan(0);
    expect(w.rows).toBeLessThan(rows.length);
  });

  it('as the live recorder: the failure is readable (error) and the row count is what the file holds', () => {
    const dir = onSmallDisk();
    if (dir === null) return;
    const scenario = builtin('paper-bias');
    const path = join(dir, 'live.csv');
    let clock = 0;
    const rec = new CsvRecorder(path, scenario, () => clock);
    const pair = new Pair(scenario);
    let failures = 0;
    for (let t = 0; t < 2000; t++) {
      clock += 1001;
      try {
        rec.write(pair.states());
      } catch {
        failures++;
        break;
      }
      pair.advance(1);
    }
    expect(failures).toBe(1);
    expect(rec.error?.reason).toBe('no space left on the device');
    expect(() => rec.close()).toThrow(FileError);
    expect(rec.rows).toBe(readFileSync(path, 'utf8').trimEnd().split('\n').length - 1);
  });

  it('a file that cannot take even the header (/dev/full) is refused when opened', () => {
    expect(() => new CsvWriter('/dev/full', csvShape(builtin('paper-bias')))).toThrow(
      'cannot write --csv /dev/full: no space left on the device',
    );
  });
});

describe('the asciicast writer on a disk that fills', () => {
  it('never throws from output() (it runs inside the terminal write), says so once, and stays playable', () => {
    const dir = onSmallDisk();
    if (dir === null) return;
    const path = join(dir, 'demo.cast');
    let clock = 0n;
    const cast = new AsciicastWriter(path, { width: 80, height: 24, title: 't' }, () => clock);
    const said: string[] = [];
    cast.onFail((e) => said.push(e.message));
    // A fake terminal whose writes are teed into the recording, as in the live view.
    const written: string[] = [];
    const stream = { write: (chunk: string) => (written.push(chunk), true) } as unknown as NodeJS.WriteStream;
    const untee = teeStream(stream, cast);
    const frame = '\u001b[H' + 'x'.repeat(3000);
    for (let i = 0; i < 100; i++) {
      clock += 10_000_000n;
      expect(() => stream.write(frame)).not.toThrow();
    }
    untee();
    // The terminal got every frame; the recording stopped at the first failure, said so once.
    expect(written).toHaveLength(100);
    expect(said).toEqual([`cannot write --record ${path}: no space left on the device`]);
    expect(cast.error?.code).toBe('ENOSPC');
    expect(() => cast.close()).toThrow('no space left on the device');
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(() => lines.map((l) => JSON.parse(l) as unknown)).not.toThrow();
    expect(lines.length).toBeGreaterThan(2);
  });

  it('--record /dev/full is refused when opened', () => {
    expect(() => new AsciicastWriter('/dev/full', { width: 80, height: 24 })).toThrow(
      'cannot write --record /dev/full: no space left on the device',
    );
  });
});

describe('the live view’s e on a disk that fills', () => {
  it('reports the failure, never a partial export, and leaves no partial file', () => {
    const dir = onSmallDisk();
    if (dir === null) return;
    fillLeaving(dir, 8 * 1024);
    const text = 'step,model\n' + '1,naive,0.123456789012345\n'.repeat(2000);
    expect(() => writeNewFile(dir, 'normdrift-x-1-2', '.csv', text)).toThrow(/^no space left on the device \(writing \.\/normdrift-x-1-2\.csv\)$/);
    expect(readdirSync(dir)).toEqual([]);
    // What fits is written whole.
    expect(readFileSync(writeNewFile(dir, 'small', '.csv', 'a,b\n1,2\n'), 'utf8')).toBe('a,b\n1,2\n');
  });
});

describe('through the CLI', () => {
  it('a file size limit (ulimit -f) mid-run: one line, exit 1 (a failure after the run started, not bad input), the CSV ends on a whole row', () => {
    const dir = tmp();
    const r = spawnSync('sh', ['-c', `ulimit -f 20; exec "${process.execPath}" "${CLI}" --json --steps 3000 --csv out.csv > /dev/null`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('normdrift: cannot write --csv out.csv: the file is larger than this system allows (a file size limit, ulimit -f)\n');
    const text = readFileSync(join(dir, 'out.csv'), 'utf8');
    expect(text.length).toBeLessThanOrEqual(20 * 512);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines.every((l) => l.split(',').length === lines[0].split(',').length)).toBe(true);
  });

  it('NDJSON redirected to a file that hits a size limit on its last write: exit 1, not a silent cut', () => {
    // 20 steps are about 9 KB, written in one chunk at the end; the limit (6 KiB) cuts that
    // chunk short. Node's stream for a file ignored the short count and exited 0.
    const dir = tmp();
    const r = spawnSync('sh', ['-c', `ulimit -f 12; exec "${process.execPath}" "${CLI}" --json --steps 20 > run.ndjson`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('normdrift: cannot write to standard output: the file is larger than this system allows (a file size limit, ulimit -f)\n');
    expect(r.status).toBe(1);
  });

  it('--csv /dev/full fails before the run, with one line, headless', () => {
    const r = spawnSync(process.execPath, [CLI, '--json', '--steps', '5', '--csv', '/dev/full'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('normdrift: cannot write --csv /dev/full: no space left on the device\n');
  });

  it('a full disk mid-run: one line, exit 1, and no more rows claimed than written', () => {
    const dir = onSmallDisk();
    if (dir === null) return;
    const r = spawnSync(process.execPath, [CLI, '--json', '--steps', '5000', '--csv', join(dir, 'run.csv')], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`normdrift: cannot write --csv ${join(dir, 'run.csv')}: no space left on the device\n`);
    expect(existsSync(join(dir, 'run.csv'))).toBe(true);
    expect(readFileSync(join(dir, 'run.csv'), 'utf8').endsWith('\n')).toBe(true);
  });
});

describe('OutputFile on a pipe', () => {
  it('is written, not truncated, and an fd that is gone is a failure, not an exception', () => {
    const file = new OutputFile('--csv', 'nowhere', 987654);
    expect(file.write('x\n')).toBe(false);
    expect(file.error?.message).toMatch(/^cannot write --csv nowhere: /);
  });
});
